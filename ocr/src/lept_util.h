// Small Leptonica helpers shared by the image, PDF and searchable-PDF code:
// an owning Pix pointer and a way to get Leptonica's own error text into our
// Error values instead of onto stderr.
#ifndef SARABAN_OCR_SRC_LEPT_UTIL_H_
#define SARABAN_OCR_SRC_LEPT_UTIL_H_

#include <leptonica/allheaders.h>

#include <memory>
#include <string>

namespace saraban::ocr {

struct PixDeleter {
  void operator()(Pix* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// Leptonica reports failures by printing and returning NULL. Installs (once
// per process) a handler that keeps the last messages of the calling thread,
// and clears them; call before the Leptonica calls whose failure you report.
void ResetLeptonicaMessages();

// The messages Leptonica printed on this thread since the last reset, joined
// by "; " (empty if none).
std::string LeptonicaMessages();

}  // namespace saraban::ocr

#endif  // SARABAN_OCR_SRC_LEPT_UTIL_H_
