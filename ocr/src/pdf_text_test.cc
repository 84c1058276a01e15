// PDF text layers: used when they can be trusted, replaced by OCR when they
// are missing, written by an earlier OCR run, or come from legacy Thai fonts.
// Broken PDFs are refused with kCorruption, never a crash.
#include "pdf_text.h"

#include <gtest/gtest.h>

#include "ocr/ocr.h"
#include "temp_dir.h"
#include "test_util.h"
#include "utf8.h"

namespace saraban::ocr {
namespace {

using testing::WriteFile;

std::string WithoutSpaces(const std::string& s) { return EncodeUtf8(testing::NormaliseForCer(s)); }

class PdfTextTest : public ::testing::Test {
 protected:
  saraban::testing::TempDir dir_;
};

TEST_F(PdfTextTest, BornDigitalEnglishUsesTheTextLayer) {
  WriteFile(dir_.Sub("letter.pdf"),
            testing::HelveticaPdf({"Ministry of Home Affairs", "Subject: registry pilot 2024"}));
  Extractor extractor({});
  int calls = 0;
  auto text = extractor.Extract(dir_.Sub("letter.pdf"), [&](int done, int total) {
    ++calls;
    EXPECT_EQ(done, 1);
    EXPECT_EQ(total, 1);
  });
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text->method, "pdf_text");
  EXPECT_EQ(calls, 1);
  ASSERT_EQ(text->pages.size(), 1u);
  EXPECT_NE(text->pages[0].find("Ministry of Home Affairs"), std::string::npos) << text->pages[0];
  EXPECT_NE(text->pages[0].find("registry pilot 2024"), std::string::npos) << text->pages[0];
}

TEST_F(PdfTextTest, BornDigitalThaiAndLaoComeOutAsUnicode) {
  const std::string thai = "ระบบสารบรรณอิเล็กทรอนิกส์ของสำนักงานจังหวัดพังงา";
  const std::string lao = "ລະບົບຫ້ອງການທັນສະໄໝຂອງກະຊວງໄປສະນີ";
  WriteFile(dir_.Sub("thai.pdf"), testing::UnicodeTextPdf({thai, lao}));
  auto pdf = PdfFile::Open(dir_.Sub("thai.pdf"));
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  ASSERT_EQ(pdf->PageCount(), 1);
  auto page = pdf->Text(0);
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_FALSE(page->needs_ocr) << page->reason;
  EXPECT_EQ(WithoutSpaces(page->text), WithoutSpaces(thai + lao)) << page->text;
}

TEST_F(PdfTextTest, LegacyThaiGlyphsAreSentToOcr) {
  // U+F70A..U+F70E: the shifted tone marks of the old Windows Thai fonts.
  WriteFile(dir_.Sub("legacy.pdf"),
            testing::UnicodeTextPdf({"ที\uF70Bนี\uF70Aเป็นข้อความทดสอบของจังหวัดพังงา"}));
  auto pdf = PdfFile::Open(dir_.Sub("legacy.pdf"));
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  auto page = pdf->Text(0);
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_TRUE(page->needs_ocr);
  EXPECT_NE(page->reason.find("private use"), std::string::npos) << page->reason;

  Extractor extractor({.languages = "tha+eng"});
  auto text = extractor.Extract(dir_.Sub("legacy.pdf"));
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text->method, "ocr");
}

TEST(LegacyThaiTest, LostSaraAmNeedsEnoughThaiToJudge) {
  std::string without_am;
  while (without_am.size() < 3 * 1000) without_am += "สนักงาน";  // สำนักงาน, SARA AM lost
  EXPECT_NE(LegacyThaiReason(without_am), "");
  EXPECT_EQ(LegacyThaiReason(without_am + "ทำ"), "");
  EXPECT_EQ(LegacyThaiReason(without_am + "ท\u0E4D\u0E32"), "");  // decomposed is still there
  EXPECT_EQ(LegacyThaiReason("สนักงาน"), "");                      // too little to judge
  EXPECT_EQ(LegacyThaiReason("ສາລະບັນ English"), "");
}

