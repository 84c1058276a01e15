// Image files: the pixel limit is enforced from the header (no 400 MB
// allocation for a 20000 x 20000 PNG), broken images are kCorruption,
// multi-page TIFFs give one text per page with progress after each.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "lept_util.h"
#include "ocr/ocr.h"
#include "page_source.h"
#include "temp_dir.h"
#include "test_util.h"

namespace saraban::ocr {
namespace {

using testing::Sample;
using testing::SamplesDir;

long ResidentKiB() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

class ImageOcrTest : public ::testing::Test {
 protected:
  saraban::testing::TempDir dir_;
};

TEST_F(ImageOcrTest, HugePngIsRejectedFromItsHeader) {
  testing::WriteFile(dir_.Sub("huge.png"), testing::PngHeaderOnly(20000, 20000));
  auto kind = DetectKind(dir_.Sub("huge.png"));
  ASSERT_TRUE(kind.ok()) << kind.error().message;
  EXPECT_EQ(*kind, FileKind::kPng);

  // In a child process, so that its peak memory can be measured on its own.
  const long parent_kib = ResidentKiB();
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Extractor extractor({});
    auto text = extractor.Extract(dir_.Sub("huge.png"));
    _exit(!text.ok() && text.error().code == Errc::kTooLarge ? 0 : 1);
  }
  int status = 0;
  rusage usage{};
  ASSERT_EQ(wait4(child, &status, 0, &usage), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "expected kTooLarge";
  // 20000 x 20000 grey would be 400 MB; a header read costs next to nothing.
  EXPECT_LT(usage.ru_maxrss - parent_kib, 100 * 1024)
      << "child peak " << usage.ru_maxrss << " KiB, parent " << parent_kib << " KiB";

  // The same answer in this process, with its message.
  Extractor extractor({});
  auto text = extractor.Extract(dir_.Sub("huge.png"));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::kTooLarge);
  EXPECT_NE(text.error().message.find("20000 x 20000"), std::string::npos) << text.error().message;
}

TEST_F(ImageOcrTest, PixelLimitIsAnOption) {
  if (SamplesDir().empty()) GTEST_SKIP() << "no samples at " SARABAN_SAMPLES;
  Extractor extractor({.max_image_pixels = 1'000'000});
  auto text = extractor.Extract(Sample("eng_02.png"));  // 1654 x 2339
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::kTooLarge);
}

TEST_F(ImageOcrTest, TruncatedPngIsCorruption) {
  if (SamplesDir().empty()) GTEST_SKIP() << "no samples at " SARABAN_SAMPLES;
  const std::string whole = testing::ReadFile(Sample("eng_03.png"));
  testing::WriteFile(dir_.Sub("cut.png"), whole.substr(0, whole.size() / 2));
  Extractor extractor({.languages = "eng"});
  auto text = extractor.Extract(dir_.Sub("cut.png"));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::kCorruption) << text.error().message;
}

TEST_F(ImageOcrTest, MultiPageTiffGivesOnePagePerImageWithProgress) {
  if (SamplesDir().empty()) GTEST_SKIP() << "no samples at " SARABAN_SAMPLES;
  PixPtr first(pixRead(Sample("eng_01.png").c_str()));
  PixPtr second(pixRead(Sample("eng_03.png").c_str()));
  ASSERT_TRUE(first && second);
  Pixa* pixa = pixaCreate(2);
  pixaAddPix(pixa, first.get(), L_CLONE);
  pixaAddPix(pixa, second.get(), L_CLONE);
  const std::string tiff = dir_.Sub("two-pages.tif");
  ASSERT_EQ(pixaWriteMultipageTiff(tiff.c_str(), pixa), 0);
  pixaDestroy(&pixa);

  auto kind = DetectKind(tiff);
  ASSERT_TRUE(kind.ok()) << kind.error().message;
  EXPECT_EQ(*kind, FileKind::kTiff);

  Extractor extractor({.languages = "eng"});
  std::vector<std::pair<int, int>> progress;
  auto text =
      extractor.Extract(tiff, [&](int done, int total) { progress.emplace_back(done, total); });
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text->method, "ocr");
  ASSERT_EQ(text->pages.size(), 2u);
  EXPECT_EQ(progress, (std::vector<std::pair<int, int>>{{1, 2}, {2, 2}}));
  // Each page's text is its own image's (the ground truths differ).
  const auto first_cer = testing::Cer(text->pages[0], testing::ReadFile(Sample("eng_01.txt")));
  const auto second_cer = testing::Cer(text->pages[1], testing::ReadFile(Sample("eng_03.txt")));
  EXPECT_LT(first_cer.Rate(), 0.05);
  EXPECT_LT(second_cer.Rate(), 0.05);
  EXPECT_EQ(text->Joined(), text->pages[0] + "\f" + text->pages[1]);

  // Cut to a third, the file has no readable directory left.
  const std::string bytes = testing::ReadFile(tiff);
  testing::WriteFile(dir_.Sub("cut.tif"), bytes.substr(0, bytes.size() / 3));
  auto cut = extractor.Extract(dir_.Sub("cut.tif"));
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().code, Errc::kCorruption) << cut.error().message;
}

