// Child processes with limits, for the parsers that must not take the daemon
// down (DESIGN.md invariant 8): the OCR workers and one-shot conversions.
// The child is this same binary (/proc/self/exe) with a subcommand, started
// with OMP_THREAD_LIMIT=1 in its environment (it must be there before
// libgomp loads) and an address-space limit.
// Thread-safety: a Child is owned by one thread.
#ifndef SARABAN_DAEMON_SERVICES_SUBPROCESS_H_
#define SARABAN_DAEMON_SERVICES_SUBPROCESS_H_

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace saraban::services {

struct ChildLimits {
  uint64_t address_space_bytes = 2ull << 30;
  uint64_t cpu_seconds = 0;  // 0: no CPU limit
};

// A running child with pipes to its stdin and stdout (stderr is inherited).
class Child {
 public:
  // Starts `self_exe args...`. kIo if fork or exec fails.
  static Result<Child> Start(const std::vector<std::string>& args, const ChildLimits& limits);
  Child(Child&& other) noexcept;
  Child& operator=(Child&& other) noexcept;
  ~Child();  // kills and reaps a child still running

  Status WriteLine(const std::string& line);
  // The next line from the child's stdout, waiting at most timeout_ms.
  // nullopt on timeout; kIo when the child closed its stdout (exited).
  Result<std::optional<std::string>> ReadLine(int timeout_ms);
  // Kills (SIGKILL) and reaps; returns a description such as
  // "killed by signal 11 (Segmentation fault)" or "exited with status 3".
  std::string KillAndDescribe();
  // Reaps an exited child and describes how it ended.
  std::string WaitAndDescribe();
  pid_t pid() const { return pid_; }

 private:
  Child() = default;
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  std::string pending_;  // bytes read but not yet returned as a line
};

// The path of the running saraban binary.
std::string SelfExe();

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_SUBPROCESS_H_
