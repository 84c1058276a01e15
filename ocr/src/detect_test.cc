// DetectKind decides by content: names lie, libmagic misses some zips, and
// text must be UTF-8.
#include <gtest/gtest.h>

#include <random>

#include "lept_util.h"
#include "ocr/ocr.h"
#include "temp_dir.h"
#include "test_util.h"

namespace saraban::ocr {
namespace {

using testing::WriteFile;
using testing::WriteZip;
using testing::ZipEntry;

constexpr char kContentTypes[] =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>)";

std::string RandomBytes(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

std::string SmallPng(const saraban::testing::TempDir& dir) {
  PixPtr pix(pixCreate(64, 32, 8));
  pixSetAll(pix.get());
  const std::string path = dir.Sub("made.png");
  EXPECT_EQ(pixWrite(path.c_str(), pix.get(), IFF_PNG), 0);
  return testing::ReadFile(path);
}

class DetectTest : public ::testing::Test {
 protected:
  Result<FileKind> Detect(const std::string& name, const std::string& bytes) {
    WriteFile(dir_.Sub(name), bytes);
    return DetectKind(dir_.Sub(name));
  }
  saraban::testing::TempDir dir_;
};

TEST_F(DetectTest, PngNamedPdfIsPng) {
  auto kind = Detect("scan.pdf", SmallPng(dir_));
  ASSERT_TRUE(kind.ok()) << kind.error().message;
  EXPECT_EQ(*kind, FileKind::kPng);
}

TEST_F(DetectTest, RandomBytesAreUnsupportedWhateverTheName) {
  for (const char* name : {"letter.pdf", "letter.docx", "letter.txt", "letter.png"}) {
    auto kind = Detect(name, RandomBytes(8192, 42));
    ASSERT_FALSE(kind.ok()) << name;
    EXPECT_EQ(kind.error().code, Errc::kUnsupported) << name;
  }
}

TEST_F(DetectTest, Utf8TextIsTextButLatin1AndEmptyAreNot) {
  auto utf8 = Detect("note.txt", "ເລກທີ 123/ກສ ลงวันที่ ๑ มกราคม ๒๕๖๗\nDear Sir,\n");
  ASSERT_TRUE(utf8.ok()) << utf8.error().message;
  EXPECT_EQ(*utf8, FileKind::kText);

  auto latin1 = Detect("latin1.txt", "Caf\xe9 cr\xe8me, na\xefve text for the letter.\n");
  ASSERT_FALSE(latin1.ok());
  EXPECT_EQ(latin1.error().code, Errc::kUnsupported);

  auto empty = Detect("empty.txt", "");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, Errc::kUnsupported);
}

TEST_F(DetectTest, MissingFileIsIo) {
  auto kind = DetectKind(dir_.Sub("nope.pdf"));
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.error().code, Errc::kIo);
}

// Office files written in both entry orders: with [Content_Types].xml first
// libmagic names the type itself; with it last libmagic says application/zip
// and the entries decide.
TEST_F(DetectTest, OfficeKindsInEitherEntryOrder) {
  struct Case {
    FileKind kind;
    std::string part;
  };
  const Case cases[] = {{FileKind::kDocx, "word/document.xml"},
                        {FileKind::kXlsx, "xl/workbook.xml"},
                        {FileKind::kPptx, "ppt/presentation.xml"}};
  for (const Case& c : cases) {
    for (bool types_first : {true, false}) {
      std::vector<ZipEntry> entries = {{"_rels/.rels", "<Relationships/>"}, {c.part, "<x/>"}};
      const ZipEntry types{"[Content_Types].xml", kContentTypes};
      if (types_first) {
        entries.insert(entries.begin(), types);
      } else {
        entries.push_back(types);
      }
      const std::string path = dir_.Sub(std::string(KindName(c.kind)) + (types_first ? "1" : "2"));
      WriteZip(path, entries);
      auto kind = DetectKind(path);
      ASSERT_TRUE(kind.ok()) << c.part << ": " << kind.error().message;
      EXPECT_EQ(*kind, c.kind) << c.part << " types_first=" << types_first;
    }
  }
}

TEST_F(DetectTest, OdtByMimetypeEntry) {
  WriteZip(dir_.Sub("a.odt"), {{"mimetype", "application/vnd.oasis.opendocument.text", true},
                               {"content.xml", "<x/>"}});
  auto first = DetectKind(dir_.Sub("a.odt"));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, FileKind::kOdt);

  // mimetype not first (libmagic cannot see it): still ODT by its entry.
  WriteZip(dir_.Sub("b.bin"),
           {{"content.xml", "<x/>"}, {"mimetype", "application/vnd.oasis.opendocument.text"}});
  auto second = DetectKind(dir_.Sub("b.bin"));
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(*second, FileKind::kOdt);

  // A spreadsheet is OpenDocument too, but not a kind we accept.
  WriteZip(dir_.Sub("c.ods"), {{"content.xml", "<x/>"},
                               {"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}});
  auto sheet = DetectKind(dir_.Sub("c.ods"));
  ASSERT_FALSE(sheet.ok());
  EXPECT_EQ(sheet.error().code, Errc::kUnsupported);
}

TEST_F(DetectTest, PlainZipIsUnsupported) {
  WriteZip(dir_.Sub("photos.docx"), {{"a.txt", "hello"}, {"word-list.txt", "x"}});
  auto kind = DetectKind(dir_.Sub("photos.docx"));
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.error().code, Errc::kUnsupported);
}

TEST(KindNamesTest, NamesAndMimeTypes) {
  EXPECT_EQ(KindName(FileKind::kPdf), "pdf");
  EXPECT_EQ(KindName(FileKind::kDocx), "docx");
  EXPECT_EQ(KindName(FileKind::kText), "text");
  EXPECT_EQ(MimeType(FileKind::kPng), "image/png");
  EXPECT_EQ(MimeType(FileKind::kPdf), "application/pdf");
  EXPECT_EQ(MimeType(FileKind::kOdt), "application/vnd.oasis.opendocument.text");
}

}  // namespace
}  // namespace saraban::ocr
