// A document seen as a sequence of page images: what OCR and the searchable
// PDF writer consume, whether the pages come from an image file (PNG, JPEG,
// multi-page TIFF) or are rendered from a PDF.
#ifndef SARABAN_OCR_SRC_PAGE_SOURCE_H_
#define SARABAN_OCR_SRC_PAGE_SOURCE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "core/error.h"
#include "lept_util.h"
#include "ocr/ocr.h"

namespace saraban::ocr {

class PageSource {
 public:
  virtual ~PageSource() = default;
  virtual int PageCount() const = 0;
  // Page `index` (0-based), decoded. kTooLarge if its pixel count exceeds the
  // limit (checked from the header, before decoding), kCorruption if it
  // cannot be decoded.
  virtual Result<PixPtr> Page(int index) = 0;
};

// Pages of a PNG, JPEG or TIFF file. kCorruption if the header is unreadable.
Result<std::unique_ptr<PageSource>> OpenImagePages(const std::string& path, FileKind kind,
                                                   uint64_t max_pixels);

// What Tesseract is given: 8-bit grey (alpha composited on white), its
// resolution from PageResolution, straightened if clearly skewed.
// kInternal if Leptonica fails.
Result<PixPtr> PrepareForOcr(Pix* page);

// The resolution to tell Tesseract for a page of width x height pixels whose
// file declares `declared_dpi` (0 if none): the declared one if credible
// (70-2400 dpi, and not a 72/96 dpi placeholder that would make a poster of
// the page), else the one that makes a page-shaped image an A4 sheet, else 0
// (Tesseract then estimates it from the text).
int PageResolution(int width, int height, int declared_dpi);

}  // namespace saraban::ocr

#endif  // SARABAN_OCR_SRC_PAGE_SOURCE_H_
