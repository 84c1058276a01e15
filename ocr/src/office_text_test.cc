// Office documents built in the test with libarchive, in the shapes real
// writers produce: runs split mid-word, tab stops next to real tabs, text
// boxes written twice (mc:Choice / mc:Fallback), rich shared strings.
#include "office_text.h"

#include <gtest/gtest.h>

#include <chrono>
#include <clocale>

#include "ocr/ocr.h"
#include "temp_dir.h"
#include "test_util.h"

namespace saraban::ocr {
namespace {

using testing::WriteZip;
using testing::ZipEntry;

constexpr char kContentTypes[] =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)";
constexpr char kW[] =
    R"(xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml")";

std::string WordXml(const std::string& root, const std::string& body) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)") +
         "\n<w:" + root + " " + kW + ">" + body + "</w:" + root + ">";
}

constexpr char kDocumentBody[] =
    // Word split the Lao word across two runs (the second bold); a tab stop in
    // the paragraph properties and a real tab in a run.
    R"(<w:body><w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>)"
    R"(<w:r><w:t>ສາລະ</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>ບັນ</w:t></w:r>)"
    R"(<w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">ເລກທີ </w:t></w:r><w:r><w:t>123</w:t></w:r></w:p>)"
    // A space-only run between Thai words must survive.
    R"(<w:p><w:r><w:t>สำนักงาน</w:t></w:r><w:r><w:t>จังหวัด</w:t></w:r>)"
    R"(<w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:t>พังงา</w:t></w:r></w:p>)"
    R"(<w:p/><w:p/><w:p/>)"
    R"(<w:tbl><w:tr><w:tc><w:p><w:r><w:t>A1</w:t></w:r></w:p></w:tc>)"
    R"(<w:tc><w:p><w:r><w:t>B1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>)"
    // A text box: the same text in mc:Choice and, for old readers, mc:Fallback.
    R"(<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>)"
    R"(<w:p><w:r><w:t>ກ່ອງ</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>)"
    R"(<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>ກ່ອງ</w:t></w:r></w:p>)"
    R"(</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>)"
    // Deleted text and field codes are not text; a line break is.
    R"(<w:p><w:r><w:delText>ลบแล้ว</w:delText></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>)"
    R"(<w:r><w:t>ທ້າຍ</w:t><w:br/><w:t>end</w:t></w:r></w:p></w:body>)";

std::vector<ZipEntry> Docx() {
  return {{"[Content_Types].xml", kContentTypes},
          {"_rels/.rels", "<Relationships/>"},
          {"word/document.xml", WordXml("document", kDocumentBody)},
          {"word/header1.xml",
           WordXml("hdr", R"(<w:p><w:r><w:t>ກະຊວງ</w:t></w:r><w:r><w:t>ພາຍໃນ</w:t></w:r></w:p>)")},
          {"word/footer1.xml", WordXml("ftr", R"(<w:p><w:r><w:t>หน้า 1</w:t></w:r></w:p>)")},
          // Entry names in Thai exist in real files (embedded media).
          {"word/media/ตรา.png", "not really a png"}};
}

constexpr char kExpectedDocx[] =
    "ກະຊວງພາຍໃນ\n\n"
    "ສາລະບັນ\tເລກທີ 123\n"
    "สำนักงานจังหวัด พังงา\n\n"
    "A1\nB1\n"
    "ກ່ອງ\n\n"
    "ທ້າຍ\nend\n\n"
    "หน้า 1";

class OfficeTextTest : public ::testing::Test {
 protected:
  Result<ExtractedText> Extract(const std::string& path, ExtractOptions options = {}) {
    Extractor extractor(options);
    return extractor.Extract(path);
  }
  saraban::testing::TempDir dir_;
};

TEST_F(OfficeTextTest, DocxJoinsRunsWithoutSpaces) {
  WriteZip(dir_.Sub("letter.docx"), Docx());
  auto kind = DetectKind(dir_.Sub("letter.docx"));
  ASSERT_TRUE(kind.ok()) << kind.error().message;
  EXPECT_EQ(*kind, FileKind::kDocx);
  auto text = Extract(dir_.Sub("letter.docx"));
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text->method, "office_xml");
  ASSERT_EQ(text->pages.size(), 1u);
  EXPECT_EQ(text->pages[0], kExpectedDocx);
}

// The test process runs in C.UTF-8; a caller that forgot still gets the text
// of a file with Thai and Lao entry names.
TEST_F(OfficeTextTest, ReadsInTheCLocaleToo) {
  std::vector<ZipEntry> entries = Docx();
  entries.push_back({"word/ຮູບ/ภาพ.xml", "<x/>"});
  WriteZip(dir_.Sub("names.docx"), entries);
  const std::string saved = std::setlocale(LC_CTYPE, nullptr);
  ASSERT_NE(std::setlocale(LC_CTYPE, "C"), nullptr);
  auto text = Extract(dir_.Sub("names.docx"));
  std::setlocale(LC_CTYPE, saved.c_str());
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text->pages[0], kExpectedDocx);
}

