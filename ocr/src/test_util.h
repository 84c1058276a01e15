// Helpers for the ocr tests: the shared samples, running command-line tools,
// character error rate, and writers for the fixtures the tests build
// themselves (zips, PDFs, PNG headers) so that no binary fixture is checked in.
#ifndef SARABAN_OCR_SRC_TEST_UTIL_H_
#define SARABAN_OCR_SRC_TEST_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace saraban::ocr::testing {

// The directory of the shared OCR samples (manifest.tsv, page images and
// their ground truth), or "" if it is not there. Only a missing directory
// skips a test; a missing file in it fails the test.
std::string SamplesDir();
std::string Sample(const std::string& name);  // SamplesDir() + "/" + name

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& bytes);
bool FileExists(const std::string& path);

// Runs a shell command (popen); returns its standard output. `status` gets
// the exit status (-1 if it could not run).
std::string RunCommand(const std::string& command, int* status = nullptr);
// Single-quotes a path for the shell.
std::string ShellQuote(const std::string& s);

// Character error rate, as used to compare us with the tesseract command
// line: both texts are decoded to code points, Thai and Lao decomposed AM
// (U+0E4D U+0E32, U+0ECD U+0EB2) are composed to U+0E33 / U+0EB3, and all
// whitespace is removed (Thai and Lao do not separate words, and Tesseract's
// spacing is not what we measure). The rate is the Levenshtein distance over
// the ground truth's length.
std::u32string NormaliseForCer(const std::string& utf8);
size_t EditDistance(const std::u32string& a, const std::u32string& b);
struct CerCount {
  size_t edits = 0;
  size_t length = 0;  // of the ground truth
  double Rate() const { return length == 0 ? 0.0 : static_cast<double>(edits) / length; }
  CerCount& operator+=(const CerCount& o) {
    edits += o.edits;
    length += o.length;
    return *this;
  }
};
CerCount Cer(const std::string& recognised, const std::string& truth);

// A zip written with libarchive; entries in the given order.
struct ZipEntry {
  std::string name;
  std::string content;
  bool stored = false;  // no compression (ODF's mimetype entry must be stored)
};
void WriteZip(const std::string& path, const std::vector<ZipEntry>& entries);
// A zip whose one entry `name` holds `size` zero bytes, streamed through the
// compressor: a zip bomb of a few hundred kilobytes.
void WriteZeroBombZip(const std::string& path, const std::vector<ZipEntry>& prefix,
                      const std::string& name, size_t size);

// Rewrites the uncompressed size recorded for entry `name` (local header and
// central directory) in the zip bytes: a zip bomb that lies about its size.
void LieAboutUncompressedSize(std::string& zip, const std::string& name, uint32_t size);

// A one-page PDF with the given objects 5.. (object 1 catalog, 2 pages,
// 3 page using font /F1 = object 5, 4 the content stream).
std::string MinimalPdf(const std::string& content_stream, const std::vector<std::string>& objects);
// A one-page PDF whose text layer is `text` (UTF-8, BMP only) in a
// non-embedded Identity-H font with a ToUnicode map: what a born-digital Thai
// or Lao document looks like to a text extractor.
std::string UnicodeTextPdf(const std::vector<std::string>& lines);
// A one-page PDF with ASCII text in Helvetica.
std::string HelveticaPdf(const std::vector<std::string>& lines);

// The first bytes of a PNG (signature, IHDR, a tiny IDAT) claiming w x h
// 8-bit grey pixels: enough for libmagic and a header reader, nothing more.
std::string PngHeaderOnly(unsigned w, unsigned h);

}  // namespace saraban::ocr::testing

#endif  // SARABAN_OCR_SRC_TEST_UTIL_H_
