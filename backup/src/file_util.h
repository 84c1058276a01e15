// File-system helpers of the backup component: an owning descriptor, whole
// reads and writes that map errno to an Error (ENOSPC -> kFull), directory
// fsync, and the target's lock file.
// Thread-safety: plain functions; a UniqueFd is owned by one thread at a time.
#ifndef SARABAN_BACKUP_FILE_UTIL_H_
#define SARABAN_BACKUP_FILE_UTIL_H_

#include <cstddef>
#include <string>

#include "core/error.h"

namespace saraban::backup {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { Reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.Release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      Reset();
      fd_ = other.Release();
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void Reset();

 private:
  int fd_ = -1;
};

// An Error for a failed system call on `what` (a path or a description):
// ENOSPC and EDQUOT give kFull, everything else kIo; the errno text is kept.
Error ErrnoError(int err, const std::string& action, const std::string& what);

// Writes all of `n` bytes (retrying short writes and EINTR).
Status WriteAll(int fd, const void* data, size_t n, const std::string& what);
// Reads until `n` bytes or the end of the file; returns how many were read.
Result<size_t> ReadFull(int fd, void* buf, size_t n, const std::string& what);

Status FsyncFd(int fd, const std::string& what);
// Makes a rename or unlink in `dir` durable. Filesystems that cannot fsync a
// directory (EINVAL) are accepted as they are.
Status FsyncDir(const std::string& dir);

// Opens `path` for reading.
Result<UniqueFd> OpenRead(const std::string& path);

// The exclusive lock of one backup target: TARGET/.saraban-backup.lock held
// with flock(LOCK_EX | LOCK_NB). The file is removed when the lock is
// released; a locker that finds the file replaced after it got the lock
// tries again, so unlinking never lets two holders in at once.
class TargetLock {
 public:
  // kConflict when another process (or another TargetLock) holds the lock;
  // kIo (kFull) when the lock file cannot be created.
  static Result<TargetLock> Acquire(const std::string& target_dir);
  TargetLock(TargetLock&&) = default;
  TargetLock& operator=(TargetLock&&) = default;
  ~TargetLock();

 private:
  TargetLock(std::string path, UniqueFd fd) : path_(std::move(path)), fd_(std::move(fd)) {}
  std::string path_;
  UniqueFd fd_;
};

inline constexpr char kLockFileName[] = ".saraban-backup.lock";
inline constexpr char kTempPrefix[] = ".saraban-tmp-";

}  // namespace saraban::backup

#endif  // SARABAN_BACKUP_FILE_UTIL_H_
