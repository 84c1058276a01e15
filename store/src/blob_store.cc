#include "store/blob_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/crypto.h"

namespace saraban::store {
namespace {

Error IoError(const std::string& what, int err) {
  std::string msg = what + ": " + std::strerror(err);
  if (err == ENOSPC || err == EDQUOT) {
    return MakeError(Errc::kFull, msg, "free disk space on the data volume, then retry");
  }
  return MakeError(Errc::kIo, msg);
}

Status FsyncDir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError("open " + dir, errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return IoError("fsync " + dir, err);
  return Status::Ok();
}

Status WriteAll(int fd, const char* data, size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return IoError("write blob", errno);
    }
    data += w;
    n -= static_cast<size_t>(w);
  }
  return Status::Ok();
}

}  // namespace

BlobStore::BlobStore(std::string dir) : dir_(std::move(dir)) { ::mkdir(dir_.c_str(), 0700); }

std::string BlobStore::PathOf(const std::string& sha256) const {
  return dir_ + "/" + sha256.substr(0, 2) + "/" + sha256;
}

bool BlobStore::Exists(const std::string& sha256) const {
  return ::access(PathOf(sha256).c_str(), F_OK) == 0;
}

Result<BlobStore::Written> BlobStore::Write(const Reader& read, uint64_t max_bytes,
                                            const Check& check) {
  const std::string tmp_dir = dir_ + "/tmp";
  ::mkdir(tmp_dir.c_str(), 0700);
  std::string temp = tmp_dir + "/upload-XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return IoError("create temporary file in " + tmp_dir, errno);
  // Every failure below removes the temporary file: nothing is left behind.
  auto fail = [&](Error e) -> Result<Written> {
    ::close(fd);
    ::unlink(temp.c_str());
    return e;
  };
  Sha256Stream hash;
  Written out;
  std::vector<char> buf(1 << 16);
  for (;;) {
    auto n = read(buf.data(), buf.size());
    if (!n) return fail(n.error());
    if (*n == 0) break;
    out.size += *n;
    if (out.size > max_bytes) {
      return fail(MakeError(Errc::kTooLarge,
                            "the file is larger than the limit of " +
                                std::to_string(max_bytes >> 20) + " MB",
                            "scan at a lower resolution or split the document"));
    }
    hash.Update(std::string_view(buf.data(), *n));
    if (Status s = WriteAll(fd, buf.data(), *n); !s) return fail(s.error());
  }
  if (::fsync(fd) != 0) return fail(IoError("fsync blob", errno));
  if (check) {
    if (Status s = check(temp); !s) return fail(s.error());
  }
  ::close(fd);
  out.sha256 = hash.FinishHex();
  const std::string shard = dir_ + "/" + out.sha256.substr(0, 2);
  ::mkdir(shard.c_str(), 0700);
  const std::string final_path = PathOf(out.sha256);
  if (::rename(temp.c_str(), final_path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    return IoError("rename blob", err);
  }
  if (Status s = FsyncDir(shard); !s) return s.error();
  return out;
}

}  // namespace saraban::store
