// A one-line progress bar for long CLI commands (reindex, backup): done and
// total, rate and ETA, redrawn in place on a terminal, one line per update
// (at most every 2 s) when stderr is not a terminal.
#ifndef SARABAN_DAEMON_CLI_PROGRESS_BAR_H_
#define SARABAN_DAEMON_CLI_PROGRESS_BAR_H_

#include <chrono>
#include <string>

namespace saraban::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string what, std::string unit = "");
  void Update(uint64_t done, uint64_t total);
  void Finish();

 private:
  std::string what_, unit_;
  bool tty_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  uint64_t done_ = 0, total_ = 0;
  void Draw(bool final);
};

}  // namespace saraban::cli

#endif  // SARABAN_DAEMON_CLI_PROGRESS_BAR_H_
