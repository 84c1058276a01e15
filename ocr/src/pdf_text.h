// PDF files through poppler-cpp: the text layer of each page, the decision
// whether that layer can be trusted, and pages rendered for OCR.
#ifndef SARABAN_OCR_SRC_PDF_TEXT_H_
#define SARABAN_OCR_SRC_PDF_TEXT_H_

#include <cstdint>
#include <memory>
#include <string>

#include "core/error.h"
#include "page_source.h"

namespace saraban::ocr {

struct PdfPageText {
  std::string text;        // UTF-8, in reading order, as poppler extracts it
  bool needs_ocr = false;  // the text layer is missing or not to be trusted
  std::string reason;      // why, for logs and tests: "no text", "GlyphLessFont", ...
};

// Why a text layer should be replaced by OCR, or "" if it can be used: the
// rules of DESIGN.md for legacy Thai fonts, exposed for tests.
std::string LegacyThaiReason(const std::string& text);

// One open PDF. Not thread-safe. Every poppler call is wrapped: failures and
// exceptions become Error values carrying poppler's own message.
class PdfFile {
 public:
  // kCorruption if poppler cannot load it, kUnsupported if it needs a password.
  static Result<PdfFile> Open(const std::string& path);
  PdfFile(PdfFile&&) noexcept;
  PdfFile& operator=(PdfFile&&) noexcept;
  ~PdfFile();

  int PageCount() const;
  Result<PdfPageText> Text(int index) const;
  // The page as 8-bit grey at `dpi`; kTooLarge if it would exceed max_pixels.
  Result<PixPtr> Render(int index, int dpi, uint64_t max_pixels) const;

 private:
  struct State;
  explicit PdfFile(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Every page of a PDF rendered for OCR (scanned PDFs into searchable PDFs).
Result<std::unique_ptr<PageSource>> OpenPdfPages(const std::string& path, int dpi,
                                                 uint64_t max_pixels);

}  // namespace saraban::ocr

#endif  // SARABAN_OCR_SRC_PDF_TEXT_H_
