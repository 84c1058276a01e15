// UTF-8 checks and decoding for the places that must not trust their input:
// deciding that a file is text, and scanning a PDF text layer for the marks of
// legacy Thai fonts. No ICU here: the rules needed are small and exact.
#ifndef SARABAN_OCR_SRC_UTF8_H_
#define SARABAN_OCR_SRC_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace saraban::ocr {

// True if `bytes` is well-formed UTF-8 (no overlongs, no surrogates, nothing
// above U+10FFFF) and contains no NUL. With `allow_truncated_tail`, an
// incomplete sequence in the last three bytes is accepted: the caller read a
// prefix of a longer file and may have cut a character in two.
bool IsValidUtf8(std::string_view bytes, bool allow_truncated_tail = false);

// Code points of well-formed UTF-8; each malformed byte becomes U+FFFD.
std::u32string DecodeUtf8(std::string_view bytes);

// UTF-8 encoding of code points (used by tests and for building text).
std::string EncodeUtf8(std::u32string_view code_points);

}  // namespace saraban::ocr

#endif  // SARABAN_OCR_SRC_UTF8_H_
