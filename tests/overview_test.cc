// Notifications (with secrecy), the watch list and the dashboard counts.
#include "office_fixture.h"
#include "websocket_client.h"

namespace saraban::testing {
namespace {

using nlohmann::json;

using OverviewTest = OfficeTest;

std::vector<std::string> Kinds(HttpClient& c) {
  const json list = c.Get("/api/v1/notifications").json();
  std::vector<std::string> kinds;
  for (const auto& n : list["notifications"]) kinds.push_back(n["kind"]);
  return kinds;
}

TEST_F(OverviewTest, StepsNotifyTheRightPeopleWithinTheirClearance) {
  auto reg_a = Client("reg_a");
  auto reg_b = Client("reg_b");
  auto central = Client("central");
  const int id = Register(*reg_a, unit_a_, "ແຈ້ງການ", {{"direction", "outgoing"},
                                                      {"book", "send_normal"}})["id"];
  const int secret = Register(*central, unit_a_, "ລັບສຸດ", {{"direction", "outgoing"},
                                                          {"book", "send_normal"},
                                                          {"secrecy", "secret"}})["id"];
  ASSERT_EQ(reg_a->Post("/api/v1/letters/" + std::to_string(id) + "/send",
                        {{"unit_ids", {unit_b_}}})
                .status,
            200);
  ASSERT_EQ(central->Post("/api/v1/letters/" + std::to_string(secret) + "/send",
                          {{"unit_ids", {unit_b_}}})
                .status,
            200);
  // reg_b (cleared for normal) hears of the normal letter only.
  const json list = reg_b->Get("/api/v1/notifications").json();
  ASSERT_EQ(list["unread"], 1) << list.dump();
  EXPECT_EQ(list["notifications"][0]["kind"], "new_incoming");
  EXPECT_EQ(list["notifications"][0]["letter_id"], id);
  EXPECT_EQ(list["notifications"][0]["text"], "ແຈ້ງການ");
  EXPECT_EQ(Kinds(*reg_a), std::vector<std::string>{});  // the sender is not told of its own step
  // Returning tells the sending unit why; reading them clears the badge.
  ASSERT_EQ(reg_b->Post("/api/v1/letters/" + std::to_string(id) + "/return", {{"note", "ຜິດ"}})
                .status,
            204);
  EXPECT_EQ(Kinds(*reg_a), std::vector<std::string>{"returned"});
  EXPECT_EQ(reg_a->Post("/api/v1/notifications/read", json::object()).status, 204);
  EXPECT_EQ(reg_a->Get("/api/v1/notifications").json()["unread"], 0);
  // Forwarding tells the assignee.
  auto staff = Client("staff_a");
  const json users = admin_->Get("/api/v1/users").json();
  uint64_t staff_id = 0;
  for (const auto& u : users["users"]) {
    if (u["username"] == "staff_a") staff_id = u["id"];
  }
  const int inside = Register(*reg_a, unit_a_, "ມອບໝາຍ")["id"];
  ASSERT_EQ(reg_a->Post("/api/v1/letters/" + std::to_string(inside) + "/forward",
                        {{"user_ids", {staff_id}}, {"instruction", "ດຳເນີນການ"}})
                .status,
            200);
  // staff_a is in A too, so it also heard that the letter came back.
  EXPECT_EQ(Kinds(*staff), (std::vector<std::string>{"assigned", "returned"}));
}

TEST_F(OverviewTest, DashboardCountsFollowTheWork) {
  auto reg_a = Client("reg_a");
  auto reg_b = Client("reg_b");
  const int id = Register(*reg_a, unit_a_, "ສົ່ງໃຫ້ ຂ", {{"direction", "outgoing"},
                                                       {"book", "send_normal"}})["id"];
  ASSERT_EQ(reg_a->Post("/api/v1/letters/" + std::to_string(id) + "/send",
                        {{"unit_ids", {unit_b_}}})
                .status,
            200);
  json d = reg_b->Get("/api/v1/dashboard").json();
  EXPECT_EQ(d["new_incoming"], 1);
  EXPECT_EQ(d["waiting_to_accept"], 1);
  EXPECT_EQ(d["unread_notifications"], 1);
  ASSERT_EQ(reg_b->Get("/api/v1/letters/" + std::to_string(id)).status, 200);  // opened
  d = reg_b->Get("/api/v1/dashboard").json();
  EXPECT_EQ(d["new_incoming"], 0);
  EXPECT_EQ(d["waiting_to_accept"], 1);
  const json copy = reg_b->Post("/api/v1/letters/" + std::to_string(id) + "/accept",
                                json::object())
                        .json();
  EXPECT_EQ(reg_b->Get("/api/v1/dashboard").json()["waiting_to_accept"], 0);
  // An overdue instruction to B's registrar shows on B's dashboard.
  const json users = admin_->Get("/api/v1/users").json();
  uint64_t reg_b_id = 0;
  for (const auto& u : users["users"]) {
    if (u["username"] == "reg_b") reg_b_id = u["id"];
  }
  ASSERT_EQ(reg_b->Post("/api/v1/letters/" + std::to_string(copy["id"].get<int>()) + "/forward",
                        {{"user_ids", {reg_b_id}}, {"instruction", "ຕອບ"}, {"due_date", "2020-01-01"}})
                .status,
            200);
  d = reg_b->Get("/api/v1/dashboard").json();
  EXPECT_EQ(d["assigned_to_me"], 1);
  EXPECT_EQ(d["overdue"], 1);
}

TEST_F(OverviewTest, TheWatchListFollowsVisibleLetters) {
  auto reg_a = Client("reg_a");
  auto reg_b = Client("reg_b");
  const int id = Register(*reg_a, unit_a_, "ຕິດຕາມ")["id"];
  const std::string path = "/api/v1/letters/" + std::to_string(id) + "/watch";
  EXPECT_EQ(reg_b->Post(path, json::object()).status, 404);  // not B's to follow
  EXPECT_EQ(reg_a->Post(path, json::object()).status, 204);
  json list = reg_a->Get("/api/v1/watchlist").json();
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["letters"][0]["subject"], "ຕິດຕາມ");
  EXPECT_EQ(reg_a->Get("/api/v1/dashboard").json()["watched"], 1);
  EXPECT_EQ(reg_a->Delete(path).status, 204);
  EXPECT_EQ(reg_a->Get("/api/v1/watchlist").json()["total"], 0);
  EXPECT_EQ(reg_b->Get("/api/v1/watchlist").json()["total"], 0);
}

// The session cookie of a logged-in client, as a request header.
std::string CookieHeader(const HttpResult& login) {
  const std::string& c = login.set_cookies.at(0);
  return "Cookie: " + c.substr(0, c.find(';'));
}

TEST_F(OverviewTest, NotificationsArePushedLiveOverAnAuthenticatedWebsocket) {
  const std::string origin = "Origin: " + daemon_->base_url();
  WebSocketClient anonymous(daemon_->base_url(), "/api/v1/ws", {origin});
  EXPECT_NE(anonymous.status(), 101);  // no session
  HttpClient b(daemon_->base_url());
  const HttpResult login = b.Login("reg_b", kPassword);
  ASSERT_EQ(login.status, 200);
  WebSocketClient foreign(daemon_->base_url(), "/api/v1/ws",
                          {CookieHeader(login), "Origin: http://evil.example"});
  EXPECT_NE(foreign.status(), 101);  // a page of another site
  WebSocketClient live(daemon_->base_url(), "/api/v1/ws", {CookieHeader(login), origin});
  ASSERT_EQ(live.status(), 101);
  auto first = live.Receive(5000);  // the current state on connecting
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(json::parse(*first)["unread"], 0);

  auto reg_a = Client("reg_a");
  const int id = Register(*reg_a, unit_a_, "ດ່ວນ", {{"direction", "outgoing"},
                                                  {"book", "send_normal"}})["id"];
  ASSERT_EQ(reg_a->Post("/api/v1/letters/" + std::to_string(id) + "/send",
                        {{"unit_ids", {unit_b_}}})
                .status,
            200);
  auto pushed = live.Receive(5000);
  ASSERT_TRUE(pushed.has_value());
  const json msg = json::parse(*pushed);
  EXPECT_EQ(msg["unread"], 1);
  EXPECT_EQ(msg["latest"][0]["kind"], "new_incoming");
  EXPECT_EQ(msg["latest"][0]["letter_id"], id);
}

}  // namespace
}  // namespace saraban::testing
