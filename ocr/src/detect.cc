// Deciding what a file is from its bytes: libmagic first, then a look inside
// generic zips (libmagic recognises an OOXML file only when
// [Content_Types].xml is the first entry, which not every writer does), and a
// UTF-8 check for text (libmagic says text/plain for Latin-1 and TIS-620 too,
// and the indexer expects UTF-8). File names are never consulted: a clerk's
// "scan.pdf" may be a PNG, and a hostile ".docx" may be anything.
#include <fcntl.h>
#include <magic.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ocr/ocr.h"
#include "utf8.h"
#include "zip_archive.h"

namespace saraban::ocr {
namespace {

constexpr std::string_view kOdtMime = "application/vnd.oasis.opendocument.text";

struct KindInfo {
  FileKind kind;
  std::string_view name;
  std::string_view mime;
};

// libmagic 5.44 (Debian 12) reports exactly these strings for the kinds we
// accept; the office ones were checked against files written by Word-like
// producers ([Content_Types].xml first) and an ODT with `mimetype` first.
constexpr std::array<KindInfo, 9> kKinds = {{
    {FileKind::kPng, "png", "image/png"},
    {FileKind::kJpeg, "jpeg", "image/jpeg"},
    {FileKind::kTiff, "tiff", "image/tiff"},
    {FileKind::kPdf, "pdf", "application/pdf"},
    {FileKind::kDocx, "docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {FileKind::kXlsx, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {FileKind::kPptx, "pptx",
     "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    {FileKind::kOdt, "odt", kOdtMime},
    {FileKind::kText, "text", "text/plain"},
}};

// How much of a text file DetectKind checks; Extract checks the rest.
constexpr size_t kTextProbeBytes = 1 << 20;

// A libmagic handle with the compiled database loaded. magic_t is not
// thread-safe, and loading the database for every call would cost more than
// the lookup.
class MagicCookie {
 public:
  MagicCookie() : cookie_(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR)) {
    if (cookie_ != nullptr && magic_load(cookie_, nullptr) != 0) {
      load_error_ = magic_error(cookie_) ? magic_error(cookie_) : "magic_load failed";
    }
  }
  ~MagicCookie() {
    if (cookie_ != nullptr) magic_close(cookie_);
  }
  MagicCookie(const MagicCookie&) = delete;
  MagicCookie& operator=(const MagicCookie&) = delete;

  Result<std::string> MimeOf(const std::string& path) {
    if (cookie_ == nullptr) return MakeError(Errc::kInternal, "magic_open failed");
    if (!load_error_.empty()) return MakeError(Errc::kInternal, "libmagic: " + load_error_);
    const char* mime = magic_file(cookie_, path.c_str());
    if (mime == nullptr) {
      const char* error = magic_error(cookie_);
      return MakeError(Errc::kIo, path + ": " + (error != nullptr ? error : "libmagic failed"));
    }
    return std::string(mime);
  }

 private:
  magic_t cookie_;
  std::string load_error_;
};

// Handles lent to one caller at a time. Each holds about 1.2 MB of parsed
// database (heaptrack), so one per thread would cost hundreds of MB with
// 258 CivetWeb workers; uploads seldom overlap, so a few are kept and any
// extra made under a burst is closed after use.
class MagicPool {
 public:
  Result<std::string> MimeOf(const std::string& path) {
    std::unique_ptr<MagicCookie> cookie;
    {
      std::lock_guard lock(mu_);
      if (!idle_.empty()) {
        cookie = std::move(idle_.back());
        idle_.pop_back();
      }
    }
    if (!cookie) cookie = std::make_unique<MagicCookie>();
    auto mime = cookie->MimeOf(path);
    std::lock_guard lock(mu_);
    if (idle_.size() < kKept) idle_.push_back(std::move(cookie));
    return mime;
  }

 private:
  static constexpr size_t kKept = 4;
  std::mutex mu_;
  std::vector<std::unique_ptr<MagicCookie>> idle_;
};

Error Unsupported(const std::string& path, std::string_view what) {
  return MakeError(Errc::kUnsupported, path + ": " + std::string(what),
                   "accepted: PNG, JPEG, TIFF, PDF, DOCX, XLSX, PPTX, ODT, UTF-8 text");
}

// A zip that libmagic could not place: decide by its entries, as an office
// suite would. OOXML has [Content_Types].xml and a part folder per
// application; ODF names its type in a `mimetype` entry.
Result<FileKind> KindOfZip(const std::string& path) {
  auto reader = ZipReader::Open(
      path, {.max_entries = ExtractOptions{}.max_archive_entries, .max_total_bytes = 4096});
  if (!reader.ok()) return reader.error();
  bool content_types = false, word = false, xl = false, ppt = false;
  std::optional<std::string> odf_mime;
  for (;;) {
    auto name = reader->Next();
    if (!name.ok()) return name.error();
    if (!name->has_value()) break;
    const std::string& n = **name;
    if (n == "[Content_Types].xml") content_types = true;
    word |= n.starts_with("word/");
    xl |= n.starts_with("xl/");
    ppt |= n.starts_with("ppt/");
    if (n == "mimetype" && !odf_mime) {
      auto content = reader->ReadCurrent();
      if (!content.ok()) return content.error();
      odf_mime = *content;
    }
  }
  if (odf_mime) {
    // Trailing whitespace is tolerated: some writers add a newline.
    std::string mime = *odf_mime;
    while (!mime.empty() && std::isspace(static_cast<unsigned char>(mime.back()))) mime.pop_back();
    if (mime == kOdtMime) return FileKind::kOdt;
    return Unsupported(path, "OpenDocument type " + mime);
  }
  if (content_types) {
    if (word) return FileKind::kDocx;
    if (xl) return FileKind::kXlsx;
    if (ppt) return FileKind::kPptx;
  }
  return Unsupported(path, "zip archive that is not an office document");
}

Result<FileKind> KindOfText(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return MakeError(Errc::kIo, path + ": " + std::strerror(errno));
  std::string probe(kTextProbeBytes + 1, '\0');
  size_t got = 0;
  while (got < probe.size()) {
    const ssize_t n = read(fd, probe.data() + got, probe.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  close(fd);
  const bool more = got > kTextProbeBytes;
  probe.resize(std::min(got, kTextProbeBytes));
  if (!IsValidUtf8(probe, /*allow_truncated_tail=*/more)) {
    return Unsupported(path, "text that is not UTF-8");
  }
  return FileKind::kText;
}

}  // namespace

Result<FileKind> DetectKind(const std::string& path) {
  // Open first so that a missing or unreadable file is kIo, not a guess.
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return MakeError(Errc::kIo, path + ": " + std::strerror(errno));
  close(fd);

  static MagicPool magic;
  auto mime = magic.MimeOf(path);
  if (!mime.ok()) return mime.error();
  for (const KindInfo& info : kKinds) {
    if (*mime == info.mime) {
      return info.kind == FileKind::kText ? KindOfText(path) : Result<FileKind>(info.kind);
    }
  }
  if (*mime == "application/zip") return KindOfZip(path);
  return Unsupported(path, "unsupported file type " + *mime);
}

std::string_view KindName(FileKind kind) {
  for (const KindInfo& info : kKinds) {
    if (info.kind == kind) return info.name;
  }
  return "unknown";
}

std::string_view MimeType(FileKind kind) {
  for (const KindInfo& info : kKinds) {
    if (info.kind == kind) return info.mime;
  }
  return "application/octet-stream";
}

}  // namespace saraban::ocr
