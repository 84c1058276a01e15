// Leptonica's message handler (see lept_util.h). Leptonica has one global
// handler; it appends to a thread-local buffer, so concurrent Extractors in
// one process (tests) do not mix their messages.
#include "lept_util.h"

#include <mutex>

namespace saraban::ocr {
namespace {

constexpr size_t kMaxMessageBytes = 2000;  // a broken TIFF can emit one line per strip

thread_local std::string messages;

void CaptureMessage(const char* text) {
  if (text == nullptr || messages.size() >= kMaxMessageBytes) return;
  std::string line(text);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (!messages.empty()) messages += "; ";
  messages += line.substr(0, kMaxMessageBytes - messages.size());
}

}  // namespace

void ResetLeptonicaMessages() {
  static std::once_flag installed;
  std::call_once(installed, [] { leptSetStderrHandler(&CaptureMessage); });
  messages.clear();
}

std::string LeptonicaMessages() { return messages; }

}  // namespace saraban::ocr
