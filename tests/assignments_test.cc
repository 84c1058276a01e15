// Instructions through the real daemon: forward with a routing slip, the
// assignee acknowledges, comments, reports and finishes; due dates are
// extended with a reason; overdue items are flagged; assignees see the
// letter, and nobody else gains sight of it.
#include <chrono>
#include <ctime>
#include <set>
#include <thread>

#include "office_fixture.h"

namespace saraban::testing {
namespace {

using nlohmann::json;

using AssignmentsTest = OfficeTest;

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
  EXPECT_EQ(mine["assignments"][0]["letter_subject"], "ขอให้จัดทำรายงานผลการดำเนินงาน");
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
  EXPECT_EQ(staff->Post(apath + "/extend", {{"due_date", "2099-12-31"}, {"text", "x"}}).status,
            403);
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
  EXPECT_EQ(
      reg->Post(path, {{"unit_ids", {unit_a1_}}, {"instruction", "x"}, {"purpose", "fun"}}).status,
      422);
  // A secret letter is not forwarded to someone cleared for normal only.
  auto central = Client("central");
  const int secret = Register(*central, unit_a_, "ລັບ", {{"secrecy", "secret"}})["id"];
  EXPECT_EQ(central
                ->Post("/api/v1/letters/" + std::to_string(secret) + "/forward",
                       {{"user_ids", {UserId("staff_a")}}, {"instruction", "x"}})
                .status,
            409);
  EXPECT_EQ(staff->Get("/api/v1/assignments").json()["total"], 0);
}

TEST_F(AssignmentsTest, TheWorkListIsPagedAndCountsTheWholeOfIt) {
  auto reg = Client("reg_a");
  const uint64_t staff_id = MakeUser("staff_a1", {"staff"}, unit_a1_, "normal");
  auto staff = Client("staff_a1");
  // Five instructions to the person and two to their unit; the first is overdue.
  std::vector<int> assignment_ids;
  for (int i = 0; i < 7; ++i) {
    const int letter = Register(*reg, unit_a_, "ຄຳສັ່ງທີ " + std::to_string(i))["id"];
    json body = {{"instruction", "ດຳເນີນການ " + std::to_string(i)}};
    if (i < 5) body["user_ids"] = {staff_id};
    else body["unit_ids"] = {unit_a1_};
    if (i == 0) body["due_date"] = "2020-01-31";
    HttpResult fwd = reg->Post("/api/v1/letters/" + std::to_string(letter) + "/forward", body);
    ASSERT_EQ(fwd.status, 200) << fwd.body;
    assignment_ids.push_back(fwd.json()["assignments"][0]["id"]);
  }
  const std::string first = "/api/v1/assignments/" + std::to_string(assignment_ids[0]);
  for (const char* text : {"ຄຳເຫັນທີໜຶ່ງ", "ความเห็นที่สอง", "third"}) {
    ASSERT_EQ(staff->Post(first + "/comment", {{"text", text}}).status, 200);
  }
  ASSERT_EQ(staff->Post("/api/v1/assignments/" + std::to_string(assignment_ids[6]) + "/done",
                        json::object())
                .status,
            200);

  // Pages of three, newest first, with counts over the whole list.
  std::vector<int> seen;
  for (int offset : {0, 3, 6}) {
    const json page =
        staff->Get("/api/v1/assignments?limit=3&offset=" + std::to_string(offset)).json();
    EXPECT_EQ(page["total"], 7);
    EXPECT_EQ(page["overdue"], 1);
    EXPECT_EQ(page["offset"], offset);
    EXPECT_EQ(page["limit"], 3);
    EXPECT_EQ(page["assignments"].size(), offset == 6 ? 1u : 3u);
    for (const auto& a : page["assignments"]) {
      seen.push_back(a["id"]);
      EXPECT_FALSE(a.contains("notes"));  // the letter page shows them
    }
  }
  EXPECT_EQ(seen, std::vector<int>(assignment_ids.rbegin(), assignment_ids.rend()));
  const json oldest = staff->Get("/api/v1/assignments?offset=6").json()["assignments"][0];
  EXPECT_EQ(oldest["notes_count"], 3);
  EXPECT_EQ(oldest["letter_subject"], "ຄຳສັ່ງທີ 0");
  EXPECT_EQ(oldest["overdue"], true);

  // Open only: the done one is not counted in total, and the dashboard agrees.
  const json open = staff->Get("/api/v1/assignments?open=true&limit=200").json();
  EXPECT_EQ(open["total"], 6);
  EXPECT_EQ(open["assignments"].size(), 6u);
  const json dash = staff->Get("/api/v1/dashboard").json();
  EXPECT_EQ(dash["assigned_to_me"], 6);
  EXPECT_EQ(dash["overdue"], 1);

  for (const char* bad : {"limit=0", "limit=201", "offset=-1", "limit=%E0%BA%AA%E0%BA%B2%E0%BA%A1"}) {
    HttpResult r = staff->Get(std::string("/api/v1/assignments?") + bad);
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_TRUE(r.json().contains("error")) << r.body;
  }
}


// Office-local (UTC+7, the fixture's default) date `days` from today.
std::string OfficeDate(int days) {
  const std::time_t t = std::time(nullptr) + 7 * 3600 + days * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// kind -> letter ids of a user's notifications of that kind.
std::multiset<std::pair<std::string, int>> Reminders(HttpClient& c) {
  std::multiset<std::pair<std::string, int>> out;
  const json list = c.Get("/api/v1/notifications").json();
  for (const auto& n : list["notifications"]) {
    if (n["kind"] == "due_soon" || n["kind"] == "overdue")
      out.emplace(n["kind"].get<std::string>(), n["letter_id"].get<int>());
  }
  return out;
}

TEST_F(AssignmentsTest, RemindersGoOutOncePerDueDateWhenDueSoonAndWhenOverdue) {
  const uint64_t staff_id = UserId("staff_a");
  daemon_->Stop();
  daemon_->set_serve_args({"--reminder-seconds", "1"});
  daemon_->Start();
  auto boss = Client("boss_a");
  auto staff = Client("staff_a");
  auto reg = Client("reg_a");
  const int soon = Register(*reg, unit_a_, "ขอรายงานภายในวันนี้")["id"];
  const int late = Register(*reg, unit_a_, "ຂໍລາຍງານທີ່ກາຍກຳນົດ")["id"];
  const int later = Register(*reg, unit_a_, "ขอรายงานสิ้นเดือนหน้า")["id"];
  auto forward = [&](int letter, const json& due) {
    json body = {{"user_ids", {staff_id}}, {"purpose", "action"}, {"instruction", "ດຳເນີນການ"}};
    body.update(due);
    HttpResult r = boss->Post("/api/v1/letters/" + std::to_string(letter) + "/forward", body);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["assignments"][0]["id"].get<int>();
  };
  forward(soon, {{"due_days", 0}});
  const int late_assignment = forward(late, {{"due_date", OfficeDate(-1)}});
  forward(later, {{"due_days", 30}});

  const std::multiset<std::pair<std::string, int>> expected = {{"due_soon", soon},
                                                               {"overdue", late}};
  std::multiset<std::pair<std::string, int>> got;
  for (int i = 0; i < 100 && got != expected; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    got = Reminders(*staff);
  }
  EXPECT_EQ(got, expected);
  // Whoever gave the instruction hears of the overdue one too.
  EXPECT_EQ(Reminders(*boss), (std::multiset<std::pair<std::string, int>>{{"overdue", late}}));
  // Several more scans send nothing again.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(Reminders(*staff), expected);
  // An extension arms the reminders for the new date: tomorrow is "due soon".
  HttpResult extended =
      boss->Post("/api/v1/assignments/" + std::to_string(late_assignment) + "/extend",
                 {{"due_date", OfficeDate(1)}, {"text", "ລໍຖ້າຂໍ້ມູນຈາກເມືອງ"}});
  ASSERT_EQ(extended.status, 200) << extended.body;
  std::multiset<std::pair<std::string, int>> after = expected;
  after.emplace("due_soon", late);
  for (int i = 0; i < 100 && got != after; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    got = Reminders(*staff);
  }
  EXPECT_EQ(got, after);
}

}  // namespace
}  // namespace saraban::testing
