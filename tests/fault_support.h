// Tools for the fault tests (crash, disk full, interrupted backup and
// restore, audit tampering): a tmpfs mounted for one test, a saraban command
// run in the background so that it can be killed midway, and raw access to a
// stopped daemon's LMDB environment for tampering on purpose.
// Not thread-safe unless stated; every object belongs to one test.
#ifndef SARABAN_TESTS_FAULT_SUPPORT_H_
#define SARABAN_TESTS_FAULT_SUPPORT_H_

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace saraban::testing {

class HttpClient;

// A tmpfs of `options` (e.g. "size=8m") mounted on `dir` (created) until the
// object goes. Needs root (CI runs as root). Throws when it cannot mount: a
// disk-full test that silently skipped would prove nothing.
class Tmpfs {
 public:
  Tmpfs(std::string dir, const std::string& options);
  ~Tmpfs();
  Tmpfs(const Tmpfs&) = delete;
  Tmpfs& operator=(const Tmpfs&) = delete;
  const std::string& dir() const { return dir_; }
  // Free bytes on the file system.
  uint64_t FreeBytes() const;

 private:
  std::string dir_;
};

// `saraban args...` running in the background; stdout and stderr go to files
// in a temporary directory.
class Child {
 public:
  explicit Child(const std::vector<std::string>& args);
  ~Child();  // SIGKILL if still running
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  pid_t pid() const { return pid_; }
  // True while the process has not exited (reaps it if it has).
  bool Running();
  // SIGKILL and reap.
  void Kill();
  // Waits; the exit code, -1 if it died of a signal.
  int Wait();
  std::string Err() const;

 private:
  std::string dir_;
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

// A stopped daemon's LMDB environment (DATA/store), opened for raw edits.
// Table names and key layouts: store/src/keys.h. Each call is its own
// transaction. Throws on LMDB errors.
class RawStore {
 public:
  explicit RawStore(const std::string& data_dir);
  ~RawStore();
  RawStore(const RawStore&) = delete;
  RawStore& operator=(const RawStore&) = delete;

  std::optional<std::string> Get(const std::string& table, const std::string& key);
  void Put(const std::string& table, const std::string& key, const std::string& value);
  void Del(const std::string& table, const std::string& key);
  // Keys of a table in order.
  std::vector<std::string> Keys(const std::string& table);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Big-endian fixed-width key parts, as store/src/keys.h writes them.
std::string Be64(uint64_t v);
uint64_t ReadBe(const std::string& s);

std::string ReadFileBytes(const std::string& path);

// Names in `dir` (none if it does not exist) that start with `prefix` and end
// with `suffix`, sorted.
std::vector<std::string> NamesIn(const std::string& dir, const std::string& prefix = "",
                                 const std::string& suffix = "");

// POST /api/v1/users as `admin`: a central registrar of the office (unit 1).
// Returns the HTTP status.
long AddCentralRegistrar(HttpClient& admin, const std::string& username,
                         const std::string& password);
std::string Sha256Of(const std::string& bytes);

}  // namespace saraban::testing

#endif  // SARABAN_TESTS_FAULT_SUPPORT_H_
