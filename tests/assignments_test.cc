// Instructions through the real daemon: forward with a routing slip, the
// assignee acknowledges, comments, reports and finishes; due dates are
// extended with a reason; overdue items are flagged; assignees see the
// letter, and nobody else gains sight of it.
#include "office_fixture.h"

namespace saraban::testing {
namespace {

using nlohmann::json;

class AssignmentsTest : public OfficeTest {
 protected:
  uint64_t UserId(const std::string& name) {
    const json users = admin_->Get("/api/v1/users").json();
    for (const auto& u : users["users"]) {
      if (u["username"] == name) return u["id"];
    }
    return 0;
  }
};

TEST_F(AssignmentsTest, InstructAcknowledgeReportAndFinish) {
  auto boss = Client("boss_a");
  auto reg = Client("reg_a");
  const uint64_t staff_id = MakeUser("staff_a1", {"staff"}, unit_a1_, "normal");
  const int letter = Register(*reg, unit_a_, "ขอให้จัดทำรายงานผลการดำเนินงาน")["id"];
  const std::string path = "/api/v1/letters/" + std::to_string(letter);
  auto staff = Client("staff_a1");
  EXPECT_EQ(staff->Get(path).status, 404);  // A1 staff do not see A's letters
  HttpResult fwd = boss->Post(path + "/forward", {{"user_ids", {staff_id}},
                                                  {"purpose", "action"},
                                                  {"instruction", "ຈັດທຳບົດລາຍງານ ແລະ ສົ່ງຄືນ"},
                                                  {"due_days", 7}});
  ASSERT_EQ(fwd.status, 200) << fwd.body;
  const json a = fwd.json()["assignments"][0];
  EXPECT_EQ(a["status"], "open");
  EXPECT_FALSE(a["due_date"].is_null());
  EXPECT_EQ(a["overdue"], false);
  const std::string apath = "/api/v1/assignments/" + std::to_string(a["id"].get<int>());
  // The assignee now sees the letter and the instruction.
  EXPECT_EQ(staff->Get(path).status, 200);
  const json mine = staff->Get("/api/v1/assignments").json();
  ASSERT_EQ(mine["total"], 1);
  EXPECT_EQ(mine["assignments"][0]["instruction"], "ຈັດທຳບົດລາຍງານ ແລະ ສົ່ງຄືນ");
  EXPECT_EQ(reg->Post(apath + "/acknowledge", json::object()).status, 403);  // not reg's
  EXPECT_EQ(staff->Post(apath + "/acknowledge", json::object()).status, 200);
  EXPECT_EQ(staff->Post(apath + "/acknowledge", json::object()).status, 409);
  EXPECT_EQ(staff->Post(apath + "/comment", {{"text", "ຕ້ອງການຂໍ້ມູນເພີ່ມ"}}).status, 200);
  EXPECT_EQ(staff->Post(apath + "/report", {{"text", "ສົ່ງບົດລາຍງານແລ້ວ"}}).status, 200);
  HttpResult done = staff->Post(apath + "/done", json::object());
  ASSERT_EQ(done.status, 200);
  EXPECT_EQ(done.json()["status"], "done");
  EXPECT_EQ(done.json()["notes"].size(), 4u);
  EXPECT_EQ(staff->Post(apath + "/report", {{"text", "x"}}).status, 409);
  std::vector<std::string> actions;
  const json timeline = reg->Get(path).json()["timeline"];
  for (const auto& e : timeline) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"registered", "forwarded", "assignment_acknowledged",
                                               "assignment_comment", "assignment_report",
                                               "assignment_done"}));
}

TEST_F(AssignmentsTest, OverdueItemsAreFlaggedAndExtensionsNeedAReason) {
  auto reg = Client("reg_a");
  const int letter = Register(*reg, unit_a_, "ຕອບກ່ອນວັນທີ")["id"];
  HttpResult fwd = reg->Post("/api/v1/letters/" + std::to_string(letter) + "/forward",
                             {{"unit_ids", {unit_a1_}},
                              {"purpose", "information"},
                              {"instruction", "ເພື່ອຊາບ"},
                              {"due_date", "2020-01-31"}});
  ASSERT_EQ(fwd.status, 200) << fwd.body;
  const std::string apath =
      "/api/v1/assignments/" + std::to_string(fwd.json()["assignments"][0]["id"].get<int>());
  MakeUser("staff_a1", {"staff"}, unit_a1_, "normal");
  auto staff = Client("staff_a1");
  const json mine = staff->Get("/api/v1/assignments").json();
  EXPECT_EQ(mine["overdue"], 1);
  EXPECT_EQ(mine["assignments"][0]["overdue"], true);
  EXPECT_EQ(reg->Post(apath + "/extend", {{"due_date", "2099-12-31"}}).status, 422);  // no reason
  EXPECT_EQ(staff->Post(apath + "/extend", {{"due_date", "2099-12-31"}, {"text", "x"}}).status, 403);
  HttpResult extended =
      reg->Post(apath + "/extend", {{"due_date", "2099-12-31"}, {"text", "ລໍຖ້າຂໍ້ມູນຈາກແຂວງ"}});
  ASSERT_EQ(extended.status, 200) << extended.body;
  EXPECT_EQ(extended.json()["due_date"], "2099-12-31");
  EXPECT_EQ(extended.json()["overdue"], false);
  EXPECT_EQ(staff->Get("/api/v1/assignments").json()["overdue"], 0);
}

TEST_F(AssignmentsTest, ForwardingIsCheckedAndKeepsSecrecy) {
  auto reg_b = Client("reg_b");
  auto reg = Client("reg_a");
  const int letter = Register(*reg, unit_a_, "ภายใน")["id"];
  const std::string path = "/api/v1/letters/" + std::to_string(letter) + "/forward";
  // Another unit cannot forward what it cannot see; staff may not give instructions.
  EXPECT_EQ(reg_b->Post(path, {{"unit_ids", {unit_b_}}, {"instruction", "x"}}).status, 404);
  auto staff = Client("staff_a");
  EXPECT_EQ(staff->Post(path, {{"unit_ids", {unit_a1_}}, {"instruction", "x"}}).status, 403);
  EXPECT_EQ(reg->Post(path, {{"instruction", "x"}}).status, 422);  // nobody to forward to
  EXPECT_EQ(reg->Post(path, {{"unit_ids", {unit_a1_}}, {"instruction", "x"}, {"purpose", "fun"}})
                .status,
            422);
  // A secret letter is not forwarded to someone cleared for normal only.
  auto central = Client("central");
  const int secret = Register(*central, unit_a_, "ລັບ", {{"secrecy", "secret"}})["id"];
  EXPECT_EQ(central->Post("/api/v1/letters/" + std::to_string(secret) + "/forward",
                          {{"user_ids", {UserId("staff_a")}}, {"instruction", "x"}})
                .status,
            409);
  EXPECT_EQ(staff->Get("/api/v1/assignments").json()["total"], 0);
}

}  // namespace
}  // namespace saraban::testing
