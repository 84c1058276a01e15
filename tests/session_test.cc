// Logins, sessions, CSRF, lockout and password changes.
#include "office_fixture.h"

namespace saraban::testing {
namespace {

using SessionTest = OfficeTest;

TEST_F(SessionTest, LoginSetsAHardenedCookieAndReturnsTheCsrfToken) {
  HttpClient c(daemon_->base_url());
  HttpResult r = c.Login("reg_a", kPassword);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["csrf_token"].get<std::string>().size(), 64u);
  EXPECT_EQ(r.json()["user"]["username"], "reg_a");
  EXPECT_FALSE(r.json()["user"].contains("password_hash"));
  ASSERT_EQ(r.set_cookies.size(), 1u);
  const std::string& cookie = r.set_cookies[0];
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // plain HTTP here
  EXPECT_EQ(c.Get("/api/v1/session").json()["user"]["username"], "reg_a");
}

TEST_F(SessionTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  HttpClient c(daemon_->base_url());
  HttpResult wrong = c.Login("reg_a", "not the password");
  HttpResult unknown = c.Login("nobody", "not the password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.json()["error"]["message"], unknown.json()["error"]["message"]);
  EXPECT_EQ(c.Get("/api/v1/letters").status, 401);
}

TEST_F(SessionTest, StateChangesNeedTheCsrfToken) {
  auto c = Client("reg_a");
  c->set_send_csrf(false);
  HttpResult r = c->Post("/api/v1/letters", {{"unit_id", unit_a_}, {"book", "receive"},
                                             {"subject", "ບໍ່ມີ token"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("CSRF"), std::string::npos);
  c->set_send_csrf(true);
  EXPECT_EQ(c->Get("/api/v1/letters").json()["total"], 0);  // nothing was written
}

TEST_F(SessionTest, ForeignOriginIsRefused) {
  auto c = Client("reg_a");
  HttpResult r = c->Request("POST", "/api/v1/letters",
                            R"({"unit_id":2,"book":"receive","subject":"x"})",
                            {"Origin: http://evil.example"});
  EXPECT_EQ(r.status, 403);
}

TEST_F(SessionTest, LogoutEndsTheSession) {
  auto c = Client("reg_a");
  EXPECT_EQ(c->Delete("/api/v1/session").status, 204);
  EXPECT_EQ(c->Get("/api/v1/session").status, 401);
}

TEST_F(SessionTest, RepeatedFailuresLockTheAccountUntilAnAdminResetsIt) {
  HttpClient c(daemon_->base_url());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.Login("staff_a", "wrong password").status, 401);
  HttpResult locked = c.Login("staff_a", kPassword);  // right password, but locked
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(locked.error_code(), "too_many_requests");
  // The admin resets the password, which also unlocks.
  const nlohmann::json users = admin_->Get("/api/v1/users").json();
  uint64_t id = 0;
  for (const auto& u : users["users"]) {
    if (u["username"] == "staff_a") id = u["id"];
  }
  HttpResult reset = admin_->Post("/api/v1/users/" + std::to_string(id) + "/password", nlohmann::json::object());
  ASSERT_EQ(reset.status, 200) << reset.body;
  const std::string fresh = reset.json()["password"];
  EXPECT_EQ(c.Login("staff_a", fresh).status, 200);
  // The audit log recorded the lock and the reset.
  std::string actions;
  const nlohmann::json audit = admin_->Get("/api/v1/audit").json();
  for (const auto& e : audit["entries"]) {
    actions += e["action"].get<std::string>() + " ";
  }
  EXPECT_NE(actions.find("account_locked"), std::string::npos) << actions;
  EXPECT_NE(actions.find("password_reset"), std::string::npos) << actions;
}

TEST_F(SessionTest, ManyFailedLoginsFromOneComputerMakeItWaitWhateverTheAccounts) {
  ASSERT_EQ(admin_->Patch("/api/v1/settings", {{"failed_logins_per_address", 5}}).status, 200);
  // One guess on each account stays far under each account's lockout...
  HttpClient guesser(daemon_->base_url());
  for (const char* name : {"reg_a", "staff_a", "ບໍ່ມີຜູ້ນີ້", "ไม่มีผู้ใช้", "admin"}) {
    EXPECT_EQ(guesser.Login(name, "ລະຫັດທີ່ເດົາ 1234").status, 401) << name;
  }
  // ...but the computer has now used up its failures: even a right password waits.
  HttpResult held = guesser.Login("reg_a", kPassword);
  EXPECT_EQ(held.status, 429) << held.body;
  EXPECT_EQ(held.error_code(), "too_many_requests");
  EXPECT_NE(held.body.find("from this computer"), std::string::npos) << held.body;
  EXPECT_EQ(guesser.Get("/api/v1/session").status, 401);
  // The accounts are not locked: the same user logs in from another computer.
  HttpClient colleague(daemon_->base_url());
  colleague.set_source_address("127.0.0.2");
  HttpResult other = colleague.Login("reg_a", kPassword);
  EXPECT_EQ(other.status, 200) << other.body;
  // Those who were logged in before stay logged in.
  EXPECT_EQ(admin_->Get("/api/v1/session").status, 200);
}

TEST_F(SessionTest, PasswordChangeEndsOtherSessionsOnly) {
  auto first = Client("reg_a");
  auto second = Client("reg_a");
  HttpResult bad = first->Post("/api/v1/session/password",
                               {{"old_password", "wrong"}, {"new_password", "ລະຫັດໃໝ່ຍາວພໍ"}});
  EXPECT_EQ(bad.status, 401);
  HttpResult ok = first->Post("/api/v1/session/password",
                              {{"old_password", kPassword}, {"new_password", "ລະຫັດໃໝ່ຍາວພໍ"}});
  ASSERT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(first->Get("/api/v1/session").status, 200);
  EXPECT_EQ(second->Get("/api/v1/session").status, 401);
  HttpClient fresh(daemon_->base_url());
  EXPECT_EQ(fresh.Login("reg_a", kPassword).status, 401);
  EXPECT_EQ(fresh.Login("reg_a", "ລະຫັດໃໝ່ຍາວພໍ").status, 200);
}

TEST_F(SessionTest, LanguageChoiceIsRemembered) {
  auto c = Client("reg_a");
  EXPECT_EQ(c->Patch("/api/v1/session", {{"language", "th"}}).status, 200);
  EXPECT_EQ(c->Patch("/api/v1/session", {{"language", "fr"}}).status, 422);
  auto again = Client("reg_a");
  EXPECT_EQ(again->Get("/api/v1/session").json()["user"]["language"], "th");
}

}  // namespace
}  // namespace saraban::testing
