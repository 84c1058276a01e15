// Interrupted backup and restore: `saraban backup create` and `saraban backup
// restore --force` killed with SIGKILL midway, at several moments. A killed
// backup leaves only the earlier complete backups under final names (its
// temporary file is ignored and cleaned by the next run, which works); a
// killed restore leaves the old data directory intact, and it still serves.
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <regex>
#include <thread>

#include "fault_support.h"
#include "office_fixture.h"

namespace saraban::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr char kPassphrase[] = "ຂັດຂວາງ ถูกขัดจังหวะ 2569";
const std::string kSamples = SARABAN_SAMPLES;

std::vector<std::string> Names(const std::string& dir, const std::string& prefix = "") {
  return NamesIn(dir, prefix);
}

std::vector<std::string> Archives(const std::string& dir) { return NamesIn(dir, "", ".sbk"); }

class InterruptTest : public OfficeTest {
 protected:
  void SetUp() override {
    OfficeTest::SetUp();
    std::ofstream(daemon_->dir().Sub("pass")) << kPassphrase << "\n";
    fs::create_directories(Target());
    reg_ = Client("reg_a");
    for (int i = 0; i < 5; ++i)
      before_.push_back(Register(*reg_, unit_a_, "ກ່ອນ ก่อน " + std::to_string(i))["id"]);
  }
  std::string Pass() const { return daemon_->dir().Sub("pass"); }
  std::string Target() const { return daemon_->dir().Sub("usb"); }
  std::vector<std::string> CreateArgs() const {
    return {
        "backup", "create", "--data", daemon_->data_dir(), "--to", Target(), "--passphrase-file",
        Pass()};
  }

  // Scans made unique by a random tail (still PNGs by content): enough
  // incompressible bytes that a backup takes a while.
  void AddScans(int count, size_t tail) {
    const std::string png = ReadFileBytes(kSamples + "/tha_03.png");
    ASSERT_FALSE(png.empty());
    std::mt19937_64 rng(count);
    for (int i = 0; i < count; ++i) {
      std::string bytes = png;
      for (size_t k = 0; k < tail; k += 8) {
        const uint64_t r = rng();
        bytes.append(reinterpret_cast<const char*>(&r), 8);
      }
      HttpResult up = reg_->Request("POST",
                                    "/api/v1/letters/" + std::to_string(before_[0]) +
                                        "/attachments?filename=scan" + std::to_string(i) + ".png",
                                    bytes, {"Content-Type: application/octet-stream"});
      ASSERT_EQ(up.status, 201) << up.body;
    }
  }

  // Starts `args` and kills it `delay_ms` after `started()` first holds;
  // returns false if it finished before that.
  bool KillMidway(const std::vector<std::string>& args, const std::function<bool()>& started,
                  int delay_ms) {
    Child child(args);
    while (!started()) {
      if (!child.Running()) return false;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    if (!child.Running()) return false;
    child.Kill();
    return true;
  }

  std::unique_ptr<HttpClient> reg_;
  std::vector<int> before_;
};

TEST_F(InterruptTest, AKilledBackupLeavesTheEarlierBackupsAndTheNextOneWorks) {
  ASSERT_EQ(RunSaraban(CreateArgs()).exit_code, 0);
  const std::vector<std::string> complete = Archives(Target());
  ASSERT_EQ(complete.size(), 1u);
  AddScans(24, 2 << 20);  // about 48 MB
  int killed = 0;
  for (int delay : {0, 5, 20, 60, 150}) {
    // Midway: the backup's temporary file exists and is being written.
    const bool cut = KillMidway(
        CreateArgs(),
        [&] {
          for (const std::string& n : Names(Target(), ".saraban-tmp-")) {
            std::error_code ec;
            if (fs::file_size(Target() + "/" + n, ec) > 0) return true;
          }
          return false;
        },
        delay);
    if (!cut) continue;  // it finished first: no interruption to check
    ++killed;
    EXPECT_EQ(Archives(Target()), complete) << "a partial backup got a final name";
    CommandResult v =
        RunSaraban({"backup", "verify", Target() + "/" + complete[0], "--passphrase-file", Pass()});
    EXPECT_EQ(v.exit_code, 0) << v.err;
  }
  EXPECT_GE(killed, 3) << "the backups finished before they could be interrupted";
  // The next backup works and cleans up what the killed ones left.
  CommandResult next = RunSaraban(CreateArgs());
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_TRUE(Names(Target(), ".saraban-tmp-").empty());
  const std::vector<std::string> now = Archives(Target());
  ASSERT_EQ(now.size(), 2u);
  CommandResult v =
      RunSaraban({"backup", "verify", Target() + "/" + now[1], "--passphrase-file", Pass()});
  EXPECT_EQ(v.exit_code, 0) << v.err;
  // No store snapshot of a killed backup is left in the data directory.
  EXPECT_TRUE(Names(daemon_->data_dir(), ".backup-snapshot-").empty());
  std::printf("interrupted backup: %d kills midway, earlier backup intact, next backup OK\n",
              killed);
}

TEST_F(InterruptTest, AKilledRestoreLeavesTheOldOfficeServing) {
  AddScans(24, 2 << 20);
  ASSERT_EQ(RunSaraban(CreateArgs()).exit_code, 0);
  const std::string archive = Target() + "/" + Archives(Target()).at(0);
  // The office moves on after the backup: the restore would take this back.
  const int after = Register(*reg_, unit_a_, "ຫຼັງສຳຮອງ หลังสำรอง")["id"];
  const std::string data = daemon_->data_dir();
  const std::string parent = fs::path(data).parent_path().string();
  const std::string staging_prefix = fs::path(data).filename().string() + ".restoring-";
  daemon_->Stop();
  const std::vector<std::string> restore = {"backup", "restore",           archive, "--data",
                                            data,     "--passphrase-file", Pass(),  "--force"};
  int killed = 0;
  for (int delay : {0, 10, 40, 100}) {
    const bool cut = KillMidway(
        restore, [&] { return !Names(parent, staging_prefix).empty(); }, delay);
    if (!cut) break;  // it finished first; what follows checks a completed restore anyway
    ++killed;
    // The old office is there, whole, and serves.
    daemon_->Start();
    HttpClient c(daemon_->base_url());
    ASSERT_EQ(c.Login("reg_a", kPassword).status, 200);
    EXPECT_EQ(c.Get("/api/v1/letters/" + std::to_string(after)).status, 200);
    for (int id : before_) EXPECT_EQ(c.Get("/api/v1/letters/" + std::to_string(id)).status, 200);
    daemon_->Stop();
  }
  EXPECT_GE(killed, 2) << "the restores finished before they could be interrupted";
  // A restore that runs to the end replaces it, and leaves no staging behind.
  CommandResult done = RunSaraban(restore);
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_TRUE(Names(parent, staging_prefix).empty()) << Names(parent, staging_prefix)[0];
  daemon_->Start();
  HttpClient c(daemon_->base_url());
  ASSERT_EQ(c.Login("reg_a", kPassword).status, 200);
  EXPECT_EQ(c.Get("/api/v1/letters/" + std::to_string(after)).status, 404);  // the backup's state
  EXPECT_EQ(c.Get("/api/v1/letters/" + std::to_string(before_[0])).status, 200);
  std::printf("interrupted restore: %d kills midway, old office served after each\n", killed);
}

}  // namespace
}  // namespace saraban::testing
