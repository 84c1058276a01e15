// A running daemon with a small organisation, shared by the integration tests:
//
//   1 HQ (root)
//   ├── A  (unit_a)  ── A1 (unit_a1, keeps no books)
//   └── B  (unit_b)
//
// Users (password kPassword): reg_a (unit_registrar of A), reg_b (unit_registrar
// of B), staff_a (staff of A), central (central_registrar, clearance secret),
// boss_a (executive of A, clearance top_secret).
#ifndef SARABAN_TESTS_OFFICE_FIXTURE_H_
#define SARABAN_TESTS_OFFICE_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "http_client.h"
#include "process.h"

namespace saraban::testing {

inline constexpr char kPassword[] = "correct horse battery";

class OfficeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    daemon_ = std::make_unique<TestDaemon>();
    admin_ = Client("admin", daemon_->options().admin_password);
    unit_a_ = MakeUnit(1, "A", "ພະແນກ ກ", "ฝ่าย ก");
    unit_b_ = MakeUnit(1, "B", "ພະແນກ ຂ", "ฝ่าย ข");
    unit_a1_ = MakeUnit(unit_a_, "A1", "ຂະແໜງ ກ1", "งาน ก1", false);
    MakeUser("reg_a", {"unit_registrar"}, unit_a_, "normal");
    MakeUser("reg_b", {"unit_registrar"}, unit_b_, "normal");
    MakeUser("staff_a", {"staff"}, unit_a_, "normal");
    MakeUser("central", {"central_registrar"}, 1, "secret");
    MakeUser("boss_a", {"executive"}, unit_a_, "top_secret");
  }

  std::unique_ptr<HttpClient> Client(const std::string& user,
                                     const std::string& password = kPassword) {
    auto c = std::make_unique<HttpClient>(daemon_->base_url());
    HttpResult r = c->Login(user, password);
    EXPECT_EQ(r.status, 200) << user << ": " << r.body;
    return c;
  }

  uint64_t MakeUnit(uint64_t parent, const std::string& code, const std::string& lo,
                    const std::string& th, bool keeps_books = true) {
    HttpResult r = admin_->Post("/api/v1/units", {{"parent_id", parent},
                                                  {"code", code},
                                                  {"name_lo", lo},
                                                  {"name_th", th},
                                                  {"keeps_books", keeps_books}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", uint64_t{0});
  }

  uint64_t MakeUser(const std::string& name, const std::vector<std::string>& roles, uint64_t unit,
                    const std::string& clearance) {
    HttpResult r = admin_->Post("/api/v1/users", {{"username", name},
                                                  {"display_name", name},
                                                  {"roles", roles},
                                                  {"unit_ids", {unit}},
                                                  {"clearance", clearance},
                                                  {"password", kPassword}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", uint64_t{0});
  }

  // The id of an account, looked up by the admin.
  uint64_t UserId(const std::string& username) {
    const nlohmann::json users = admin_->Get("/api/v1/users").json();
    for (const auto& u : users["users"]) {
      if (u["username"] == username) return u["id"];
    }
    ADD_FAILURE() << "no user " << username;
    return 0;
  }

  // Registers a letter in `unit` as `client`; returns the letter JSON.
  nlohmann::json Register(HttpClient& client, uint64_t unit, const std::string& subject,
                          const nlohmann::json& extra = nlohmann::json::object()) {
    nlohmann::json body = {{"unit_id", unit}, {"book", "receive"}, {"subject", subject}};
    body.update(extra);
    HttpResult r = client.Post("/api/v1/letters", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }

  std::unique_ptr<TestDaemon> daemon_;
  std::unique_ptr<HttpClient> admin_;
  uint64_t unit_a_ = 0, unit_b_ = 0, unit_a1_ = 0;
};

}  // namespace saraban::testing

#endif  // SARABAN_TESTS_OFFICE_FIXTURE_H_
