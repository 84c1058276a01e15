// Accuracy against the plain `tesseract` command line, per language, on the
// shared samples: our pipeline (grey, deskew, one reused engine, PDF pages
// rendered by poppler) must read each language at least as well as the
// command line does on the same pages with the same language list, within
// 0.5 percentage points, and under an absolute ceiling measured on Debian 12
// (Tesseract 5.3.0, Debian's tessdata) with about 30% headroom.
//
// Language lists, as an office would configure them: Lao pages with
// lao+tha+eng, Thai pages with tha+lao+eng (the first language matters,
// DESIGN.md), English pages with eng alone.
//
// By default a subset runs (2 Lao pages, one degraded; 3 Thai pages, two of
// them from the scanned PDF; 1 degraded English page): about 15 seconds on
// one core, half of it the command line. SARABAN_OCR_FULL=1 runs every sample
// (about 35 seconds).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "ocr/ocr.h"
#include "temp_dir.h"
#include "test_util.h"

namespace saraban::ocr {
namespace {

using testing::CerCount;
using testing::Sample;
using testing::SamplesDir;
using testing::ShellQuote;

struct LanguageCase {
  const char* name;
  const char* languages;
  std::vector<std::string> subset;  // sample files (pages of PDFs all count)
  std::vector<std::string> full;
  double ceiling_subset;  // measured CER + ~30%
  double ceiling_full;
};

bool FullRun() {
  const char* full = std::getenv("SARABAN_OCR_FULL");
  return full != nullptr && std::string(full) == "1";
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

std::vector<std::string> SplitPages(const std::string& text) {
  std::vector<std::string> pages;
  std::istringstream in(text);
  std::string page;
  while (std::getline(in, page, '\f')) pages.push_back(page);
  if (pages.empty()) pages.emplace_back();
  return pages;
}

// The command line on one page image; `dpi` 0 lets Tesseract read it from the file.
std::string Cli(const std::string& image, const std::string& languages, int dpi) {
  std::string command = "OMP_THREAD_LIMIT=1 tesseract " + ShellQuote(image) + " - -l " + languages;
  if (dpi > 0) command += " --dpi " + std::to_string(dpi);
  int status = 0;
  std::string out = testing::RunCommand(command + " 2>/dev/null", &status);
  EXPECT_EQ(status, 0) << command;
  return out;
}

// Page images of a PDF the way a person would feed it to the command line.
std::vector<std::string> PdfToImages(const std::string& pdf, const std::string& dir) {
  const std::string prefix = dir + "/page";
  int status = 0;
  testing::RunCommand("pdftoppm -r 300 -gray " + ShellQuote(pdf) + " " + ShellQuote(prefix),
                      &status);
  EXPECT_EQ(status, 0);
  std::vector<std::string> images;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".pgm") images.push_back(entry.path().string());
  }
  std::sort(images.begin(), images.end());
  return images;
}

void RunLanguage(const LanguageCase& c) {
  if (SamplesDir().empty()) GTEST_SKIP() << "no samples at " SARABAN_SAMPLES;
  const bool full = FullRun();
  const std::vector<std::string>& files = full ? c.full : c.subset;
  Extractor extractor({.languages = c.languages});
  CerCount ours_total, cli_total;
  double ours_seconds = 0, cli_seconds = 0;
  int pages = 0;
  std::ostringstream report;
  report << std::fixed << std::setprecision(4);
  for (const std::string& file : files) {
    const std::vector<std::string> truth =
        SplitPages(testing::ReadFile(Sample(file.substr(0, file.rfind('.')) + ".txt")));

    auto start = std::chrono::steady_clock::now();
    auto ours = extractor.Extract(Sample(file));
    ours_seconds += Seconds(start);
    ASSERT_TRUE(ours.ok()) << file << ": " << ours.error().message;
    ASSERT_EQ(ours->pages.size(), truth.size()) << file;

    saraban::testing::TempDir images_dir;
    const bool pdf = file.ends_with(".pdf");
    const std::vector<std::string> images =
        pdf ? PdfToImages(Sample(file), images_dir.path()) : std::vector<std::string>{Sample(file)};
    ASSERT_EQ(images.size(), truth.size()) << file;

    for (size_t i = 0; i < truth.size(); ++i) {
      start = std::chrono::steady_clock::now();
      const std::string cli = Cli(images[i], c.languages, pdf ? 300 : 0);
      cli_seconds += Seconds(start);
      const CerCount ours_cer = testing::Cer(ours->pages[i], truth[i]);
      const CerCount cli_cer = testing::Cer(cli, truth[i]);
      ours_total += ours_cer;
      cli_total += cli_cer;
      ++pages;
      report << "  " << file << (pdf ? " p" + std::to_string(i + 1) : "") << ": ours "
             << ours_cer.Rate() << "  cli " << cli_cer.Rate() << "  (" << ours_cer.length
             << " chars)\n";
    }
  }
  std::cout << "CER " << c.name << " (" << c.languages << ", " << (full ? "full" : "subset") << ", "
            << pages << " pages): ours " << std::fixed << std::setprecision(4) << ours_total.Rate()
            << ", tesseract CLI " << cli_total.Rate() << "; seconds/page ours "
            << std::setprecision(2) << ours_seconds / pages << ", CLI " << cli_seconds / pages
            << "\n"
            << report.str();
  EXPECT_LE(ours_total.Rate(), cli_total.Rate() + 0.005);
  EXPECT_LE(ours_total.Rate(), full ? c.ceiling_full : c.ceiling_subset);
}

const LanguageCase kLao = {
    .name = "Lao",
    .languages = "lao+tha+eng",
    .subset = {"lao_01.png", "lao_02.png"},
    .full = {"lao_01.png", "lao_02.png", "lao_03.png", "lao_04.jpg", "lao_05.png", "lao_06.png"},
    // Measured 0.0635 (CLI 0.1136) and 0.2733 (CLI 0.2922). The full set is
    // dominated by the two Noto Sans Lao pages, which Tesseract reads as Thai
    // with this language list (58% and 78% errors, ours and the CLI alike).
    .ceiling_subset = 0.083,
    .ceiling_full = 0.36,
};

const LanguageCase kThai = {
    .name = "Thai",
    .languages = "tha+lao+eng",
    .subset = {"tha_01-02.pdf", "tha_03.png"},
    .full = {"tha_01-02.pdf", "tha_03.png", "tha_04.png", "tha_05.jpg", "tha_06.png"},
    // Measured 0.0188 (CLI 0.1332) and 0.0243 (CLI 0.0769); the CLI's worst
    // page is a 200 dpi PNG without a resolution, which it misjudges.
    .ceiling_subset = 0.025,
    .ceiling_full = 0.032,
};

const LanguageCase kEnglish = {
    .name = "English",
    .languages = "eng",
    .subset = {"eng_02.png"},
    .full = {"eng_01.png", "eng_02.png", "eng_03.png"},
    // Measured 0 errors on every page (ours and the CLI); 0.5% is a few letters.
    .ceiling_subset = 0.005,
    .ceiling_full = 0.005,
};

TEST(CharacterErrorRateTest, LaoNoWorseThanTesseractCli) { RunLanguage(kLao); }
TEST(CharacterErrorRateTest, ThaiNoWorseThanTesseractCli) { RunLanguage(kThai); }
TEST(CharacterErrorRateTest, EnglishNoWorseThanTesseractCli) { RunLanguage(kEnglish); }

}  // namespace
}  // namespace saraban::ocr
