// Reading zip containers (office files) with hard limits, through libarchive.
// Office files come from outside the office, so every read is bounded: the
// number of entries walked and the total bytes decompressed. A zip bomb stops
// with kTooLarge after at most the limit's worth of work, never after
// inflating the whole payload.
#ifndef SARABAN_OCR_SRC_ZIP_ARCHIVE_H_
#define SARABAN_OCR_SRC_ZIP_ARCHIVE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/error.h"

namespace saraban::ocr {

struct ZipLimits {
  uint32_t max_entries;
  uint64_t max_total_bytes;  // decompressed bytes over all ReadCurrent calls
};

// Walks the entries of one zip file in archive order. Not thread-safe; one
// reader per file. Entry names are UTF-8 as stored; libarchive converts them
// through the current locale, so a process reading archives with Thai or Lao
// entry names should run with a UTF-8 LC_CTYPE (see ocr.h).
class ZipReader {
 public:
  // kIo if the file cannot be opened, kCorruption if it is not a zip.
  static Result<ZipReader> Open(const std::string& path, ZipLimits limits);

  ZipReader(ZipReader&&) noexcept;
  ZipReader& operator=(ZipReader&&) noexcept;
  ~ZipReader();

  // Name of the next entry, or nullopt after the last one. kTooLarge past
  // max_entries, kCorruption for a damaged archive.
  Result<std::optional<std::string>> Next();

  // The whole content of the entry Next() returned. kTooLarge once the bytes
  // read by this reader would exceed max_total_bytes, kUnsupported for an
  // encrypted entry, kCorruption for a damaged one.
  Result<std::string> ReadCurrent();

 private:
  struct State;
  explicit ZipReader(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace saraban::ocr

#endif  // SARABAN_OCR_SRC_ZIP_ARCHIVE_H_
