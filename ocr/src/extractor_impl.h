// The state behind an Extractor: its options and its one Tesseract engine.
// Shared by extractor.cc (Extract) and searchable_pdf.cc (MakeSearchablePdf).
#ifndef SARABAN_OCR_SRC_EXTRACTOR_IMPL_H_
#define SARABAN_OCR_SRC_EXTRACTOR_IMPL_H_

#include <utility>

#include "ocr/ocr.h"
#include "ocr_engine.h"
#include "page_source.h"

namespace saraban::ocr {

struct Extractor::Impl {
  explicit Impl(ExtractOptions opts)
      : options(std::move(opts)), engine(options.languages, options.tessdata_dir) {}

  // The pages of a scan (image file or PDF rendered at render_dpi).
  Result<std::unique_ptr<PageSource>> OpenScan(const std::string& path, FileKind kind) const;

  // OCR of one page image (or the error that prevented loading it):
  // PrepareForOcr, then the engine; with a renderer, the page is also added
  // to a searchable PDF.
  Result<std::string> ReadPage(Result<PixPtr> image,
                               tesseract::TessResultRenderer* renderer = nullptr);

  // kInternal for options no caller should pass (e.g. render_dpi 0).
  Status CheckOptions() const;

  ExtractOptions options;
  OcrEngine engine;
};

// Runs `body`, turning any exception that escapes a library into an Error:
// no C++ exception crosses the public header.
template <class T, class Body>
Result<T> Guarded(const std::string& path, Body&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return MakeError(Errc::kTooLarge, path + ": out of memory");
  } catch (const std::exception& e) {
    return MakeError(Errc::kCorruption, path + ": " + e.what());
  } catch (...) {
    return MakeError(Errc::kInternal, path + ": unknown exception");
  }
}

}  // namespace saraban::ocr

#endif  // SARABAN_OCR_SRC_EXTRACTOR_IMPL_H_
