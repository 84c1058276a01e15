// USB drives: the drives mounted under the media root are listed with their
// free space and the backups on them; eject syncs and unmounts, refuses a
// busy drive, and is for admins only.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "http_client.h"
#include "loop_drive.h"
#include "process.h"

namespace saraban::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class DrivesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string why = LoopDrive::Unavailable(); !why.empty()) GTEST_SKIP() << why;
    media_ = dir_.Sub("media");
    fs::create_directories(media_);
    daemon_ = std::make_unique<TestDaemon>(DaemonOptions{.serve_args = {"--media-root", media_}});
    admin_ = std::make_unique<HttpClient>(daemon_->base_url());
    ASSERT_EQ(admin_->Login("admin", daemon_->options().admin_password).status, 200);
  }

  json Drives() {
    HttpResult r = admin_->Get("/api/v1/drives");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["drives"];
  }

  TempDir dir_;
  std::string media_;
  std::unique_ptr<TestDaemon> daemon_;
  std::unique_ptr<HttpClient> admin_;
};

TEST_F(DrivesTest, MountedDrivesAreListedWithFreeSpaceAndTheirBackups) {
  EXPECT_TRUE(Drives().empty());
  LoopDrive drive(dir_.Sub("usb.img"), "ສຳຮອງ");
  ASSERT_TRUE(drive.Plug(media_));
  fs::create_directories(drive.mount_point() + "/saraban");
  std::ofstream(drive.mount_point() + "/saraban/saraban-20260101-180000-0001.sbk") << "old";
  std::ofstream(drive.mount_point() + "/top.sbk") << "top";
  std::ofstream(drive.mount_point() + "/notes.txt") << "not a backup";
  fs::create_directories(media_ + "/LEFTOVER");  // a mount point without a drive

  const json drives = Drives();
  ASSERT_EQ(drives.size(), 1u) << drives.dump();
  const json& d = drives[0];
  EXPECT_EQ(d["name"], "ສຳຮອງ");
  EXPECT_EQ(d["path"], drive.mount_point());
  EXPECT_EQ(d["file_system"], "ext4");
  EXPECT_GT(d["total_bytes"].get<uint64_t>(), 40u << 20);
  EXPECT_GT(d["free_bytes"].get<uint64_t>(), 20u << 20);
  EXPECT_LE(d["free_bytes"].get<uint64_t>(), d["total_bytes"].get<uint64_t>());
  EXPECT_EQ(d["backup_target"], false);
  std::set<std::string> names;
  for (const auto& b : d["backups"]) names.insert(b["name"]);
  EXPECT_EQ(names, (std::set<std::string>{"saraban/saraban-20260101-180000-0001.sbk", "top.sbk"}));

  // The daily backup's target on the drive is marked.
  ASSERT_EQ(admin_->Patch("/api/v1/settings", {{"backup_target", drive.mount_point() + "/saraban"}})
                .status,
            200);
  EXPECT_EQ(Drives()[0]["backup_target"], true);
}

TEST_F(DrivesTest, EjectSyncsAndUnmountsSoTheDriveCanBePulledOut) {
  LoopDrive drive(dir_.Sub("usb.img"), "USB1");
  ASSERT_TRUE(drive.Plug(media_));
  const std::string point = drive.mount_point();
  std::ofstream(point + "/written.sbk") << std::string(1 << 20, 'x');

  // A file held open (a backup being written) makes the drive busy.
  const int fd = ::open((point + "/written.sbk").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  HttpResult busy = admin_->Post("/api/v1/drives/USB1/eject", json::object());
  EXPECT_EQ(busy.status, 409) << busy.body;
  EXPECT_TRUE(LoopDrive::Mounted(point));
  ::close(fd);

  HttpResult ejected = admin_->Post("/api/v1/drives/USB1/eject", json::object());
  ASSERT_EQ(ejected.status, 200) << ejected.body;
  EXPECT_EQ(ejected.json()["safe_to_remove"], true);
  EXPECT_FALSE(LoopDrive::Mounted(point));
  drive.Forget();
  EXPECT_TRUE(Drives().empty());
  EXPECT_EQ(admin_->Post("/api/v1/drives/USB1/eject", json::object()).status, 404);

  // What was written before the eject is on the drive when it comes back.
  ASSERT_TRUE(drive.Plug(media_));
  EXPECT_EQ(fs::file_size(point + "/written.sbk"), 1u << 20);
}

TEST_F(DrivesTest, OnlyAdminsSeeOrEjectDrives) {
  LoopDrive drive(dir_.Sub("usb.img"), "USB2");
  ASSERT_TRUE(drive.Plug(media_));
  ASSERT_EQ(admin_
                ->Post("/api/v1/users", {{"username", "clerk"},
                                         {"display_name", "ພະນັກງານ"},
                                         {"roles", {"central_registrar"}},
                                         {"unit_ids", {1}},
                                         {"password", "correct horse battery"}})
                .status,
            201);
  HttpClient clerk(daemon_->base_url());
  ASSERT_EQ(clerk.Login("clerk", "correct horse battery").status, 200);
  EXPECT_EQ(clerk.Get("/api/v1/drives").status, 403);
  EXPECT_EQ(clerk.Post("/api/v1/drives/USB2/eject", json::object()).status, 403);
  EXPECT_TRUE(LoopDrive::Mounted(drive.mount_point()));
  EXPECT_EQ(admin_->Post("/api/v1/drives/..%2Fetc/eject", json::object()).status, 404);
  EXPECT_EQ(admin_->Post("/api/v1/drives/NOPE/eject", json::object()).status, 404);
}

}  // namespace
}  // namespace saraban::testing
