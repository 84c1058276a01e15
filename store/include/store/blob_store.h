// BlobStore keeps attachment bytes as immutable, content-addressed files:
// DATA/blobs/ab/abcdef... named by their SHA-256. A blob is written to a
// temporary file, fsync'd, checked, renamed to its name and the directory
// fsync'd before any record may reference it (DESIGN.md invariant 4), so a
// crash leaves at worst an unreferenced blob (garbage), never a record that
// points at nothing.
//
// Thread-safety: safe from any thread; two writers of the same content
// simply produce the same file.
//
// Errors: kTooLarge (over the caller's limit; nothing is left behind), kFull
// (disk full; nothing is left behind), kIo, and whatever the caller's check
// returns (also leaving nothing behind).
#ifndef SARABAN_STORE_BLOB_STORE_H_
#define SARABAN_STORE_BLOB_STORE_H_

#include <cstdint>
#include <functional>
#include <string>

#include "core/error.h"

namespace saraban::store {

class BlobStore {
 public:
  // `dir` is created if missing.
  explicit BlobStore(std::string dir);

  struct Written {
    std::string sha256;  // lower-case hex
    uint64_t size = 0;
  };
  // Reads `n` bytes at most into buf; returns the count, 0 at the end.
  using Reader = std::function<Result<size_t>(char* buf, size_t n)>;
  // Inspects the complete temporary file before it becomes a blob.
  using Check = std::function<Status(const std::string& temp_path)>;

  Result<Written> Write(const Reader& read, uint64_t max_bytes, const Check& check = {});

  std::string PathOf(const std::string& sha256) const;
  bool Exists(const std::string& sha256) const;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

}  // namespace saraban::store

#endif  // SARABAN_STORE_BLOB_STORE_H_
