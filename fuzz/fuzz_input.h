// Small helpers shared by the fuzz targets: a reader that splits the fuzzer's
// bytes into the pieces a target needs, and in-memory files for libraries
// that only open paths.
// Thread-safety: none; each fuzz target runs one input at a time.
#ifndef SARABAN_FUZZ_FUZZ_INPUT_H_
#define SARABAN_FUZZ_FUZZ_INPUT_H_

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace saraban::fuzz {

// Consumes the input from the front. Running out is not an error: every
// getter then returns zeros or empty strings, so any input is a valid one.
class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}

  uint8_t Byte() {
    if (rest_.empty()) return 0;
    const auto b = static_cast<uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return b;
  }
  // Up to the next '\n' (consumed, not returned), or everything left.
  std::string Line() {
    const size_t nl = rest_.find('\n');
    std::string line(rest_.substr(0, nl));
    rest_.remove_prefix(nl == std::string_view::npos ? rest_.size() : nl + 1);
    return line;
  }
  std::string Rest() {
    std::string all(rest_);
    rest_ = {};
    return all;
  }
  bool empty() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

// An anonymous in-memory file (memfd) holding `bytes`, reachable by path as
// /proc/self/fd/N, for readers that take a file name (libarchive, poppler).
class MemFile {
 public:
  explicit MemFile(std::string_view bytes) : fd_(::memfd_create("fuzz", 0)) {
    size_t done = 0;
    while (fd_ >= 0 && done < bytes.size()) {
      const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    if (fd_ >= 0) ::lseek(fd_, 0, SEEK_SET);
  }
  ~MemFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;

  int fd() const { return fd_; }
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_;
};

}  // namespace saraban::fuzz

#endif  // SARABAN_FUZZ_FUZZ_INPUT_H_
