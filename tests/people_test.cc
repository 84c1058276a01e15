// The people directory (GET /api/v1/people): every logged-in user may list
// the active accounts to pick a signer or an assignee, with names, roles and
// units only, never clearance, email or lockout details.
#include <algorithm>
#include <set>

#include "office_fixture.h"

namespace saraban::testing {
namespace {

using nlohmann::json;

class PeopleTest : public OfficeTest {
 protected:
  // The usernames of a directory answer, sorted.
  static std::set<std::string> Names(const json& answer) {
    std::set<std::string> out;
    for (const auto& p : answer["people"]) out.insert(p["username"].get<std::string>());
    return out;
  }
};

TEST_F(PeopleTest, StaffSeeActiveColleaguesWithNamesRolesAndUnitsOnly) {
  const uint64_t khamla = MakeUser("khamla", {"executive", "central_registrar"}, unit_b_, "secret");
  ASSERT_EQ(
      admin_
          ->Patch("/api/v1/users/" + std::to_string(khamla), {{"display_name", "ທ່ານ ຄຳຫຼ້າ ສີສຸວັນ"},
                                                              {"email", "khamla@office.gov.la"},
                                                              {"language", "lo"}})
          .status,
      200);
  auto staff = Client("staff_a");
  HttpResult r = staff->Get("/api/v1/people");
  ASSERT_EQ(r.status, 200) << r.body;
  const json answer = r.json();
  EXPECT_EQ(Names(answer), (std::set<std::string>{"admin", "reg_a", "reg_b", "staff_a", "central",
                                                  "boss_a", "khamla"}));
  EXPECT_EQ(answer["total"], answer["people"].size());
  json person;
  for (const auto& p : answer["people"]) {
    if (p["username"] == "khamla") person = p;
  }
  EXPECT_EQ(person["id"], khamla);
  EXPECT_EQ(person["display_name"], "ທ່ານ ຄຳຫຼ້າ ສີສຸວັນ");
  EXPECT_EQ(person["roles"], json({"central_registrar", "executive"}));
  EXPECT_EQ(person["unit_ids"], json({unit_b_}));
  // Exactly these fields: nothing a colleague does not need.
  std::set<std::string> keys;
  for (const auto& [k, v] : person.items()) keys.insert(k);
  EXPECT_EQ(keys, (std::set<std::string>{"id", "username", "display_name", "roles", "unit_ids"}));
  EXPECT_EQ(r.body.find("khamla@office.gov.la"), std::string::npos);
  EXPECT_EQ(r.body.find("clearance"), std::string::npos);
  EXPECT_EQ(r.body.find("top_secret"), std::string::npos);
}

TEST_F(PeopleTest, FiltersByRoleAndUnit) {
  auto reg = Client("reg_b");
  EXPECT_EQ(Names(reg->Get("/api/v1/people?role=executive").json()),
            std::set<std::string>{"boss_a"});
  EXPECT_EQ(Names(reg->Get("/api/v1/people?unit_id=" + std::to_string(unit_a_)).json()),
            (std::set<std::string>{"reg_a", "staff_a", "boss_a"}));
  EXPECT_EQ(
      Names(
          reg->Get("/api/v1/people?role=unit_registrar&unit_id=" + std::to_string(unit_a_)).json()),
      std::set<std::string>{"reg_a"});
  // A unit with nobody in it (A1) is an empty list, not an error.
  HttpResult empty = reg->Get("/api/v1/people?unit_id=" + std::to_string(unit_a1_));
  ASSERT_EQ(empty.status, 200);
  EXPECT_EQ(empty.json()["total"], 0);
  EXPECT_TRUE(empty.json()["people"].empty());
}

TEST_F(PeopleTest, BadFiltersAreRejectedAndDisabledAccountsAreLeftOut) {
  auto staff = Client("staff_a");
  for (const char* q : {"role=boss", "role=", "unit_id=0", "unit_id=abc", "unit_id=-3"}) {
    HttpResult r = staff->Get(std::string("/api/v1/people?") + q);
    if (std::string(q) == "role=") {
      EXPECT_EQ(r.status, 200) << q;  // an empty filter is no filter
      continue;
    }
    EXPECT_EQ(r.status, 422) << q << ": " << r.body;
    EXPECT_EQ(r.error_code(), "invalid_argument") << q;
  }
  ASSERT_EQ(admin_->Patch("/api/v1/users/" + std::to_string(UserId("boss_a")), {{"active", false}})
                .status,
            200);
  const json execs = staff->Get("/api/v1/people?role=executive").json();
  EXPECT_EQ(execs["total"], 0) << execs.dump();
  EXPECT_EQ(Names(staff->Get("/api/v1/people").json()).count("boss_a"), 0u);

  HttpClient anonymous(daemon_->base_url());
  EXPECT_EQ(anonymous.Get("/api/v1/people").status, 401);
}

}  // namespace
}  // namespace saraban::testing
