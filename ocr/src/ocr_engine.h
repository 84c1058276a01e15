// One Tesseract engine, initialised on first use and then reused for every
// page of every file. Loading the models costs about 90 MB and a noticeable
// fraction of a second, so a worker keeps one engine for its lifetime.
// Not thread-safe (neither is TessBaseAPI).
#ifndef SARABAN_OCR_SRC_OCR_ENGINE_H_
#define SARABAN_OCR_SRC_OCR_ENGINE_H_

#include <memory>
#include <optional>
#include <string>

#include "core/error.h"
#include "lept_util.h"

namespace tesseract {
class TessBaseAPI;
class TessResultRenderer;
}  // namespace tesseract

namespace saraban::ocr {

class OcrEngine {
 public:
  OcrEngine(std::string languages, std::string tessdata_dir);
  ~OcrEngine();
  OcrEngine(const OcrEngine&) = delete;
  OcrEngine& operator=(const OcrEngine&) = delete;

  // Loads the models if not yet done. kInternal if a language's data is
  // missing or the list is malformed; the failure is remembered, so a broken
  // installation costs one attempt, not one per page.
  Status Init();

  // Recognises one page image (8-bit grey, resolution set when known) and
  // returns its text as UTF-8. When `renderer` is given, the page is also
  // added to it (a searchable PDF) before the results are dropped.
  Result<std::string> Recognize(Pix* page, tesseract::TessResultRenderer* renderer = nullptr);

  // Where the models were loaded from (the PDF renderer needs pdf.ttf there).
  // Only valid after a successful Init.
  std::string DataPath() const;

 private:
  std::string languages_;
  std::string tessdata_dir_;
  std::unique_ptr<tesseract::TessBaseAPI> api_;
  std::optional<Error> init_error_;
};

}  // namespace saraban::ocr

#endif  // SARABAN_OCR_SRC_OCR_ENGINE_H_
