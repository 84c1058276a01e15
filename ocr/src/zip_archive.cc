// libarchive behind ZipReader (see zip_archive.h). archive.h is included here
// and nowhere else in ocr/.
#include "zip_archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <utility>

namespace saraban::ocr {
namespace {

struct ArchiveFree {
  void operator()(archive* a) const { archive_read_free(a); }
};

std::string ArchiveMessage(archive* a, const char* fallback) {
  const char* message = archive_error_string(a);
  return message != nullptr ? message : fallback;
}

}  // namespace

struct ZipReader::State {
  std::unique_ptr<archive, ArchiveFree> handle;
  archive_entry* entry = nullptr;  // owned by `archive`, valid until the next header
  ZipLimits limits;
  uint32_t entries_seen = 0;
  uint64_t bytes_read = 0;
  std::string path;
};

ZipReader::ZipReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
ZipReader::ZipReader(ZipReader&&) noexcept = default;
ZipReader& ZipReader::operator=(ZipReader&&) noexcept = default;
ZipReader::~ZipReader() = default;

Result<ZipReader> ZipReader::Open(const std::string& path, ZipLimits limits) {
  auto state = std::make_unique<State>();
  state->limits = limits;
  state->path = path;
  state->handle.reset(archive_read_new());
  if (!state->handle) return MakeError(Errc::kInternal, "archive_read_new failed");
  archive* a = state->handle.get();
  // Zip only, no compression filters: an office file is a plain zip, and
  // accepting .tar.gz here would only widen what an attacker can feed us.
  // For a seekable file libarchive reads the central directory, so entries
  // with data descriptors and the true entry list are handled.
  if (archive_read_support_format_zip(a) != ARCHIVE_OK) {
    return MakeError(Errc::kInternal, ArchiveMessage(a, "no zip support in libarchive"));
  }
  if (archive_read_open_filename(a, path.c_str(), 64 * 1024) != ARCHIVE_OK) {
    const int err = archive_errno(a);
    const std::string message = path + ": " + ArchiveMessage(a, "cannot open");
    // archive_errno is the OS errno for open failures, ARCHIVE_ERRNO_* (-1 or
    // EILSEQ-like codes) when the bytes are not a zip.
    if (err == ENOENT || err == EACCES || err == EISDIR) return MakeError(Errc::kIo, message);
    return MakeError(Errc::kCorruption, message);
  }
  return ZipReader(std::move(state));
}

Result<std::optional<std::string>> ZipReader::Next() {
  archive* a = state_->handle.get();
  const int rc = archive_read_next_header(a, &state_->entry);
  if (rc == ARCHIVE_EOF) {
    state_->entry = nullptr;
    return std::optional<std::string>();
  }
  // ARCHIVE_WARN comes e.g. from a name that cannot be converted to the
  // current locale; the entry itself is readable.
  if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
    state_->entry = nullptr;
    return MakeError(Errc::kCorruption,
                     state_->path + ": " + ArchiveMessage(a, "damaged zip directory"));
  }
  if (++state_->entries_seen > state_->limits.max_entries) {
    return MakeError(Errc::kTooLarge,
                     state_->path + ": more than " + std::to_string(state_->limits.max_entries) +
                         " entries in the archive",
                     "an office file this large is not accepted; split it or save it as PDF");
  }
  const char* name = archive_entry_pathname_utf8(state_->entry);
  if (name == nullptr) name = archive_entry_pathname(state_->entry);
  return std::optional<std::string>(name != nullptr ? name : "");
}

Result<std::string> ZipReader::ReadCurrent() {
  if (state_->entry == nullptr) return MakeError(Errc::kInternal, "ReadCurrent without an entry");
  archive* a = state_->handle.get();
  const uint64_t budget = state_->limits.max_total_bytes - state_->bytes_read;
  const auto too_large = [&] {
    return MakeError(Errc::kTooLarge,
                     state_->path + ": expands to more than " +
                         std::to_string(state_->limits.max_total_bytes) + " bytes",
                     "the file may be a zip bomb; if it is genuine, save it as PDF");
  };
  // The declared size is only a hint (a bomb can lie), but when it already
  // exceeds the budget there is no point inflating anything.
  if (archive_entry_size_is_set(state_->entry) &&
      static_cast<uint64_t>(archive_entry_size(state_->entry)) > budget) {
    return too_large();
  }
  if (archive_entry_is_encrypted(state_->entry)) {
    return MakeError(Errc::kUnsupported, state_->path + ": encrypted zip entry",
                     "remove the password and upload the file again");
  }
  std::string content;
  char buffer[64 * 1024];
  for (;;) {
    const la_ssize_t n = archive_read_data(a, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      return MakeError(Errc::kCorruption,
                       state_->path + ": " + ArchiveMessage(a, "damaged zip entry"));
    }
    if (static_cast<uint64_t>(n) > budget - content.size()) return too_large();
    content.append(buffer, static_cast<size_t>(n));
  }
  state_->bytes_read += content.size();
  return content;
}

}  // namespace saraban::ocr
