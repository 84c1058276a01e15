#include "archive_io.h"

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

#include <cerrno>

namespace saraban::backup {
namespace {

// libarchive converts entry names with the thread's locale and has crashed
// on non-ASCII names in the "C" locale (DESIGN.md). A per-thread UTF-8
// locale for the duration of each call keeps the process locale untouched.
class Utf8LocaleScope {
 public:
  Utf8LocaleScope() {
    static locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
    if (utf8 != static_cast<locale_t>(0)) previous_ = uselocale(utf8);
  }
  ~Utf8LocaleScope() {
    if (previous_ != static_cast<locale_t>(0)) uselocale(previous_);
  }
  Utf8LocaleScope(const Utf8LocaleScope&) = delete;
  Utf8LocaleScope& operator=(const Utf8LocaleScope&) = delete;

 private:
  locale_t previous_ = static_cast<locale_t>(0);
};

std::string ArchiveMessage(struct archive* a) {
  const char* s = archive_error_string(a);
  return s ? s : "unknown libarchive error";
}

}  // namespace

ArchiveWriter::ArchiveWriter(ChunkWriter* out, std::string what)
    : out_(out), what_(std::move(what)) {}

ArchiveWriter::~ArchiveWriter() {
  if (a_ != nullptr) {
    Utf8LocaleScope locale;
    closed_ = true;  // a failed backup: nothing more goes to the chunk stream
    archive_write_free(a_);
  }
}

Error ArchiveWriter::Failure(const std::string& action) {
  if (!sink_status_.ok()) return sink_status_.error();
  return MakeError(Errc::kInternal, what_ + ": " + action + ": " + ArchiveMessage(a_));
}

ssize_t ArchiveWriter::WriteCallback(struct archive* a, void* client, const void* buf, size_t n) {
  auto* self = static_cast<ArchiveWriter*>(client);
  if (self->closed_) return static_cast<ssize_t>(n);
  Status s = self->out_->Write(buf, n);
  if (!s.ok()) {
    self->sink_status_ = s;
    archive_set_error(a, EIO, "%s", s.error().message.c_str());
    return -1;
  }
  return static_cast<ssize_t>(n);
}

Status ArchiveWriter::Open() {
  Utf8LocaleScope locale;
  a_ = archive_write_new();
  if (a_ == nullptr) return MakeError(Errc::kInternal, "archive_write_new failed");
  if (archive_write_add_filter_zstd(a_) != ARCHIVE_OK ||
      archive_write_set_filter_option(a_, "zstd", "compression-level", "3") != ARCHIVE_OK ||
      archive_write_set_format_pax_restricted(a_) != ARCHIVE_OK ||
      archive_write_set_bytes_per_block(a_, 65536) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(a_, 1) != ARCHIVE_OK) {
    return Failure("cannot set up the archive");
  }
  if (archive_write_open2(a_, this, nullptr, &ArchiveWriter::WriteCallback, nullptr, nullptr) !=
      ARCHIVE_OK) {
    return Failure("cannot open the archive");
  }
  return Status::Ok();
}

Status ArchiveWriter::BeginEntry(const std::string& path, uint64_t size, int64_t mtime) {
  Utf8LocaleScope locale;
  struct archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, path.c_str());
  archive_entry_set_size(e, static_cast<la_int64_t>(size));
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, 0600);
  archive_entry_set_mtime(e, mtime, 0);
  const int rc = archive_write_header(a_, e);
  archive_entry_free(e);
  if (rc != ARCHIVE_OK) return Failure("cannot add " + path);
  return Status::Ok();
}

Status ArchiveWriter::WriteData(const void* data, size_t n) {
  Utf8LocaleScope locale;
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    la_ssize_t w = archive_write_data(a_, p, n);
    if (w <= 0) return Failure("cannot write into the archive");
    p += w;
    n -= static_cast<size_t>(w);
  }
  return Status::Ok();
}

Status ArchiveWriter::FinishEntry() {
  Utf8LocaleScope locale;
  if (archive_write_finish_entry(a_) != ARCHIVE_OK) return Failure("cannot finish an entry");
  return Status::Ok();
}

Status ArchiveWriter::Close() {
  Utf8LocaleScope locale;
  if (archive_write_close(a_) != ARCHIVE_OK) return Failure("cannot finish the archive");
  return Status::Ok();
}

ArchiveReader::ArchiveReader(ChunkReader* in, std::string name) : in_(in), name_(std::move(name)) {}

ArchiveReader::~ArchiveReader() {
  if (a_ != nullptr) {
    Utf8LocaleScope locale;
    archive_read_free(a_);
  }
}

Error ArchiveReader::Failure(const std::string& action) {
  // A chunk that failed its check is the real story; libarchive only saw
  // its stream end.
  if (!in_->status().ok()) return in_->status().error();
  return MakeError(Errc::kCorruption, name_ + ": " + action + ": " + ArchiveMessage(a_),
                   "the archive inside the backup is malformed although it decrypted: it was "
                   "written by a faulty program");
}

ssize_t ArchiveReader::ReadCallback(struct archive* a, void* client, const void** buf) {
  auto* self = static_cast<ArchiveReader*>(client);
  while (true) {
    Result<std::string_view> chunk = self->in_->Next();
    if (!chunk.ok()) {
      archive_set_error(a, EIO, "%s", chunk.error().message.c_str());
      return -1;
    }
    if (chunk->empty() && !self->in_->finished()) continue;
    *buf = chunk->data();
    return static_cast<ssize_t>(chunk->size());
  }
}

Status ArchiveReader::Open() {
  Utf8LocaleScope locale;
  a_ = archive_read_new();
  if (a_ == nullptr) return MakeError(Errc::kInternal, "archive_read_new failed");
  if (archive_read_support_filter_zstd(a_) != ARCHIVE_OK ||
      archive_read_support_format_tar(a_) != ARCHIVE_OK) {
    return MakeError(Errc::kInternal, "libarchive lacks zstd or tar: " + ArchiveMessage(a_));
  }
  if (archive_read_open(a_, this, nullptr, &ArchiveReader::ReadCallback, nullptr) != ARCHIVE_OK) {
    return Failure("cannot open the archive");
  }
  return Status::Ok();
}

Result<std::optional<ArchiveReader::Entry>> ArchiveReader::Next() {
  Utf8LocaleScope locale;
  struct archive_entry* e = nullptr;
  const int rc = archive_read_next_header(a_, &e);
  if (rc == ARCHIVE_EOF) return std::optional<Entry>();
  if (rc < ARCHIVE_WARN) return Failure("cannot read the next entry");
  Entry entry;
  const char* path = archive_entry_pathname(e);
  entry.path = path ? path : "";
  entry.size = archive_entry_size_is_set(e) ? static_cast<uint64_t>(archive_entry_size(e)) : 0;
  entry.regular = archive_entry_filetype(e) == AE_IFREG;
  return std::optional<Entry>(std::move(entry));
}

Result<size_t> ArchiveReader::Read(void* buf, size_t n) {
  Utf8LocaleScope locale;
  la_ssize_t r = archive_read_data(a_, buf, n);
  if (r < 0) return Failure("cannot read an entry");
  return static_cast<size_t>(r);
}

}  // namespace saraban::backup
