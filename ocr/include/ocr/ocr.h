// Text out of scans and documents: the code path shared by `saraban extract`
// and the OCR worker processes. Tesseract, Leptonica, poppler, libarchive,
// pugixml and libmagic stay behind this header.
//
// Untrusted files are parsed here, so callers that must survive a crash run
// Extractor inside a separate worker process with memory and time limits
// (daemon/src/services/ocr_pool.h); `saraban extract` runs it directly.
//
// Thread-safety: DetectKind is safe from any thread. An Extractor is not
// thread-safe: one per worker process (Tesseract's engine is not thread-safe
// and costs about 90 MB), reused across files and pages. The process must
// have OMP_THREAD_LIMIT=1 in its environment before it starts.
//
// Locale: call setlocale(LC_CTYPE, "C.UTF-8") early in main, as for every
// libarchive user (DESIGN.md). Reading office files also works in the "C"
// locale (entry names libarchive cannot convert are skipped with a warning,
// and the parts we read have ASCII names), but writing Thai names does not.
//
// Errors: kUnsupported (not a kind we accept), kCorruption (the file is
// broken or truncated), kTooLarge (an image over the pixel limit, an archive
// over its entry or expansion limits), kIo (cannot read the file), kInternal
// (an engine failed to initialise, e.g. missing language data).
#ifndef SARABAN_OCR_OCR_H_
#define SARABAN_OCR_OCR_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace saraban::ocr {

enum class FileKind { kPng, kJpeg, kTiff, kPdf, kDocx, kXlsx, kPptx, kOdt, kText };

// The kind of a file, decided by its content (libmagic), never by its name.
// kUnsupported for anything we do not accept.
Result<FileKind> DetectKind(const std::string& path);
std::string_view KindName(FileKind kind);  // "png", "pdf", "docx", ...
std::string_view MimeType(FileKind kind);  // "image/png", "application/pdf", ...

struct ExtractOptions {
  // Tesseract language order; the first matters most ("lao+tha+eng" in Laos).
  std::string languages = "lao+tha+eng";
  std::string tessdata_dir;                   // empty: Tesseract's default
  uint64_t max_image_pixels = 200'000'000;    // per page; larger images are kTooLarge
  uint64_t max_archive_bytes = 200ull << 20;  // total expanded size of an office file
  uint32_t max_archive_entries = 10'000;
  int render_dpi = 300;  // PDF pages rendered for OCR
};

struct ExtractedText {
  std::vector<std::string> pages;  // one entry per page (office files and text: one page)
  std::string method;              // "ocr", "pdf_text", "pdf_text+ocr", "office_xml", "plain_text"
  std::string Joined() const;      // pages separated by form feeds
};

// Called after each page: (pages done, pages in total).
using Progress = std::function<void(int done, int total)>;

class Extractor {
 public:
  explicit Extractor(ExtractOptions options);
  ~Extractor();
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;

  // Text of any accepted file. Scans and images: Tesseract with deskew;
  // born-digital PDF pages: their text via poppler, unless the page carries an
  // earlier OCR layer (GlyphLessFont) or legacy Thai glyphs (U+F700-F71A, lost
  // SARA AM), which are OCR'd; office files: their XML text. The text is not
  // normalised (the indexer does that).
  Result<ExtractedText> Extract(const std::string& path, const Progress& progress = {});

  // A searchable PDF of a scan (image or scanned PDF): the page images with
  // Tesseract's invisible text layer, written to out_path.
  Status MakeSearchablePdf(const std::string& path, const std::string& out_path);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Whether Tesseract can load every language of `languages` ("lao+tha+eng")
// from `tessdata_dir` (empty: Tesseract's default), as an OCR worker would.
// kInternal names the first missing language; takes about a second.
Status CheckLanguages(const std::string& languages, const std::string& tessdata_dir = {});

}  // namespace saraban::ocr

#endif  // SARABAN_OCR_OCR_H_
