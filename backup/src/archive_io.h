// The plaintext inside a backup file: a pax archive compressed with zstd
// (libarchive), streamed through a ChunkWriter or out of a ChunkReader, so a
// backup is never held in memory. archive.h stays inside archive_io.cc.
// Thread-safety: each object belongs to one thread at a time.
#ifndef SARABAN_BACKUP_ARCHIVE_IO_H_
#define SARABAN_BACKUP_ARCHIVE_IO_H_

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "container.h"
#include "core/error.h"

struct archive;

namespace saraban::backup {

class ArchiveWriter {
 public:
  // `out` must outlive this object. `what` names the file in errors.
  ArchiveWriter(ChunkWriter* out, std::string what);
  ~ArchiveWriter();
  ArchiveWriter(const ArchiveWriter&) = delete;
  ArchiveWriter& operator=(const ArchiveWriter&) = delete;

  Status Open();
  // A regular file entry of exactly `size` bytes, written by WriteData.
  Status BeginEntry(const std::string& path, uint64_t size, int64_t mtime);
  Status WriteData(const void* data, size_t n);
  Status FinishEntry();
  // Ends the archive and flushes the compressor into `out`; the caller then
  // finishes the chunk stream.
  Status Close();

 private:
  static ssize_t WriteCallback(struct archive* a, void* client, const void* buf, size_t n);
  Error Failure(const std::string& action);
  struct archive* a_ = nullptr;
  ChunkWriter* out_;
  std::string what_;
  Status sink_status_;
  bool closed_ = false;
};

class ArchiveReader {
 public:
  // `in` must outlive this object. `name` names the file in errors.
  ArchiveReader(ChunkReader* in, std::string name);
  ~ArchiveReader();
  ArchiveReader(const ArchiveReader&) = delete;
  ArchiveReader& operator=(const ArchiveReader&) = delete;

  Status Open();
  struct Entry {
    std::string path;
    uint64_t size = 0;
    bool regular = false;
  };
  // The next entry; nullopt at the end of the archive.
  Result<std::optional<Entry>> Next();
  // Up to n bytes of the current entry; 0 at its end.
  Result<size_t> Read(void* buf, size_t n);

 private:
  static ssize_t ReadCallback(struct archive* a, void* client, const void** buf);
  Error Failure(const std::string& action);
  struct archive* a_ = nullptr;
  ChunkReader* in_;
  std::string name_;
};

}  // namespace saraban::backup

#endif  // SARABAN_BACKUP_ARCHIVE_IO_H_
