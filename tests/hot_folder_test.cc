// The hot folder: scans dropped into ROOT/<unit code>/ become draft incoming
// letters with their files attached and read, once they stop growing.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "office_fixture.h"

namespace saraban::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kSamples = SARABAN_SAMPLES;

void WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

class HotFolderTest : public OfficeTest {
 protected:
  void SetUp() override {
    OfficeTest::SetUp();
    root_ = daemon_->dir().Sub("scans");
    // Restart with the hot folder on: the units above exist now, so their
    // folders are made at start.
    daemon_->Stop();
    daemon_->set_serve_args(
        {"--hot-folder", root_, "--hot-folder-quiet-seconds", "1", "--ocr-workers", "1"});
    daemon_->Start();
    admin_ = Client("admin", daemon_->options().admin_password);
    central_ = Client("central");
  }

  // The letters of a unit, newest first.
  json Letters(uint64_t unit) {
    return central_->Get("/api/v1/letters?unit_id=" + std::to_string(unit)).json()["letters"];
  }

  // Waits until the unit has `count` letters; returns them.
  json WaitForLetters(uint64_t unit, size_t count, int seconds = 20) {
    json letters;
    for (int i = 0; i < seconds * 10; ++i) {
      letters = Letters(unit);
      if (letters.size() >= count) return letters;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "expected " << count << " letters, have " << letters.dump();
    return letters;
  }

  json Letter(uint64_t id) { return central_->Get("/api/v1/letters/" + std::to_string(id)).json(); }

  bool WaitForPath(const fs::path& p, int seconds = 20) {
    for (int i = 0; i < seconds * 10; ++i) {
      if (fs::exists(p)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  json WaitForText(uint64_t attachment, int seconds = 180) {
    json a;
    for (int i = 0; i < seconds * 4; ++i) {
      a = central_->Get("/api/v1/attachments/" + std::to_string(attachment)).json();
      if (a["text_status"] == "done" || a["text_status"] == "failed") return a;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    ADD_FAILURE() << "extraction did not finish: " << a.dump();
    return a;
  }

  std::string root_;
  std::unique_ptr<HttpClient> central_;
};

TEST_F(HotFolderTest, UnitFoldersAreMadeForUnitsThatKeepBooksAndForNewUnits) {
  EXPECT_TRUE(fs::is_directory(root_ + "/A/done"));
  EXPECT_TRUE(fs::is_directory(root_ + "/A/failed"));
  EXPECT_TRUE(fs::is_directory(root_ + "/B"));
  EXPECT_FALSE(fs::exists(root_ + "/A1")) << "A1 keeps no register books";
  MakeUnit(1, "ກຄ/2", "ກົມ ຄ", "กรม ค");  // '/' cannot be in a folder name
  EXPECT_TRUE(WaitForPath(root_ + "/ກຄ_2/done", 15));
}

TEST_F(HotFolderTest, AFileWrittenSlowlyIsTakenOnlyWhenWholeAndRead) {
  const std::string png = ReadFileContents(kSamples + "/lao_01.png");
  ASSERT_GT(png.size(), 10000u);
  const fs::path target = fs::path(root_) / "A" / "ໜັງສືເຊີນ ກອງປະຊຸມ.png";
  {
    // A network scanner: ten pieces, 0.4 s apart (4 s in all, the quiet time is 1 s).
    std::ofstream out(target, std::ios::binary);
    const size_t piece = png.size() / 10 + 1;
    for (size_t at = 0; at < png.size(); at += piece) {
      out.write(png.data() + at, std::min(piece, png.size() - at));
      out.flush();
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
      EXPECT_TRUE(Letters(unit_a_).empty()) << "taken while still being written";
    }
  }
  json letters = WaitForLetters(unit_a_, 1);
  ASSERT_EQ(letters.size(), 1u);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(Letters(unit_a_).size(), 1u) << "taken only once";
  const json letter = Letter(letters[0]["id"]);
  EXPECT_EQ(letter["subject"], "ໜັງສືເຊີນ ກອງປະຊຸມ");
  EXPECT_EQ(letter["status"], "draft");
  EXPECT_EQ(letter["direction"], "incoming");
  EXPECT_EQ(letter["book"], "receive");
  ASSERT_EQ(letter["attachments"].size(), 1u) << letter.dump();
  const uint64_t attachment = letter["attachments"][0]["id"];
  HttpResult content =
      central_->Get("/api/v1/attachments/" + std::to_string(attachment) + "/content");
  EXPECT_EQ(content.status, 200);
  EXPECT_TRUE(content.body == png) << "the attachment differs from the scan ("
                                   << content.body.size() << " vs " << png.size() << " bytes)";
  EXPECT_FALSE(fs::exists(target));
  EXPECT_TRUE(WaitForPath(fs::path(root_) / "A" / "done" / target.filename()));
  // OCR was queued with the attachment: the Lao text appears.
  const json a = WaitForText(attachment);
  ASSERT_EQ(a["text_status"], "done") << a.dump();
  const std::string text =
      central_->Get("/api/v1/attachments/" + std::to_string(attachment) + "/text").body;
  EXPECT_NE(text.find("ຫ້ອງການ"), std::string::npos) << text.substr(0, 400);
}

TEST_F(HotFolderTest, ASubfolderOfPagesBecomesOneLetterWithEveryPage) {
  const fs::path job = fs::path(root_) / "B" / "ສະແກນ 17";
  fs::create_directories(job);
  std::vector<std::string> pages;
  for (int i = 1; i <= 3; ++i) {
    pages.push_back(ReadFileContents(kSamples + "/eng_0" + std::to_string(i) + ".png"));
    WriteFile(job / ("page-" + std::to_string(i) + ".png"), pages.back());
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // a page every 0.5 s
  }
  json letters = WaitForLetters(unit_b_, 1);
  ASSERT_EQ(letters.size(), 1u);
  const json letter = Letter(letters[0]["id"]);
  EXPECT_EQ(letter["subject"], "ສະແກນ 17");
  ASSERT_EQ(letter["attachments"].size(), 3u) << letter.dump();
  for (int i = 0; i < 3; ++i) {
    const json& a = letter["attachments"][i];
    EXPECT_EQ(a["filename"], "page-" + std::to_string(i + 1) + ".png");
    EXPECT_TRUE(
        central_->Get("/api/v1/attachments/" + std::to_string(a["id"].get<uint64_t>()) + "/content")
            .body == pages[i]);
  }
  EXPECT_TRUE(WaitForPath(fs::path(root_) / "B" / "done" / "ສະແກນ 17" / "page-3.png"));
  EXPECT_FALSE(fs::exists(job));
}

TEST_F(HotFolderTest, UnknownUnitsUnsupportedFilesAndLooseFilesGoToFailedWithAReason) {
  const std::string png = ReadFileContents(kSamples + "/eng_01.png");
  fs::create_directories(fs::path(root_) / "ZZ");
  WriteFile(fs::path(root_) / "ZZ" / "scan.png", png);
  WriteFile(fs::path(root_) / "A" / "program.exe",
            ReadFileContents(SarabanBinary()).substr(0, 8192));
  WriteFile(fs::path(root_) / "loose.png", png);

  const fs::path zz_reason = fs::path(root_) / "ZZ" / "failed" / "scan.png.reason.txt";
  ASSERT_TRUE(WaitForPath(zz_reason));
  EXPECT_TRUE(fs::exists(fs::path(root_) / "ZZ" / "failed" / "scan.png"));
  EXPECT_NE(ReadFileContents(zz_reason).find("ZZ"), std::string::npos)
      << ReadFileContents(zz_reason);

  const fs::path exe_reason = fs::path(root_) / "A" / "failed" / "program.exe.reason.txt";
  ASSERT_TRUE(WaitForPath(exe_reason));
  EXPECT_TRUE(fs::exists(fs::path(root_) / "A" / "failed" / "program.exe"));
  EXPECT_NE(ReadFileContents(exe_reason).find("program.exe"), std::string::npos);

  const fs::path loose_reason = fs::path(root_) / "failed" / "loose.png.reason.txt";
  ASSERT_TRUE(WaitForPath(loose_reason));
  EXPECT_NE(ReadFileContents(loose_reason).find("unit's folder"), std::string::npos);

  // Nothing became a letter: a refused file changes nothing.
  EXPECT_TRUE(Letters(unit_a_).empty());
  EXPECT_EQ(central_->Get("/api/v1/letters").json()["total"], 0);
}

TEST_F(HotFolderTest, ScansLeftWhileTheDaemonWasStoppedAreTakenAtStart) {
  daemon_->Stop();
  const std::string png = ReadFileContents(kSamples + "/tha_03.png");
  WriteFile(fs::path(root_) / "A" / "หนังสือเชิญ.png", png);
  fs::create_directories(fs::path(root_) / "B" / "job");
  WriteFile(fs::path(root_) / "B" / "job" / "1.png", png);
  daemon_->Start();
  central_ = Client("central");
  const json a = WaitForLetters(unit_a_, 1);
  const json b = WaitForLetters(unit_b_, 1);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0]["subject"], "หนังสือเชิญ");
  EXPECT_EQ(Letter(b[0]["id"])["attachments"].size(), 1u);
}

}  // namespace
}  // namespace saraban::testing
