// Restoring onto a new box from a USB drive, end to end: `saraban backup
// create` onto a drive, eject it through the API (pulled out), plug it into
// a "new box" (an empty data directory and another media root), find the
// backup through the drives API, `saraban backup restore` it, and serve the
// restored office: letters, numbers and attachment bytes are all there.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "loop_drive.h"
#include "office_fixture.h"

namespace saraban::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr char kPassphrase[] = "ລະຫັດສຳຮອງ ຫ້ອງການ 2026";

class UsbRestoreTest : public OfficeTest {
 protected:
  void SetUp() override {
    if (std::string why = LoopDrive::Unavailable(); !why.empty()) GTEST_SKIP() << why;
    OfficeTest::SetUp();
  }
};

TEST_F(UsbRestoreTest, AnOfficeComesBackOnANewBoxFromABackupOnAUsbDrive) {
  // The old box: an office with a registered letter and a scan.
  const std::string media = daemon_->dir().Sub("media");
  fs::create_directories(media);
  daemon_->Stop();
  daemon_->set_serve_args({"--media-root", media});
  daemon_->Start();
  admin_ = Client("admin", daemon_->options().admin_password);
  auto reg = Client("reg_a");
  const json letter = Register(*reg, unit_a_, "ໜັງສືແຈ້ງການ ກອງປະຊຸມ ประจำปี");
  const std::string scan = ReadFileContents(std::string(SARABAN_SAMPLES) + "/lao_02.png");
  HttpResult up = reg->Request("POST",
                               "/api/v1/letters/" + std::to_string(letter["id"].get<int>()) +
                                   "/attachments?filename=" + UrlEncode("ສະແກນ.png"),
                               scan, {"Content-Type: application/octet-stream"});
  ASSERT_EQ(up.status, 201) << up.body;

  // The daily backup onto the USB drive.
  const std::string pass = daemon_->dir().Sub("pass");
  std::ofstream(pass) << kPassphrase << "\n";
  LoopDrive usb(daemon_->dir().Sub("usb.img"), "SARABAN-USB", 128);
  ASSERT_TRUE(usb.Plug(media));
  fs::create_directories(usb.mount_point() + "/saraban");
  CommandResult made = RunSaraban({"backup", "create", "--data", daemon_->data_dir(), "--to",
                                   usb.mount_point() + "/saraban", "--passphrase-file", pass});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  json drives = admin_->Get("/api/v1/drives").json()["drives"];
  ASSERT_EQ(drives.size(), 1u);
  ASSERT_EQ(drives[0]["backups"].size(), 1u) << drives.dump();

  // Safe eject from the UI, then the drive is pulled out and the box dies.
  ASSERT_EQ(admin_->Post("/api/v1/drives/SARABAN-USB/eject", json::object()).status, 200);
  usb.Forget();
  daemon_->Stop();

  // The new box: nothing but an empty data directory and the USB drive.
  TempDir new_box;
  const std::string new_media = new_box.Sub("media");
  fs::create_directories(new_media);
  ASSERT_TRUE(usb.Plug(new_media));
  std::vector<fs::path> archives;
  for (const auto& e : fs::directory_iterator(usb.mount_point() + "/saraban")) {
    if (e.path().extension() == ".sbk") archives.push_back(e.path());
  }
  ASSERT_EQ(archives.size(), 1u);
  const std::string new_data = new_box.Sub("data");
  std::ofstream(new_box.Sub("pass")) << kPassphrase << "\n";
  CommandResult restored = RunSaraban({"backup", "restore", archives[0].string(), "--data",
                                       new_data, "--passphrase-file", new_box.Sub("pass")});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;

  // The restored office answers with the same letter, number and scan, and
  // sees the drive it came from.
  TestDaemon restored_daemon(
      DaemonOptions{.serve_args = {"--media-root", new_media}, .existing_data_dir = new_data});
  HttpClient reg2(restored_daemon.base_url());
  ASSERT_EQ(reg2.Login("reg_a", kPassword).status, 200);
  const json back = reg2.Get("/api/v1/letters/" + std::to_string(letter["id"].get<int>())).json();
  EXPECT_EQ(back["subject"], letter["subject"]);
  EXPECT_EQ(back["register_label"], letter["register_label"]);
  ASSERT_EQ(back["attachments"].size(), 1u) << back.dump();
  EXPECT_EQ(back["attachments"][0]["filename"], "ສະແກນ.png");
  const std::string bytes =
      reg2.Get("/api/v1/attachments/" + std::to_string(back["attachments"][0]["id"].get<int>()) +
               "/content")
          .body;
  EXPECT_TRUE(bytes == scan) << bytes.size() << " vs " << scan.size() << " bytes";
  HttpClient admin2(restored_daemon.base_url());
  ASSERT_EQ(admin2.Login("admin", daemon_->options().admin_password).status, 200);
  const json seen = admin2.Get("/api/v1/drives").json()["drives"];
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0]["name"], "SARABAN-USB");
  EXPECT_EQ(seen[0]["backups"][0]["name"], "saraban/" + archives[0].filename().string());
  // Search works on the restored box (the index was rebuilt).
  const json hits = reg2.Get("/api/v1/search?q=" + UrlEncode("ກອງປະຊຸມ")).json();
  EXPECT_GE(hits["hits"].size(), 1u) << hits.dump();
}

}  // namespace
}  // namespace saraban::testing
