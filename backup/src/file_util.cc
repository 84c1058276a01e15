#include "file_util.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace saraban::backup {

void UniqueFd::Reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Error ErrnoError(int err, const std::string& action, const std::string& what) {
  const std::string detail = action + " " + what + ": " + std::strerror(err);
  if (err == ENOSPC || err == EDQUOT) {
    return MakeError(Errc::kFull, "the backup target is full (" + detail + ")",
                     "free space on the drive, remove old backups or use a larger drive");
  }
  if (err == EROFS) {
    return MakeError(Errc::kIo, "the backup target is read-only (" + detail + ")",
                     "check the drive's write-protect switch, or remount it writable");
  }
  return MakeError(Errc::kIo, detail);
}

Status WriteAll(int fd, const void* data, size_t n, const std::string& what) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(errno, "cannot write", what);
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return Status::Ok();
}

Result<size_t> ReadFull(int fd, void* buf, size_t n, const std::string& what) {
  char* p = static_cast<char*>(buf);
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd, p + got, n - got);
    if (r < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(errno, "cannot read", what);
    }
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  return got;
}

Status FsyncFd(int fd, const std::string& what) {
  if (::fsync(fd) != 0) return ErrnoError(errno, "cannot fsync", what);
  return Status::Ok();
}

Status FsyncDir(const std::string& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoError(errno, "cannot open directory", dir);
  if (::fsync(fd.get()) != 0 && errno != EINVAL) {
    return ErrnoError(errno, "cannot fsync directory", dir);
  }
  return Status::Ok();
}

Result<UniqueFd> OpenRead(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoError(errno, "cannot open", path);
  return fd;
}

Result<TargetLock> TargetLock::Acquire(const std::string& target_dir) {
  const std::string path = target_dir + "/" + kLockFileName;
  for (int attempt = 0; attempt < 100; ++attempt) {
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!fd.valid()) return ErrnoError(errno, "cannot create the lock file", path);
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK) {
        return MakeError(Errc::kConflict, "another backup into " + target_dir + " is running",
                         "wait for it to finish");
      }
      return ErrnoError(errno, "cannot lock", path);
    }
    // The previous holder may have unlinked the file between our open and
    // our flock; then we hold a lock on a file nobody else can find.
    struct stat held, now;
    if (::fstat(fd.get(), &held) != 0) return ErrnoError(errno, "cannot stat", path);
    if (::stat(path.c_str(), &now) == 0 && now.st_ino == held.st_ino && now.st_dev == held.st_dev) {
      return TargetLock(path, std::move(fd));
    }
  }
  return MakeError(Errc::kConflict, "cannot get the lock " + path + ": it keeps being replaced");
}

TargetLock::~TargetLock() {
  // Unlink while still holding the lock, so a waiting locker re-checks.
  if (fd_.valid()) ::unlink(path_.c_str());
}

}  // namespace saraban::backup