TEST_F(ImageOcrTest, JpegSampleIsRead) {
  if (SamplesDir().empty()) GTEST_SKIP() << "no samples at " SARABAN_SAMPLES;
  Extractor extractor({.languages = "tha+lao+eng"});
  auto text = extractor.Extract(Sample("tha_05.jpg"));
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_LT(testing::Cer(text->pages[0], testing::ReadFile(Sample("tha_05.txt"))).Rate(), 0.10);
}

TEST(PageResolutionTest, DeclaredWhenPlausibleElseAPageOfA4) {
  EXPECT_EQ(PageResolution(2480, 3508, 300), 300);
  EXPECT_EQ(PageResolution(1654, 2339, 198), 198);   // the samples' JPEG density
  EXPECT_EQ(PageResolution(1654, 2339, 0), 200);     // no pHYs chunk: an A4 page
  EXPECT_EQ(PageResolution(3508, 2480, 0), 300);     // landscape
  EXPECT_EQ(PageResolution(2480, 3508, 72), 300);    // 72 dpi would be a 49-inch page
  EXPECT_EQ(PageResolution(595, 842, 72), 72);       // a genuine 72 dpi A4 page
  EXPECT_EQ(PageResolution(9933, 14043, 300), 300);  // A0 rendered at 300 dpi: exact
  EXPECT_EQ(PageResolution(2550, 3300, 0), 282);     // Letter at 300 dpi, taken as A4
  EXPECT_EQ(PageResolution(1200, 300, 0), 0);        // a strip of text: Tesseract estimates
  EXPECT_EQ(PageResolution(600, 800, 0), 0);         // too small to be a whole page
}

TEST(ExtractorTest, MissingLanguageIsInternalAndRemembered) {
  saraban::testing::TempDir dir;
  PixPtr pix(pixCreate(200, 100, 8));
  pixSetAll(pix.get());
  ASSERT_EQ(pixWrite(dir.Sub("white.png").c_str(), pix.get(), IFF_PNG), 0);
  for (const char* languages : {"lao+xyz", "../../etc/passwd", "", "eng+"}) {
    Extractor extractor({.languages = languages});
    for (int attempt = 0; attempt < 2; ++attempt) {
      auto text = extractor.Extract(dir.Sub("white.png"));
      ASSERT_FALSE(text.ok()) << languages;
      EXPECT_EQ(text.error().code, Errc::kInternal) << languages;
    }
  }
}

TEST(ExtractorTest, BlankPageIsEmptyText) {
  saraban::testing::TempDir dir;
  PixPtr pix(pixCreate(1000, 1400, 8));
  pixSetAll(pix.get());
  pixSetResolution(pix.get(), 120, 120);
  ASSERT_EQ(pixWrite(dir.Sub("white.png").c_str(), pix.get(), IFF_PNG), 0);
  Extractor extractor({.languages = "eng"});
  auto text = extractor.Extract(dir.Sub("white.png"));
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(testing::NormaliseForCer(text->pages[0]), U"");
}

}  // namespace
}  // namespace saraban::ocr
