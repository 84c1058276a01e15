// Email notifications through a real SMTP server (aiosmtpd): who gets mail,
// in which language, what a classified letter's mail may say, and that
// notifications made while the relay is down are mailed once it is back.
#include <chrono>
#include <thread>

#include "office_fixture.h"
#include "smtp_sink.h"

namespace saraban::testing {
namespace {

using nlohmann::json;

class MailTest : public OfficeTest {
 protected:
  void SetEmail(const std::string& user, const std::string& email, const std::string& language) {
    HttpResult r = admin_->Patch("/api/v1/users/" + std::to_string(UserId(user)),
                                 {{"email", email}, {"language", language}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  void UseRelay(const std::string& url) {
    HttpResult r =
        admin_->Patch("/api/v1/settings", {{"smtp_url", url},
                                           {"smtp_from", "saraban@office.gov.la"},
                                           {"smtp_password", "relay-secret-42"},
                                           {"public_url", "https://saraban.office.lan/"}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  // An outgoing letter of unit A sent to B.
  int SendToB(HttpClient& reg_a, const std::string& subject) {
    const int id = Register(reg_a, unit_a_, subject,
                            {{"direction", "outgoing"}, {"book", "send_normal"}})["id"];
    HttpResult r =
        reg_a.Post("/api/v1/letters/" + std::to_string(id) + "/send", {{"unit_ids", {unit_b_}}});
    EXPECT_EQ(r.status, 200) << r.body;
    return id;
  }
};

TEST_F(MailTest, NotificationsAreMailedInTheRecipientsLanguage) {
  SmtpSink relay;
  UseRelay(relay.url());
  SetEmail("reg_b", "reg_b@office.gov.la", "th");
  auto reg_a = Client("reg_a");
  const int id = SendToB(*reg_a, "ขอเชิญประชุมคณะกรรมการจังหวัด");

  const std::vector<MailMessage> mail = relay.WaitFor(1);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].to, "<reg_b@office.gov.la>");
  EXPECT_EQ(mail[0].subject, "[Saraban] หนังสือเข้าใหม่: ขอเชิญประชุมคณะกรรมการจังหวัด");
  EXPECT_NE(mail[0].body.find("เรื่อง: ขอเชิญประชุมคณะกรรมการจังหวัด"), std::string::npos)
      << mail[0].body;
  EXPECT_NE(mail[0].body.find("https://saraban.office.lan/letters/" + std::to_string(id)),
            std::string::npos)
      << mail[0].body;
  // Users without an address (reg_a, the other members of B) get none.
  std::this_thread::sleep_for(std::chrono::seconds(6));
  EXPECT_EQ(relay.Messages().size(), 1u);

  const json status = admin_->Get("/api/v1/mail").json();
  EXPECT_EQ(status["enabled"], true);
  EXPECT_GE(status["sent"], 1);
  EXPECT_TRUE(status["last_error"].is_null()) << status.dump();
  // The relay password is never shown back, nor written to the audit log.
  HttpResult settings = admin_->Get("/api/v1/settings");
  EXPECT_EQ(settings.json()["settings"]["smtp_password"], "********");
  EXPECT_EQ(settings.body.find("relay-secret-42"), std::string::npos);
  EXPECT_EQ(admin_->Get("/api/v1/audit").body.find("relay-secret-42"), std::string::npos);
  // Only an admin sees the mailer or sends a test message.
  EXPECT_EQ(reg_a->Get("/api/v1/mail").status, 403);
  EXPECT_EQ(admin_->Post("/api/v1/mail/test", {{"to", "it@office.gov.la"}}).status, 204);
  ASSERT_EQ(relay.WaitFor(2).size(), 2u);
  EXPECT_NE(relay.Messages()[1].body.find("ການແຈ້ງເຕືອນທາງອີເມວໃຊ້ໄດ້"), std::string::npos);
  EXPECT_EQ(admin_->Post("/api/v1/mail/test", {{"to", "not an address"}}).status, 422);
}

TEST_F(MailTest, AClassifiedLettersMailNamesNeitherItsSubjectNorItsSender) {
  SmtpSink relay;
  UseRelay(relay.url());
  SetEmail("boss_a", "boss_a@office.gov.la", "lo");    // cleared for top secret
  SetEmail("staff_a", "staff_a@office.gov.la", "en");  // cleared for normal only
  auto central = Client("central");
  const int id = Register(*central, 1, "ລັບ: ແຜນປ້ອງກັນຊາຍແດນ",
                          {{"direction", "outgoing"},
                           {"book", "send_normal"},
                           {"secrecy", "secret"},
                           {"from", "ກອງບັນຊາການທະຫານແຂວງ"}})["id"];
  ASSERT_EQ(
      central->Post("/api/v1/letters/" + std::to_string(id) + "/send", {{"unit_ids", {unit_a_}}})
          .status,
      200);
  const std::vector<MailMessage> mail = relay.WaitFor(1);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].to, "<boss_a@office.gov.la>");
  EXPECT_EQ(mail[0].subject, "[Saraban] ໜັງສືຂາເຂົ້າໃໝ່");
  EXPECT_NE(mail[0].body.find("ມີໜັງສືລັບລໍຖ້າທ່ານ"), std::string::npos) << mail[0].body;
  EXPECT_EQ(mail[0].body.find("ແຜນປ້ອງກັນ"), std::string::npos) << mail[0].body;
  EXPECT_EQ(mail[0].body.find("ກອງບັນຊາການ"), std::string::npos) << mail[0].body;
  // staff_a is not cleared: no notification, so no mail.
  std::this_thread::sleep_for(std::chrono::seconds(6));
  EXPECT_EQ(relay.Messages().size(), 1u);
}

TEST_F(MailTest, MailWaitsWhileTheRelayIsDownAndIsSentWhenItIsBack) {
  const int port = FreePort();
  UseRelay("smtp://127.0.0.1:" + std::to_string(port));
  SetEmail("reg_b", "reg_b@office.gov.la", "en");
  auto reg_a = Client("reg_a");
  SendToB(*reg_a, "Budget request 2027");
  json status;
  for (int i = 0; i < 100 && (status = admin_->Get("/api/v1/mail").json())["last_error"].is_null();
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_FALSE(status["last_error"].is_null()) << status.dump();
  EXPECT_EQ(status["sent"], 0);
  HttpResult test = admin_->Post("/api/v1/mail/test", {{"to", "it@office.gov.la"}});
  EXPECT_EQ(test.status, 409);
  EXPECT_NE(test.body.find("mail relay"), std::string::npos) << test.body;

  SmtpSink relay(port);
  const std::vector<MailMessage> mail = relay.WaitFor(1);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].subject, "[Saraban] New incoming letter: Budget request 2027");
}

}  // namespace
}  // namespace saraban::testing
