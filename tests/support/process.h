// Runs the real `saraban` binary, as a one-shot command or as a daemon on
// 127.0.0.1:0 with a temporary data directory (never a fixed port).
#ifndef SARABAN_TESTS_SUPPORT_PROCESS_H_
#define SARABAN_TESTS_SUPPORT_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace saraban::testing {

// Path of the saraban binary under test (set by the build).
std::string SarabanBinary();

// The whole contents of a file ("" if it cannot be read).
std::string ReadFileContents(const std::string& path);

struct CommandResult {
  int exit_code = -1;  // -1 if killed by a signal
  std::string out;
  std::string err;
};

// Runs `saraban args...` to completion. `env` entries ("NAME=value") are added
// to the inherited environment.
CommandResult RunSaraban(const std::vector<std::string>& args,
                         const std::vector<std::string>& env = {});

struct DaemonOptions {
  std::string org = "Test Office";
  std::string admin = "admin";
  std::string admin_password = "admin-password-1";
  std::vector<std::string> serve_args;  // extra flags for `saraban serve`
  std::vector<std::string> env;         // extra NAME=value for the daemon's environment
  std::string existing_data_dir;        // serve this directory instead of a new one
  // Serve HTTPS as in production; otherwise the daemon gets --insecure-http,
  // which every test that is not about TLS wants.
  bool tls = false;
};

// A data directory created with `saraban init` and a `saraban serve` process
// on it. The destructor stops the daemon with SIGTERM.
class TestDaemon {
 public:
  explicit TestDaemon(DaemonOptions options = {});
  ~TestDaemon();
  TestDaemon(const TestDaemon&) = delete;
  TestDaemon& operator=(const TestDaemon&) = delete;

  const std::string& base_url() const { return base_url_; }
  // The plain-HTTP redirect listener ("" unless --redirect-listen was given).
  const std::string& redirect_url() const { return redirect_url_; }
  const std::string& data_dir() const { return data_dir_; }
  const DaemonOptions& options() const { return options_; }
  const TempDir& dir() const { return dir_; }

  // Flags for the next Start.
  void set_serve_args(std::vector<std::string> args) { options_.serve_args = std::move(args); }
  // HTTPS (true) or --insecure-http (false) from the next Start.
  void set_tls(bool on) { options_.tls = on; }
  // Starts the daemon on the existing data directory (after Stop or Kill).
  void Start();
  // SIGTERM and wait; returns the exit code (-1 if it died of a signal).
  int Stop();
  // SIGKILL and wait: a power cut, as far as the process can tell.
  void Kill();
  bool running() const { return pid_ > 0; }
  // The daemon's process id (-1 when stopped), e.g. to read /proc/<pid>/status.
  pid_t pid() const { return pid_; }
  // The daemon's stderr so far.
  std::string Log() const;

 private:
  DaemonOptions options_;
  TempDir dir_;
  std::string data_dir_;
  std::string base_url_;
  std::string redirect_url_;
  pid_t pid_ = -1;
};

}  // namespace saraban::testing

#endif  // SARABAN_TESTS_SUPPORT_PROCESS_H_
