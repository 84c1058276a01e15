// MakeSearchablePdf writes a PDF whose invisible text layer pdftotext can
// read, and Extract does not trust such a layer: it sees GlyphLessFont and
// reads the page image again.
#include <gtest/gtest.h>

#include "ocr/ocr.h"
#include "pdf_text.h"
#include "temp_dir.h"
#include "test_util.h"
#include "utf8.h"

namespace saraban::ocr {
namespace {

using testing::Sample;
using testing::SamplesDir;
using testing::ShellQuote;

// A space followed by a Thai vowel or tone mark that combines with the
// character before: never right in Thai text.
int SpacesBeforeThaiMarks(const std::string& text) {
  const std::u32string cps = DecodeUtf8(text);
  int count = 0;
  for (size_t i = 1; i < cps.size(); ++i) {
    const char32_t c = cps[i];
    const bool mark = c == 0x0E31 || (c >= 0x0E34 && c <= 0x0E3A) || (c >= 0x0E47 && c <= 0x0E4E);
    if (mark && cps[i - 1] == U' ') ++count;
  }
  return count;
}

class SearchablePdfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (SamplesDir().empty()) GTEST_SKIP() << "no samples at " SARABAN_SAMPLES;
  }
  saraban::testing::TempDir dir_;
};

TEST_F(SearchablePdfTest, EnglishScanBecomesSearchable) {
  Extractor extractor({.languages = "eng"});
  const std::string out = dir_.Sub("letter.pdf");
  Status made = extractor.MakeSearchablePdf(Sample("eng_01.png"), out);
  ASSERT_TRUE(made.ok()) << made.error().message;
  ASSERT_TRUE(testing::FileExists(out));
  EXPECT_FALSE(testing::FileExists(out + ".pdf"));

  int status = 0;
  const std::string layer = testing::RunCommand("pdftotext " + ShellQuote(out) + " -", &status);
  ASSERT_EQ(status, 0);
  EXPECT_NE(layer.find("numbering"), std::string::npos) << layer;
  const std::string fonts = testing::RunCommand("pdffonts " + ShellQuote(out));
  EXPECT_NE(fonts.find("GlyphLessFont"), std::string::npos) << fonts;

  auto pdf = PdfFile::Open(out);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  auto page = pdf->Text(0);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->needs_ocr);
  EXPECT_NE(page->reason.find("GlyphLessFont"), std::string::npos) << page->reason;
}

TEST_F(SearchablePdfTest, ThaiLayerIsReadAgainNotTrusted) {
  Extractor extractor({.languages = "tha+lao+eng"});
  // Any output name works: Tesseract's own renderer would append ".pdf".
  const std::string out = dir_.Sub("scan.searchable");
  Status made = extractor.MakeSearchablePdf(Sample("tha_03.png"), out);
  ASSERT_TRUE(made.ok()) << made.error().message;
  ASSERT_TRUE(testing::FileExists(out));

  auto text = extractor.Extract(out);
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text->method, "ocr");
  ASSERT_EQ(text->pages.size(), 1u);
  const std::string truth = testing::ReadFile(Sample("tha_03.txt"));
  const double cer = testing::Cer(text->pages[0], truth).Rate();
  EXPECT_LT(cer, 0.06);
  // Thai words in Tesseract's layer are one character per word, so the layer
  // is spaced out, even between a consonant and its vowel or tone mark; the
  // re-read text is not, and only it can be segmented into words.
  const std::string layer = testing::RunCommand("pdftotext " + ShellQuote(out) + " -");
  std::cout << "Thai searchable PDF: CER of re-read text " << cer << ", of its text layer "
            << testing::Cer(layer, truth).Rate() << "; spaces before a mark: re-read "
            << SpacesBeforeThaiMarks(text->pages[0]) << ", layer " << SpacesBeforeThaiMarks(layer)
            << "\n";
  EXPECT_EQ(SpacesBeforeThaiMarks(text->pages[0]), 0);
  EXPECT_GT(SpacesBeforeThaiMarks(layer), 50);
}

TEST_F(SearchablePdfTest, ScannedPdfKeepsItsPageCount) {
  Extractor extractor({.languages = "tha+lao+eng", .render_dpi = 150});
  const std::string out = dir_.Sub("two.pdf");
  Status made = extractor.MakeSearchablePdf(Sample("tha_01-02.pdf"), out);
  ASSERT_TRUE(made.ok()) << made.error().message;
  auto pdf = PdfFile::Open(out);
  ASSERT_TRUE(pdf.ok());
  EXPECT_EQ(pdf->PageCount(), 2);
}

TEST_F(SearchablePdfTest, RefusesOfficeFilesAndUnwritablePaths) {
  saraban::testing::TempDir dir;
  testing::WriteFile(dir.Sub("note.txt"), "not a scan\n");
  Extractor extractor({.languages = "eng"});
  Status text = extractor.MakeSearchablePdf(dir.Sub("note.txt"), dir.Sub("out.pdf"));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::kUnsupported);

  Status nowhere = extractor.MakeSearchablePdf(Sample("eng_03.png"), dir.Sub("no/such/dir.pdf"));
  ASSERT_FALSE(nowhere.ok());
  EXPECT_EQ(nowhere.error().code, Errc::kIo) << nowhere.error().message;
}

}  // namespace
}  // namespace saraban::ocr
