// Fuzz target "office_text": the office-document text extractor (DOCX, XLSX,
// PPTX, ODT) on an in-memory file, through the same calls the OCR worker
// makes: libmagic's kind detection, the bounded zip reader (libarchive) and
// the XML walk (pugixml).
//
// Input: one byte, then the file. Its low two bits pick the document kind to
// read the zip as; with the high bit set the rest is one XML part instead of
// a zip, so mutations reach the XML walker without breaking a zip's CRCs.
#include <clocale>

#include "fuzz_input.h"
#include "ocr/ocr.h"
#include "office_text.h"
#include "zip_archive.h"

namespace {

using saraban::ocr::FileKind;

bool Init() {
  std::setlocale(LC_CTYPE, "C.UTF-8");  // as the worker does (ocr.h)
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool ready = Init();
  (void)ready;
  saraban::fuzz::FuzzInput in(data, size);
  const uint8_t mode = in.Byte();
  static constexpr FileKind kKinds[] = {FileKind::kDocx, FileKind::kXlsx, FileKind::kPptx,
                                        FileKind::kOdt};
  const FileKind kind = kKinds[mode & 3];
  const std::string bytes = in.Rest();
  if (mode & 0x80) {
    (void)saraban::ocr::TextOfXmlPart(bytes, kind);
    return 0;
  }
  saraban::fuzz::MemFile file(bytes);
  (void)saraban::ocr::DetectKind(file.path());
  // Tighter limits than production so a bomb costs the fuzzer little time;
  // the limit checks themselves are what is exercised.
  (void)saraban::ocr::ExtractOfficeText(file.path(), kind,
                                        {.max_entries = 200, .max_total_bytes = 8u << 20});
  return 0;
}
