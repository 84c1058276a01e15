// Who sees what: unit scope and secrecy clearance, on reads, lists, guesses
// and register reports. A letter one may not see is "not found", never
// "forbidden", so ids cannot be probed.
#include "office_fixture.h"

namespace saraban::testing {
namespace {

using AccessTest = OfficeTest;
using nlohmann::json;

std::set<int> ListedIds(HttpClient& c) {
  std::set<int> ids;
  const json page = c.Get("/api/v1/letters?limit=200").json();
  for (const auto& l : page["letters"]) ids.insert(l["id"].get<int>());
  return ids;
}

TEST_F(AccessTest, AUnitCannotReadListOrGuessAnotherUnitsLetters) {
  auto reg_a = Client("reg_a");
  auto reg_b = Client("reg_b");
  json of_a = Register(*reg_a, unit_a_, "ຂອງພະແນກ ກ");
  json of_b = Register(*reg_b, unit_b_, "ของฝ่าย ข");
  const std::string path_b = "/api/v1/letters/" + std::to_string(of_b["id"].get<int>());

  EXPECT_EQ(ListedIds(*reg_a), std::set<int>{of_a["id"].get<int>()});
  HttpResult read = reg_a->Get(path_b);
  EXPECT_EQ(read.status, 404);
  // Guessing: a letter that exists and one that does not answer alike.
  HttpResult missing = reg_a->Get("/api/v1/letters/999999");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(read.error_code(), missing.error_code());
  EXPECT_EQ(reg_a->Patch(path_b, {{"subject", "hijack"}}).status, 404);
  EXPECT_EQ(reg_a->Post(path_b + "/cancel", {{"reason", "x"}}).status, 404);
  EXPECT_EQ(reg_a->Get("/api/v1/letters?unit_id=" + std::to_string(unit_b_)).json()["total"], 0);
  // Registering into another unit is refused too, and nothing is numbered.
  EXPECT_EQ(reg_a->Post("/api/v1/letters", {{"unit_id", unit_b_}, {"book", "receive"},
                                            {"subject", "x"}}).status,
            404);
  EXPECT_EQ(reg_a->Get("/api/v1/registers?unit_id=" + std::to_string(unit_b_) +
                       "&book=receive&year=" + std::to_string(of_b["register_year"].get<int>()))
                .status,
            404);
  EXPECT_EQ(Register(*reg_b, unit_b_, "ถัดไป")["register_no"], 2);
  EXPECT_EQ(reg_b->Get(path_b).json()["subject"], "ของฝ่าย ข");
}

TEST_F(AccessTest, SecretLetterIsInvisibleToAUserClearedOnlyForNormal) {
  auto central = Client("central");  // cleared for secret
  json secret = Register(*central, unit_a_, "ລັບ: ແຜນງົບປະມານ", {{"secrecy", "secret"}});
  json normal = Register(*central, unit_a_, "ທົ່ວໄປ");
  auto reg_a = Client("reg_a");  // unit A, cleared for normal only
  EXPECT_EQ(reg_a->Get("/api/v1/letters/" + std::to_string(secret["id"].get<int>())).status, 404);
  EXPECT_EQ(ListedIds(*reg_a), std::set<int>{normal["id"].get<int>()});
  EXPECT_EQ(reg_a->Get("/api/v1/letters?secrecy=secret").json()["total"], 0);
  // The register still shows the number was used, but not what for.
  json entries = reg_a->Get("/api/v1/registers?unit_id=" + std::to_string(unit_a_) +
                            "&book=receive&year=" +
                            std::to_string(secret["register_year"].get<int>()))
                     .json()["entries"];
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0]["restricted"], true);
  EXPECT_FALSE(entries[0].contains("subject"));
  EXPECT_EQ(entries[1]["subject"], "ທົ່ວໄປ");
  // One cannot classify above one's own clearance.
  HttpResult above = central->Post("/api/v1/letters", {{"unit_id", unit_a_}, {"book", "receive"},
                                                       {"subject", "x"}, {"secrecy", "top_secret"}});
  EXPECT_EQ(above.status, 403);
}

TEST_F(AccessTest, ARegisterShowsASubUnitsLetterOnlyToThoseWhoMaySeeIt) {
  // A1 keeps no books: its letters take numbers in A's book. A's registrar
  // keeps that book (sees the number) but A1's letters are not in his scope.
  auto central = Client("central");
  json in_a1 = Register(*central, unit_a1_, "ຂອງຂະແໜງ ກ1 ເທົ່ານັ້ນ");
  ASSERT_EQ(in_a1["register_unit_id"], unit_a_);
  const std::string page = "/api/v1/registers?unit_id=" + std::to_string(unit_a_) +
                           "&book=receive&year=" + std::to_string(in_a1["register_year"].get<int>());
  auto reg_a = Client("reg_a");
  json lines = reg_a->Get(page).json()["entries"];
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["number"], in_a1["register_no"]);
  EXPECT_EQ(lines[0]["restricted"], true);
  EXPECT_FALSE(lines[0].contains("subject"));
  // A's executive sees A's subtree, so the line is whole for him.
  lines = Client("boss_a")->Get(page).json()["entries"];
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["subject"], "ຂອງຂະແໜງ ກ1 ເທົ່ານັ້ນ");
}

TEST_F(AccessTest, ExecutivesSeeTheirSubtreeAndCentralSeesAll) {
  auto central = Client("central");
  json in_a1 = Register(*central, unit_a1_, "ໃນ A1");
  json in_b = Register(*central, unit_b_, "ໃນ B");
  auto boss = Client("boss_a");
  EXPECT_EQ(boss->Get("/api/v1/letters/" + std::to_string(in_a1["id"].get<int>())).status, 200);
  EXPECT_EQ(boss->Get("/api/v1/letters/" + std::to_string(in_b["id"].get<int>())).status, 404);
  EXPECT_EQ(ListedIds(*central),
            (std::set<int>{in_a1["id"].get<int>(), in_b["id"].get<int>()}));
  auto reg_a = Client("reg_a");  // a unit registrar sees only their own unit, not A1
  EXPECT_EQ(ListedIds(*reg_a), std::set<int>{});
}

TEST_F(AccessTest, OnlyAdminsManageAccountsAndUnits) {
  auto reg = Client("reg_a");
  EXPECT_EQ(reg->Get("/api/v1/users").status, 403);
  EXPECT_EQ(reg->Post("/api/v1/units", {{"parent_id", 1}, {"code", "X"}, {"name_en", "x"}}).status,
            403);
  EXPECT_EQ(reg->Patch("/api/v1/settings", {{"era", "BE"}}).status, 403);
  EXPECT_EQ(reg->Get("/api/v1/audit").status, 403);
  EXPECT_EQ(reg->Get("/api/v1/units").status, 200);  // everyone needs the chart
}

}  // namespace
}  // namespace saraban::testing