TEST_F(OfficeTextTest, XlsxSharedInlineAndNumbersInSheetOrder) {
  const std::string sst =
      R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<si><t>ກະຊວງ</t></si>)"
      R"(<si><r><t>สำนัก</t></r><r><rPr><b/></rPr><t>งาน</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>)"
      R"(<si><t xml:space="preserve">สอง </t></si></sst>)";
  auto sheet = [](const std::string& rows) {
    return R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
           rows + "</sheetData></worksheet>";
  };
  WriteZip(
      dir_.Sub("register.xlsx"),
      {{"[Content_Types].xml", kContentTypes},
       {"xl/workbook.xml", "<workbook/>"},
       // sheet10 before sheet2 in the zip and in string order; numeric order wins.
       {"xl/worksheets/sheet10.xml", sheet(R"(<row r="1"><c r="A1" t="s"><v>2</v></c></row>)")},
       {"xl/worksheets/sheet1.xml",
        sheet(
            R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>)"
            R"(<row r="2"><c r="A2"><v>2567</v></c><c r="B2" t="inlineStr"><is><t>ເລກທີ</t></is></c>)"
            R"(<c r="C2" t="b"><v>1</v></c><c r="D2" t="s"><v>99</v></c></row>)")},
       {"xl/worksheets/sheet2.xml", sheet(R"(<row r="1"><c r="A1" t="str"><v>=ok</v></c></row>)")},
       {"xl/worksheets/_rels/sheet1.xml.rels", "<Relationships/>"},
       {"xl/sharedStrings.xml", sst}});
  auto text = Extract(dir_.Sub("register.xlsx"));
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text->pages[0], "ກະຊວງ\tสำนักงาน\n2567\tເລກທີ\n\n=ok\n\nสอง ");
}

TEST_F(OfficeTextTest, PptxSlidesInNumericOrder) {
  auto slide = [](const std::string& paragraphs) {
    return R"(<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody>)" +
           paragraphs + "</p:txBody></p:sp></p:spTree></p:cSld></p:sld>";
  };
  WriteZip(
      dir_.Sub("deck.pptx"),
      {{"[Content_Types].xml", kContentTypes},
       {"ppt/presentation.xml", "<p/>"},
       {"ppt/slides/slide11.xml", slide(R"(<a:p><a:r><a:t>สุดท้าย</a:t></a:r></a:p>)")},
       {"ppt/slides/slide2.xml",
        slide(R"(<a:p><a:pPr><a:tabLst><a:tab pos="1"/></a:tabLst></a:pPr><a:r><a:t>ລະ</a:t></a:r>)"
              R"(<a:r><a:t>ບົບ</a:t></a:r><a:br/><a:r><a:t>two</a:t></a:r></a:p>)")},
       {"ppt/slides/slide1.xml",
        slide(R"(<a:p><a:r><a:t>ระบบ</a:t></a:r><a:r><a:t>สารบรรณ</a:t></a:r></a:p>)")},
       {"ppt/slides/_rels/slide1.xml.rels", "<Relationships/>"}});
  auto text = Extract(dir_.Sub("deck.pptx"));
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text->pages[0], "ระบบสารบรรณ\n\nລະບົບ\ntwo\n\nสุดท้าย");
}

TEST_F(OfficeTextTest, OdtParagraphsSpansAndSpaces) {
  const std::string content =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" )"
      R"(xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/">)"
      "<office:body>\n  <office:text>\n"
      R"(<text:h text:outline-level="1">ສາ<text:span text:style-name="T1">ລະ</text:span>ບັນ</text:h>)"
      "\n"
      R"(<text:p>  ระบบ<text:s text:c="3"/>สาร   บรรณ<text:tab/>๒๕๖๗<text:line-break/>ใหม่)"
      R"(<office:annotation><dc:creator>x</dc:creator><text:p>comment</text:p></office:annotation></text:p>)"
      "</office:text></office:body></office:document-content>";
  WriteZip(dir_.Sub("memo.odt"), {{"mimetype", "application/vnd.oasis.opendocument.text", true},
                                  {"content.xml", content},
                                  {"styles.xml", "<x/>"}});
  auto kind = DetectKind(dir_.Sub("memo.odt"));
  ASSERT_TRUE(kind.ok()) << kind.error().message;
  EXPECT_EQ(*kind, FileKind::kOdt);
  auto text = Extract(dir_.Sub("memo.odt"));
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text->pages[0], "ສາລະບັນ\nระบบ   สาร บรรณ\t๒๕๖๗\nใหม่");
}

