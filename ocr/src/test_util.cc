// Test helpers (see test_util.h).
#include "test_util.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <clocale>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "utf8.h"

namespace saraban::ocr::testing {
namespace {

// libarchive converts entry names through the locale (DESIGN.md: it crashed
// writing Thai names in the "C" locale); the ocr callers set a UTF-8 locale,
// and so do the tests, before any test runs.
const bool kUtf8Locale = [] { return std::setlocale(LC_CTYPE, "C.UTF-8") != nullptr; }();

void Check(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error(what);
}

struct ArchiveWriteFree {
  void operator()(archive* a) const { archive_write_free(a); }
};

std::unique_ptr<archive, ArchiveWriteFree> OpenZipWriter(const std::string& path) {
  Check(kUtf8Locale, "no C.UTF-8 locale");
  std::unique_ptr<archive, ArchiveWriteFree> a(archive_write_new());
  Check(archive_write_set_format_zip(a.get()) == ARCHIVE_OK, "zip format");
  // Fastest deflate: the fixtures are small, and zeros compress ~1000:1 at any level.
  Check(archive_write_set_format_option(a.get(), "zip", "compression-level", "1") == ARCHIVE_OK,
        "compression level");
  Check(archive_write_open_filename(a.get(), path.c_str()) == ARCHIVE_OK, "open " + path);
  return a;
}

void AddEntry(archive* a, const ZipEntry& e) {
  // Deflate unless asked to store; chosen per entry.
  Check((e.stored ? archive_write_zip_set_compression_store(a)
                  : archive_write_zip_set_compression_deflate(a)) == ARCHIVE_OK,
        "compression for " + e.name);
  archive_entry* entry = archive_entry_new();
  archive_entry_set_pathname_utf8(entry, e.name.c_str());
  archive_entry_set_filetype(entry, AE_IFREG);
  archive_entry_set_perm(entry, 0644);
  archive_entry_set_size(entry, static_cast<la_int64_t>(e.content.size()));
  Check(archive_write_header(a, entry) == ARCHIVE_OK, "header " + e.name);
  Check(archive_write_data(a, e.content.data(), e.content.size()) ==
            static_cast<la_ssize_t>(e.content.size()),
        "data " + e.name);
  archive_entry_free(entry);
}

uint32_t Crc32(const std::string& bytes) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    crc ^= b;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::string BigEndian32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string PngChunk(const std::string& type, const std::string& data) {
  return BigEndian32(static_cast<uint32_t>(data.size())) + type + data +
         BigEndian32(Crc32(type + data));
}

std::string Hex4(uint32_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04X", v & 0xFFFF);
  return buf;
}

std::string Stream(const std::string& data) {
  return "<< /Length " + std::to_string(data.size()) + " >>\nstream\n" + data + "\nendstream";
}

}  // namespace

std::string SamplesDir() {
  struct stat st {};
  return stat(SARABAN_SAMPLES, &st) == 0 && S_ISDIR(st.st_mode) ? SARABAN_SAMPLES : "";
}

std::string Sample(const std::string& name) { return SamplesDir() + "/" + name; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  Check(in.good(), "cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  Check(out.good(), "cannot write " + path);
}

bool FileExists(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0;
}

std::string RunCommand(const std::string& command, int* status) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    if (status != nullptr) *status = -1;
    return "";
  }
  std::string out;
  std::array<char, 65536> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  const int rc = pclose(pipe);
  if (status != nullptr) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::u32string NormaliseForCer(const std::string& utf8) {
  const std::u32string in = DecodeUtf8(utf8);
  std::u32string out;
  out.reserve(in.size());
  for (char32_t c : in) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
        c == 0x200B) {
      continue;
    }
    if (!out.empty() &&
        ((out.back() == 0x0E4D && c == 0x0E32) || (out.back() == 0x0ECD && c == 0x0EB2))) {
      out.back() = out.back() == 0x0E4D ? 0x0E33 : 0x0EB3;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

size_t EditDistance(const std::u32string& a, const std::u32string& b) {
  std::vector<size_t> previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      current[j] = std::min(
          {previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

CerCount Cer(const std::string& recognised, const std::string& truth) {
  const std::u32string t = NormaliseForCer(truth);
  return {EditDistance(NormaliseForCer(recognised), t), t.size()};
}

void WriteZip(const std::string& path, const std::vector<ZipEntry>& entries) {
  auto a = OpenZipWriter(path);
  for (const ZipEntry& e : entries) AddEntry(a.get(), e);
  Check(archive_write_close(a.get()) == ARCHIVE_OK, "close " + path);
}

void WriteZeroBombZip(const std::string& path, const std::vector<ZipEntry>& prefix,
                      const std::string& name, size_t size) {
  auto a = OpenZipWriter(path);
  for (const ZipEntry& e : prefix) AddEntry(a.get(), e);
  Check(archive_write_zip_set_compression_deflate(a.get()) == ARCHIVE_OK, "deflate");
  archive_entry* entry = archive_entry_new();
  archive_entry_set_pathname_utf8(entry, name.c_str());
  archive_entry_set_filetype(entry, AE_IFREG);
  archive_entry_set_perm(entry, 0644);
  archive_entry_set_size(entry, static_cast<la_int64_t>(size));
  Check(archive_write_header(a.get(), entry) == ARCHIVE_OK, "header " + name);
  const std::string zeros(1 << 20, '\0');
  for (size_t written = 0; written < size;) {
    const size_t n = std::min(zeros.size(), size - written);
    Check(archive_write_data(a.get(), zeros.data(), n) == static_cast<la_ssize_t>(n), "data");
    written += n;
  }
  archive_entry_free(entry);
  Check(archive_write_close(a.get()) == ARCHIVE_OK, "close " + path);
}

void LieAboutUncompressedSize(std::string& zip, const std::string& name, uint32_t size) {
  const auto put32 = [&](size_t at) {
    for (int k = 0; k < 4; ++k) zip[at + k] = static_cast<char>((size >> (8 * k)) & 0xFF);
  };
  const auto get16 = [&](size_t at) {
    return static_cast<size_t>(static_cast<unsigned char>(zip[at])) |
           static_cast<size_t>(static_cast<unsigned char>(zip[at + 1])) << 8;
  };
  int patched = 0;
  // Local file header: signature, size at +22, name length at +26, name at +30.
  // Central directory header: size at +24, name length at +28, name at +46.
  for (const auto& [signature, size_at, name_length_at, name_at] :
       {std::tuple<std::string, size_t, size_t, size_t>{"PK\x03\x04", 22, 26, 30},
        std::tuple<std::string, size_t, size_t, size_t>{"PK\x01\x02", 24, 28, 46}}) {
    for (size_t i = zip.find(signature); i != std::string::npos; i = zip.find(signature, i + 4)) {
      if (i + name_at > zip.size()) break;
      if (zip.compare(i + name_at, get16(i + name_length_at), name) == 0 &&
          get16(i + name_length_at) == name.size()) {
        put32(i + size_at);
        ++patched;
      }
    }
  }
  Check(patched == 2, "entry " + name + " not found twice in the zip");
}

std::string MinimalPdf(const std::string& content_stream, const std::vector<std::string>& objects) {
  std::vector<std::string> bodies = {"<< /Type /Catalog /Pages 2 0 R >>",
                                     "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                     "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                                     "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
                                     Stream(content_stream)};
  bodies.insert(bodies.end(), objects.begin(), objects.end());
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < bodies.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + bodies[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(bodies.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t offset : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(bodies.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string UnicodeTextPdf(const std::vector<std::string>& lines) {
  // One CID per distinct code point, in order of first appearance.
  std::map<char32_t, uint32_t> cids;
  std::string content = "BT /F1 14 Tf 16 TL 50 780 Td\n";
  for (const std::string& line : lines) {
    std::string hex;
    for (char32_t c : DecodeUtf8(line)) {
      auto [it, added] = cids.emplace(c, static_cast<uint32_t>(cids.size() + 1));
      hex += Hex4(it->second);
    }
    content += "<" + hex + "> Tj T*\n";
  }
  content += "ET";
  std::string cmap =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Test-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" +
      std::to_string(cids.size()) + " beginbfchar\n";
  for (const auto& [cp, cid] : cids) cmap += "<" + Hex4(cid) + "> <" + Hex4(cp) + ">\n";
  cmap += "endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend";
  return MinimalPdf(
      content,
      {"<< /Type /Font /Subtype /Type0 /BaseFont /TestUnicode /Encoding /Identity-H "
       "/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
       "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestUnicode "
       "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
       "/FontDescriptor 8 0 R /DW 600 >>",
       Stream(cmap),
       "<< /Type /FontDescriptor /FontName /TestUnicode /Flags 4 /FontBBox [0 -200 1000 900] "
       "/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>"});
}

std::string HelveticaPdf(const std::vector<std::string>& lines) {
  std::string content = "BT /F1 12 Tf 14 TL 50 780 Td\n";
  for (const std::string& line : lines) content += "(" + line + ") Tj T*\n";
  content += "ET";
  return MinimalPdf(content, {"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"});
}

std::string PngHeaderOnly(unsigned w, unsigned h) {
  const std::string ihdr = BigEndian32(w) + BigEndian32(h) + std::string("\x08\x00\x00\x00\x00", 5);
  // A zlib stream of one empty stored block: a valid start of pixel data.
  const std::string idat("\x78\x01\x01\x00\x00\xff\xff\x00\x00\x00\x01", 11);
  return std::string("\x89PNG\r\n\x1a\n", 8) + PngChunk("IHDR", ihdr) + PngChunk("IDAT", idat) +
         PngChunk("IEND", "");
}

}  // namespace saraban::ocr::testing
