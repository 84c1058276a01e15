// Tesseract behind OcrEngine (see ocr_engine.h). The settings mirror the
// `tesseract` command line (LSTM only, automatic page segmentation), so that
// our accuracy can be compared with it page for page (cer_test.cc).
#include "ocr_engine.h"

#include <tesseract/baseapi.h>
#include <tesseract/renderer.h>

#include <algorithm>
#include <sstream>
#include <utility>
#include <vector>

#include "ocr/ocr.h"

namespace saraban::ocr {
namespace {

// Tesseract resolves each language to <tessdata>/<name>.traineddata, so the
// names must not be able to walk out of that directory.
bool IsValidLanguageList(const std::string& languages) {
  if (languages.empty()) return false;
  std::istringstream parts(languages);
  std::string part;
  while (std::getline(parts, part, '+')) {
    if (part.empty() || part.size() > 64) return false;
    const bool plain = std::all_of(part.begin(), part.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '_' || c == '-';
    });
    if (!plain) return false;
  }
  return languages.back() != '+';
}

}  // namespace

OcrEngine::OcrEngine(std::string languages, std::string tessdata_dir)
    : languages_(std::move(languages)), tessdata_dir_(std::move(tessdata_dir)) {}

OcrEngine::~OcrEngine() {
  if (api_) api_->End();
}

Status OcrEngine::Init() {
  if (api_) return Status::Ok();
  if (init_error_) return *init_error_;
  auto fail = [&](std::string message) {
    init_error_ = MakeError(
        Errc::kInternal, std::move(message),
        "install the tesseract-ocr-<lang> packages or fix the language list (e.g. lao+tha+eng)");
    return Status(*init_error_);
  };
  if (!IsValidLanguageList(languages_)) {
    return fail("invalid OCR language list '" + languages_ + "'");
  }

  auto api = std::make_unique<tesseract::TessBaseAPI>();
  const char* datapath = tessdata_dir_.empty() ? nullptr : tessdata_dir_.c_str();
  if (api->Init(datapath, languages_.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
    return fail("Tesseract could not load languages '" + languages_ + "'" +
                (tessdata_dir_.empty() ? "" : " from " + tessdata_dir_));
  }
  // Tesseract quietly carries on when only some of the languages load; a
  // missing Lao model would then cost accuracy without anyone noticing.
  std::vector<std::string> loaded;
  api->GetLoadedLanguagesAsVector(&loaded);
  std::istringstream parts(languages_);
  std::string part;
  while (std::getline(parts, part, '+')) {
    if (std::find(loaded.begin(), loaded.end(), part) == loaded.end()) {
      api->End();
      return fail("Tesseract has no data for language '" + part + "'");
    }
  }
  // The library defaults to one uniform block of text; the command line uses
  // automatic layout analysis, which letters (letterhead, columns, tables) need.
  api->SetPageSegMode(tesseract::PSM_AUTO);
  api_ = std::move(api);
  return Status::Ok();
}

Status CheckLanguages(const std::string& languages, const std::string& tessdata_dir) {
  return OcrEngine(languages, tessdata_dir).Init();
}

Result<std::string> OcrEngine::Recognize(Pix* page, tesseract::TessResultRenderer* renderer) {
  if (Status status = Init(); !status.ok()) return status.error();
  api_->SetImage(page);
  if (api_->Recognize(nullptr) != 0) {
    api_->Clear();
    return MakeError(Errc::kInternal, "Tesseract failed to recognise the page");
  }
  if (renderer != nullptr && !renderer->AddImage(api_.get())) {
    api_->Clear();
    return MakeError(Errc::kIo, "could not add the page to the searchable PDF");
  }
  std::unique_ptr<char[]> text(api_->GetUTF8Text());
  // Clear drops the page's results and image but keeps the models loaded.
  api_->Clear();
  return text ? std::string(text.get()) : std::string();
}

std::string OcrEngine::DataPath() const { return api_ ? api_->GetDatapath() : std::string(); }

}  // namespace saraban::ocr