TEST_F(OfficeTextTest, ZipBombIsTooLargeWithoutInflatingIt) {
  // 300 MB of zeros as the document body: a ~300 KB file.
  std::vector<ZipEntry> prefix = {{"[Content_Types].xml", kContentTypes}};
  testing::WriteZeroBombZip(dir_.Sub("bomb.docx"), prefix, "word/document.xml", 300u << 20);
  const auto start = std::chrono::steady_clock::now();
  auto text = Extract(dir_.Sub("bomb.docx"));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::kTooLarge) << text.error().message;
  EXPECT_LT(seconds, 5.0);
}

TEST_F(OfficeTextTest, ZipBombThatUnderstatesItsSizeStopsAtTheLimit) {
  // The directory claims 1000 bytes, so only the running count can stop it.
  std::vector<ZipEntry> prefix = {{"[Content_Types].xml", kContentTypes}};
  testing::WriteZeroBombZip(dir_.Sub("honest.docx"), prefix, "word/document.xml", 300u << 20);
  std::string zip = testing::ReadFile(dir_.Sub("honest.docx"));
  testing::LieAboutUncompressedSize(zip, "word/document.xml", 1000);
  testing::WriteFile(dir_.Sub("liar.docx"), zip);
  ExtractOptions options;
  options.max_archive_bytes = 20 << 20;
  auto text = Extract(dir_.Sub("liar.docx"), options);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::kTooLarge) << text.error().message;
}

TEST_F(OfficeTextTest, ExpansionLimitCountsAllParts) {
  // Each part is under the limit; together they are over it.
  std::vector<ZipEntry> entries = Docx();
  for (int i = 2; i <= 5; ++i) {
    entries.push_back(
        {"word/header" + std::to_string(i) + ".xml",
         WordXml("hdr", "<w:p><w:r><w:t>" + std::string(300'000, 'x') + "</w:t></w:r></w:p>")});
  }
  WriteZip(dir_.Sub("big.docx"), entries);
  ExtractOptions options;
  options.max_archive_bytes = 1'000'000;
  auto text = Extract(dir_.Sub("big.docx"), options);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::kTooLarge) << text.error().message;
  options.max_archive_bytes = 2'000'000;
  EXPECT_TRUE(Extract(dir_.Sub("big.docx"), options).ok());
}

TEST_F(OfficeTextTest, EntryLimit) {
  std::vector<ZipEntry> entries = Docx();
  for (int i = 0; i < 50; ++i) entries.push_back({"word/media/i" + std::to_string(i), "x"});
  WriteZip(dir_.Sub("many.docx"), entries);
  ExtractOptions options;
  options.max_archive_entries = 20;
  auto text = Extract(dir_.Sub("many.docx"), options);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::kTooLarge) << text.error().message;
}

TEST_F(OfficeTextTest, BrokenXmlIsCorruption) {
  std::vector<ZipEntry> entries = Docx();
  entries[2].content = "<w:document><w:body><w:p><w:t>cut off";
  WriteZip(dir_.Sub("broken.docx"), entries);
  auto text = Extract(dir_.Sub("broken.docx"));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::kCorruption);
  EXPECT_NE(text.error().message.find("word/document.xml"), std::string::npos)
      << text.error().message;
}

TEST_F(OfficeTextTest, TruncatedZipIsCorruption) {
  WriteZip(dir_.Sub("whole.docx"), Docx());
  const std::string bytes = testing::ReadFile(dir_.Sub("whole.docx"));
  testing::WriteFile(dir_.Sub("cut.docx"), bytes.substr(0, bytes.size() / 2));
  auto text = Extract(dir_.Sub("cut.docx"));
  ASSERT_FALSE(text.ok());
  // Without its central directory the file may no longer even look like an
  // office document; either answer is a clean refusal.
  EXPECT_TRUE(text.error().code == Errc::kCorruption || text.error().code == Errc::kUnsupported)
      << ErrcName(text.error().code) << ": " << text.error().message;
}

TEST(OfficeXmlTest, DeepNestingDoesNotOverflowTheStack) {
  std::string xml;
  for (int i = 0; i < 200'000; ++i) xml += "<w:r>";
  xml += "<w:t>deep</w:t>";
  for (int i = 0; i < 200'000; ++i) xml += "</w:r>";
  auto text = TextOfXmlPart("<w:p>" + xml + "</w:p>", FileKind::kDocx);
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(*text, "deep");
}

}  // namespace
}  // namespace saraban::ocr
