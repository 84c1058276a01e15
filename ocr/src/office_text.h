// Text of office documents (DOCX, XLSX, PPTX, ODT): their XML parts read from
// the zip with hard limits, walked with pugixml.
#ifndef SARABAN_OCR_SRC_OFFICE_TEXT_H_
#define SARABAN_OCR_SRC_OFFICE_TEXT_H_

#include <string>

#include "core/error.h"
#include "ocr/ocr.h"
#include "zip_archive.h"

namespace saraban::ocr {

// The document's text, one line per paragraph (table cells and slide shapes
// are paragraphs too), tabs where the document has tabs. Runs inside a
// paragraph are joined without spaces: Word splits words across runs.
// kTooLarge past the limits, kCorruption for a broken zip or XML.
Result<std::string> ExtractOfficeText(const std::string& path, FileKind kind, ZipLimits limits);

// The text of one XML part, exposed for tests. `kind` picks the vocabulary
// (w: for DOCX, a: for PPTX, text: for ODT, the SpreadsheetML of XLSX).
Result<std::string> TextOfXmlPart(const std::string& xml, FileKind kind);

}  // namespace saraban::ocr

#endif  // SARABAN_OCR_SRC_OFFICE_TEXT_H_
