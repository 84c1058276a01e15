// A real SMTP server for tests: Debian's aiosmtpd (python3-aiosmtpd) on
// 127.0.0.1 at a free port, storing every message it accepts in a maildir,
// and a reader that decodes those messages (RFC 2047 subjects, base64
// bodies) for assertions.
#ifndef SARABAN_TESTS_SUPPORT_SMTP_SINK_H_
#define SARABAN_TESTS_SUPPORT_SMTP_SINK_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "temp_dir.h"

namespace saraban::testing {

struct MailMessage {
  std::string to;       // the To header, e.g. "<reg_b@office.gov.la>"
  std::string subject;  // decoded
  std::string body;     // decoded text
};

class SmtpSink {
 public:
  // `port` 0 picks a free one. Throws if the server does not come up.
  explicit SmtpSink(int port = 0);
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  // Every message received so far, oldest first.
  std::vector<MailMessage> Messages() const;
  // Waits up to `seconds` until at least `count` messages arrived.
  std::vector<MailMessage> WaitFor(size_t count, int seconds = 20) const;

 private:
  TempDir dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// A TCP port on 127.0.0.1 that nothing listens on right now.
int FreePort();

}  // namespace saraban::testing

#endif  // SARABAN_TESTS_SUPPORT_SMTP_SINK_H_