TEST_F(PdfTextTest, PageWithoutTextIsAScan) {
  // Only a drawn rectangle: no text at all.
  WriteFile(dir_.Sub("blank.pdf"),
            testing::MinimalPdf("0 0 0 rg 100 100 50 50 re f",
                                {"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}));
  auto pdf = PdfFile::Open(dir_.Sub("blank.pdf"));
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  auto page = pdf->Text(0);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->needs_ocr);
  EXPECT_EQ(page->reason, "no text layer");
}

TEST_F(PdfTextTest, RenderedPageIsGreyAtTheRequestedResolution) {
  WriteFile(dir_.Sub("box.pdf"),
            testing::MinimalPdf("0 0 0 rg 0 742 595 100 re f",  // black band across the top
                                {"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}));
  auto pdf = PdfFile::Open(dir_.Sub("box.pdf"));
  ASSERT_TRUE(pdf.ok());
  auto pix = pdf->Render(0, 150, 200'000'000);
  ASSERT_TRUE(pix.ok()) << pix.error().message;
  EXPECT_EQ(pixGetDepth(pix->get()), 8);
  EXPECT_NEAR(pixGetWidth(pix->get()), 595 * 150 / 72, 2);
  EXPECT_NEAR(pixGetHeight(pix->get()), 842 * 150 / 72, 2);
  EXPECT_EQ(pixGetXRes(pix->get()), 150);
  // The width (1240) is not a multiple of 4, so a row copy that ignored
  // bytes_per_row would shear the band; check both ends of a few rows.
  l_uint32 value = 0;
  for (int y : {5, 100, 200}) {
    pixGetPixel(pix->get(), 1, y, &value);
    EXPECT_LT(value, 64u) << "y=" << y;
    pixGetPixel(pix->get(), pixGetWidth(pix->get()) - 2, y, &value);
    EXPECT_LT(value, 64u) << "y=" << y;
  }
  pixGetPixel(pix->get(), 600, 1000, &value);
  EXPECT_GT(value, 200u);

  auto too_big = pdf->Render(0, 300, 1'000'000);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().code, Errc::kTooLarge);
}

TEST_F(PdfTextTest, RandomBytesNamedPdf) {
  std::string noise(5000, '\0');
  for (size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<char>((i * 7919 + 13) % 251);
  WriteFile(dir_.Sub("noise.pdf"), noise);
  Extractor extractor({});
  auto text = extractor.Extract(dir_.Sub("noise.pdf"));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::kUnsupported);
  // Past the kind check, poppler itself refuses it.
  auto pdf = PdfFile::Open(dir_.Sub("noise.pdf"));
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().code, Errc::kCorruption);
}

// poppler 22.12 cannot rebuild a document whose end (trailer, xref) is cut
// off, at any length: each is refused with poppler's own reason.
TEST_F(PdfTextTest, TruncatedPdfsAreCorruption) {
  const std::string whole = testing::HelveticaPdf({"A short letter that will be cut."});
  Extractor extractor({.languages = "eng"});
  for (size_t keep : {size_t{20}, whole.size() / 3, whole.size() / 2, whole.size() - 30}) {
    WriteFile(dir_.Sub("cut.pdf"), whole.substr(0, keep));
    auto text = extractor.Extract(dir_.Sub("cut.pdf"));
    ASSERT_FALSE(text.ok()) << keep;
    EXPECT_EQ(text.error().code, Errc::kCorruption) << keep << ": " << text.error().message;
    EXPECT_NE(text.error().message.find("poppler: "), std::string::npos) << text.error().message;
  }
}

TEST_F(PdfTextTest, DamagedXrefIsRepairedNotRefused) {
  std::string pdf = testing::HelveticaPdf({"A letter with a broken xref table."});
  const size_t xref = pdf.find("xref\n");
  for (size_t i = xref + 30; i < pdf.find("trailer"); ++i) {
    if (pdf[i] >= '0' && pdf[i] <= '9') pdf[i] = '9';
  }
  WriteFile(dir_.Sub("repairable.pdf"), pdf);
  Extractor extractor({.languages = "eng"});
  auto text = extractor.Extract(dir_.Sub("repairable.pdf"));
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text->method, "pdf_text");
  EXPECT_NE(text->pages[0].find("broken xref table"), std::string::npos) << text->pages[0];
}

TEST_F(PdfTextTest, TruncatedScannedSample) {
  if (testing::SamplesDir().empty()) GTEST_SKIP() << "no samples at " SARABAN_SAMPLES;
  const std::string whole = testing::ReadFile(testing::Sample("tha_01-02.pdf"));
  Extractor extractor({.languages = "tha+lao+eng"});
  for (size_t keep : {whole.size() / 3, whole.size() * 2 / 3}) {
    WriteFile(dir_.Sub("cut.pdf"), whole.substr(0, keep));
    auto text = extractor.Extract(dir_.Sub("cut.pdf"));
    ASSERT_FALSE(text.ok()) << keep;
    EXPECT_EQ(text.error().code, Errc::kCorruption) << text.error().message;
  }
}

}  // namespace
}  // namespace saraban::ocr
