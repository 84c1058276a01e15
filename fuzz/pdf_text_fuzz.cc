// Fuzz target "pdf_text": the PDF text extractor (poppler-cpp) on an
// in-memory file: open, the text layer of the first pages with the
// legacy-Thai-font decision, and a page rendered small for OCR (our copy of
// poppler's padded rows into a Leptonica image).
//
// Input: one byte (bit 0: also render page 1), then the PDF.
#include "fuzz_input.h"
#include "pdf_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  saraban::fuzz::FuzzInput in(data, size);
  const uint8_t mode = in.Byte();
  saraban::fuzz::MemFile file(in.Rest());
  auto pdf = saraban::ocr::PdfFile::Open(file.path());
  if (!pdf) return 0;
  const int pages = pdf->PageCount();
  for (int i = 0; i < pages && i < 4; ++i) {
    auto text = pdf->Text(i);
    if (text) (void)saraban::ocr::LegacyThaiReason(text->text);
  }
  if ((mode & 1) && pages > 0) (void)pdf->Render(0, 12, 40'000);
  return 0;
}
