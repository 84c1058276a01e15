// Mailer sends every in-app notification also by email, through the SMTP
// relay the admin configured (settings smtp_url, smtp_from, smtp_username,
// smtp_password), to users who have an email address. It follows the
// notifications table with a cursor kept in the store, so a restart resumes
// where it stopped and a relay that is down delays mail instead of losing
// it (at least once: a crash between sending and saving the cursor can send
// one message twice). While no relay is configured the cursor follows the
// newest notification, so enabling email later does not send old news.
//
// Secrecy: a notification exists only for users cleared for its letter, and
// the mail of a letter above "normal" names neither its subject nor its
// sender: it only says a classified letter is waiting. Mail is written in
// the recipient's language (Lao, Thai or English).
//
// libcurl is used only in mailer.cc.
// Thread-safety: Start/Stop from the owner; Report and SendTest from any
// thread.
#ifndef SARABAN_DAEMON_SERVICES_MAILER_H_
#define SARABAN_DAEMON_SERVICES_MAILER_H_

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "core/error.h"
#include "services/periodic_task.h"
#include "services/settings.h"
#include "store/store.h"

namespace saraban::services {

class Mailer {
 public:
  Mailer(store::Store& store, std::chrono::milliseconds period)
      : store_(store), task_(period, [this] { Run(); }) {}

  void Start() { task_.Start(); }
  void Stop() { task_.Stop(); }
  // Looks for new notifications now (e.g. after settings changed).
  void Poke() { task_.Poke(); }

  // Sends a test message to `to` with the current settings. kConflict when
  // no relay is configured, kIo with the relay's answer when sending fails.
  Status SendTest(const std::string& to);
  // {"enabled", "sent", "last_sent_at", "last_error", "last_error_at", "waiting"}
  Result<nlohmann::json> Report();

 private:
  void Run();
  // Mails notifications after the cursor; stops at the first failure.
  Status SendPending(const MailSettings& settings);
  void RecordFailure(const Error& error);

  store::Store& store_;
  std::mutex mu_;  // guards the counters below
  uint64_t sent_ = 0;
  int64_t last_sent_at_ = 0;
  std::string last_error_;
  int64_t last_error_at_ = 0;
  PeriodicTask task_;
};

// One plain-text UTF-8 message as sent over SMTP (RFC 5322 with MIME):
// the subject in RFC 2047 encoded-words, the body in base64.
std::string ComposeMail(const std::string& from, const std::string& to, const std::string& subject,
                        const std::string& body, int64_t now_ms, const std::string& message_id);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_MAILER_H_
