// UTF-8 validation and decoding (see utf8.h). One decoder serves both the
// strict check and the lenient decode, so they cannot disagree.
#include "utf8.h"

#include <cstdint>

namespace saraban::ocr {
namespace {

enum class Step { kOk, kInvalid, kTruncated };

// Decodes one code point at bytes[i]; advances i. The ranges are those of
// RFC 3629, table 3-7 of the Unicode standard.
Step DecodeOne(std::string_view bytes, size_t& i, char32_t& out) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(bytes[k]); };
  const uint8_t b0 = byte(i);
  if (b0 < 0x80) {
    out = b0;
    ++i;
    return Step::kOk;
  }
  int length;
  uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
    out = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    out = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    out = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return Step::kInvalid;
  }
  for (int k = 1; k < length; ++k) {
    if (i + k >= bytes.size()) return Step::kTruncated;
    const uint8_t b = byte(i + k);
    if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return Step::kInvalid;
    out = (out << 6) | (b & 0x3F);
  }
  i += length;
  return Step::kOk;
}

}  // namespace

bool IsValidUtf8(std::string_view bytes, bool allow_truncated_tail) {
  size_t i = 0;
  char32_t cp;
  while (i < bytes.size()) {
    switch (DecodeOne(bytes, i, cp)) {
      case Step::kOk:
        if (cp == 0) return false;  // NUL: binary or UTF-16, not a text file
        break;
      case Step::kTruncated:  // only the last character can be cut short
        return allow_truncated_tail;
      case Step::kInvalid:
        return false;
    }
  }
  return true;
}

std::u32string DecodeUtf8(std::string_view bytes) {
  std::u32string out;
  out.reserve(bytes.size());
  size_t i = 0;
  char32_t cp;
  while (i < bytes.size()) {
    if (DecodeOne(bytes, i, cp) == Step::kOk) {
      out.push_back(cp);
    } else {
      out.push_back(U'\uFFFD');
      ++i;
    }
  }
  return out;
}

std::string EncodeUtf8(std::u32string_view code_points) {
  std::string out;
  out.reserve(code_points.size() * 3);
  for (char32_t c : code_points) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

}  // namespace saraban::ocr
