// The organisation chart and accounts, managed by an admin.
#include "office_fixture.h"

namespace saraban::testing {
namespace {

using OrgTest = OfficeTest;
using nlohmann::json;

TEST_F(OrgTest, UnitsFormATreeOfAnyDepth) {
  uint64_t parent = unit_a1_;
  for (int depth = 0; depth < 4; ++depth) {
    parent = MakeUnit(parent, "D" + std::to_string(depth), "ກຸ່ມ " + std::to_string(depth),
                      "กลุ่ม " + std::to_string(depth));
    ASSERT_NE(parent, 0u);
  }
  json units = admin_->Get("/api/v1/units").json()["units"];
  EXPECT_EQ(units.size(), 8u);
  json deepest = admin_->Get("/api/v1/units/" + std::to_string(parent)).json();
  EXPECT_EQ(deepest["code"], "D3");
  EXPECT_EQ(deepest["name_lo"], "ກຸ່ມ 3");
}

TEST_F(OrgTest, UnitCodesAreUniqueAndCyclesAreRefused) {
  HttpResult dup = admin_->Post("/api/v1/units", {{"parent_id", 1}, {"code", "A"}, {"name_en", "x"}});
  EXPECT_EQ(dup.status, 409);
  // Moving A under its own child A1 would make a cycle.
  HttpResult cycle = admin_->Patch("/api/v1/units/" + std::to_string(unit_a_),
                                   {{"parent_id", unit_a1_}});
  EXPECT_EQ(cycle.status, 409);
  HttpResult orphan = admin_->Post("/api/v1/units", {{"parent_id", 999}, {"code", "Z"},
                                                     {"name_en", "z"}});
  EXPECT_EQ(orphan.status, 422);
  HttpResult rename = admin_->Patch("/api/v1/units/" + std::to_string(unit_b_),
                                    {{"name_th", "ฝ่ายการเงิน"}});
  ASSERT_EQ(rename.status, 200);
  EXPECT_EQ(rename.json()["name_th"], "ฝ่ายการเงิน");
  EXPECT_EQ(rename.json()["code"], "B");
}

TEST_F(OrgTest, UsersHaveRolesUnitsAndClearance) {
  HttpResult created = admin_->Post("/api/v1/users", {{"username", "Somchai"},
                                                      {"display_name", "สมชาย ใจดี"},
                                                      {"roles", {"executive", "staff"}},
                                                      {"unit_ids", {unit_a_, unit_b_}},
                                                      {"clearance", "confidential"}});
  ASSERT_EQ(created.status, 201) << created.body;
  json u = created.json();
  EXPECT_EQ(u["username"], "somchai");  // usernames are case-insensitive
  EXPECT_EQ(u["password"].get<std::string>().size(), 16u);  // generated, shown once
  EXPECT_EQ(u["roles"], json({"executive", "staff"}));
  EXPECT_EQ(Client("SOMCHAI", u["password"])->Get("/api/v1/session").status, 200);
  EXPECT_EQ(admin_->Post("/api/v1/users", {{"username", "somchai"}, {"roles", {"staff"}},
                                           {"unit_ids", {unit_a_}}})
                .status,
            409);
  EXPECT_EQ(admin_->Post("/api/v1/users", {{"username", "x"}, {"roles", {"king"}},
                                           {"unit_ids", {unit_a_}}})
                .status,
            422);
  EXPECT_EQ(admin_->Post("/api/v1/users", {{"username", "y"}, {"roles", {"staff"}},
                                           {"unit_ids", json::array()}})
                .status,
            422);
  EXPECT_EQ(admin_->Get("/api/v1/users/" + std::to_string(u["id"].get<int>())).json()["clearance"],
            "confidential");
}

TEST_F(OrgTest, DisablingAUserEndsTheirSessions) {
  auto staff = Client("staff_a");
  uint64_t id = 0;
  const json users = admin_->Get("/api/v1/users").json();
  for (const auto& u : users["users"]) {
    if (u["username"] == "staff_a") id = u["id"];
  }
  ASSERT_EQ(admin_->Patch("/api/v1/users/" + std::to_string(id), {{"active", false}}).status, 200);
  EXPECT_EQ(staff->Get("/api/v1/session").status, 401);
  HttpClient again(daemon_->base_url());
  EXPECT_EQ(again.Login("staff_a", kPassword).status, 401);
  // An admin cannot lock themselves out.
  EXPECT_EQ(admin_->Patch("/api/v1/users/1", {{"active", false}}).status, 409);
}

}  // namespace
}  // namespace saraban::testing
