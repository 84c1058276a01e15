// saraban extract FILE and saraban ocr-worker: the two front ends of the one
// extraction code path (ocr::Extractor, then NormalizeText).
#include <cstdio>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "indexer/indexer.h"
#include "ocr/ocr.h"

namespace saraban::cli {
namespace {

using nlohmann::json;

Result<ocr::ExtractedText> ExtractFile(ocr::Extractor& extractor, const std::string& path,
                                       const ocr::Progress& progress) {
  auto kind = ocr::DetectKind(path);
  if (!kind) return kind.error();
  return extractor.Extract(path, progress);
}

}  // namespace

int RunExtract(const std::string& path, const std::string& languages) {
  ocr::Extractor extractor({.languages = languages});
  auto text = ExtractFile(extractor, path, {});
  if (!text) {
    Fail(text.error());
    return 2;
  }
  const std::string out = indexer::NormalizeText(text->Joined());
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (!out.empty() && out.back() != '\n') std::fputc('\n', stdout);
  return 0;
}

int RunMakePdf(const std::string& in, const std::string& out, const std::string& languages) {
  ocr::Extractor extractor({.languages = languages});
  if (Status s = extractor.MakeSearchablePdf(in, out); !s) {
    std::printf("%s\n", s.error().message.c_str());
    return 2;
  }
  std::printf("ok\n");
  return 0;
}

int RunOcrWorker() {
  // One engine per language list, kept for every file this process reads.
  std::map<std::string, std::unique_ptr<ocr::Extractor>> extractors;
  std::string line;
  while (std::getline(std::cin, line)) {
    const json request = json::parse(line, nullptr, false);
    json answer;
    if (!request.is_object() || !request.contains("path")) {
      answer = {{"ok", false}, {"code", "malformed_request"}, {"message", "bad job line"}};
    } else {
      const std::string languages = request.value("languages", "lao+tha+eng");
      auto& extractor = extractors[languages];
      if (!extractor) extractor = std::make_unique<ocr::Extractor>(ocr::ExtractOptions{.languages = languages});
      auto text = ExtractFile(*extractor, request["path"].get<std::string>(), [](int done, int total) {
        std::cout << json{{"progress", {done, total}}}.dump() << std::endl;
      });
      if (text) {
        answer = {{"ok", true},
                  {"pages", text->pages.size()},
                  {"method", text->method},
                  {"text", indexer::NormalizeText(text->Joined())}};
      } else {
        answer = {{"ok", false},
                  {"code", std::string(ErrcName(text.error().code))},
                  {"message", text.error().message}};
      }
    }
    std::cout << answer.dump(-1, ' ', false, json::error_handler_t::replace) << std::endl;
  }
  return 0;
}

}  // namespace saraban::cli
