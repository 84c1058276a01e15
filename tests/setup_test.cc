// First boot (docs/first-boot.md): `saraban serve` on an empty data directory
// offers only the setup API, guarded by the one-time code it prints; a setup
// makes the office (country defaults, admin, backup keys, recovery card shown
// once) and the daemon then serves it on the same address without a restart;
// or an office comes back from a backup on a drive under the media root.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "loop_drive.h"
#include "office_fixture.h"

namespace saraban::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr char kAdminPassword[] = "ລະຫັດຜ່ານ ผู้ดูแล 2026";
constexpr char kPassphrase[] = "ວະລີລັບ ສຳຮອງຂໍ້ມູນ สำรอง";

// The code from the daemon's console line "SETUP CODE: 1234-5678".
std::string SetupCode(const TestDaemon& d) {
  const std::string log = d.Log();
  const std::string mark = "SETUP CODE: ";
  const size_t at = log.rfind(mark);
  return at == std::string::npos ? "" : log.substr(at + mark.size(), 9);
}

bool EmptyOrAbsent(const std::string& dir) { return !fs::exists(dir) || fs::is_empty(dir); }

// Logs in, retrying while the daemon moves from setup mode to the office.
HttpResult LoginSoon(HttpClient& c, const std::string& user, const std::string& password) {
  HttpResult r;
  for (int i = 0; i < 100; ++i) {
    r = c.Login(user, password);
    if (r.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return r;
}

class SetupTest : public ::testing::Test {
 protected:
  void StartEmpty(const std::string& media_root) {
    data_ = dir_.Sub("data");
    fs::create_directory(data_);  // a new box: the package makes the empty data directory
    daemon_ = std::make_unique<TestDaemon>(
        DaemonOptions{.serve_args = {"--media-root", media_root}, .existing_data_dir = data_});
    code_ = SetupCode(*daemon_);
    ASSERT_EQ(code_.size(), 9u) << daemon_->Log();
    client_ = std::make_unique<HttpClient>(daemon_->base_url());
  }

  json NewOffice(const std::string& code) {
    return {{"code", code},
            {"office_name", "ສຳນັກງານ ທົດລອງ สำนักงาน"},
            {"country", "TH"},
            {"admin_username", "chief"},
            {"admin_password", kAdminPassword},
            {"backup_passphrase", kPassphrase},
            {"backup_target", dir_.Sub("usb")}};
  }

  TempDir dir_;
  std::string data_, code_;
  std::unique_ptr<TestDaemon> daemon_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(SetupTest, WithoutTheSetupCodeOrWithBadFieldsNothingIsCreated) {
  ASSERT_NO_FATAL_FAILURE(StartEmpty(dir_.Sub("media")));
  HttpResult info = client_->Get("/api/v1/setup");
  ASSERT_EQ(info.status, 200) << info.body;
  EXPECT_TRUE(info.json()["setup_needed"].get<bool>());
  ASSERT_EQ(info.json()["countries"].size(), 2u);
  EXPECT_EQ(info.json()["countries"][1]["defaults"]["era"], "BE");
  // Every other route waits for the setup.
  HttpResult other = client_->Get("/api/v1/letters");
  EXPECT_EQ(other.status, 503);
  EXPECT_EQ(other.error_code(), "setup_required");
  EXPECT_EQ(client_->Login("chief", kAdminPassword).status, 503);

  json missing = NewOffice("");
  missing.erase("code");
  EXPECT_EQ(client_->Post("/api/v1/setup", missing).status, 403);
  EXPECT_EQ(client_->Post("/api/v1/setup", NewOffice("")).status, 403);
  const std::string wrong = code_ == "0000-0000" ? "1111-1111" : "0000-0000";
  HttpResult w = client_->Post("/api/v1/setup", NewOffice(wrong));
  EXPECT_EQ(w.status, 403) << w.body;
  EXPECT_EQ(client_
                ->Post("/api/v1/setup/restore",
                       {{"code", wrong}, {"archive", "/x.sbk"}, {"passphrase", kPassphrase}})
                .status,
            403);
  EXPECT_TRUE(EmptyOrAbsent(data_));

  // The right code with bad fields: the JSON error shape, nothing written,
  // also when the problem shows only after the store was made.
  json bad_country = NewOffice(code_);
  bad_country["country"] = "VN";
  HttpResult c = client_->Post("/api/v1/setup", bad_country);
  EXPECT_EQ(c.status, 422) << c.body;
  EXPECT_EQ(c.error_code(), "invalid_argument");
  json weak = NewOffice(code_);
  weak["admin_password"] = "short";
  EXPECT_EQ(client_->Post("/api/v1/setup", weak).status, 422);
  json short_passphrase = NewOffice(code_);
  short_passphrase["backup_passphrase"] = "ສັ້ນ";
  EXPECT_EQ(client_->Post("/api/v1/setup", short_passphrase).status, 422);
  json unknown = NewOffice(code_);
  unknown["admin"] = true;
  EXPECT_EQ(client_->Post("/api/v1/setup", unknown).status, 422);
  EXPECT_TRUE(EmptyOrAbsent(data_)) << "left behind in " << data_;
  EXPECT_TRUE(client_->Get("/api/v1/setup").json()["setup_needed"].get<bool>());
}

TEST_F(SetupTest, ASetupMakesTheOfficeWhichIsServedAtOnceOnTheSameAddress) {
  ASSERT_NO_FATAL_FAILURE(StartEmpty(dir_.Sub("media")));
  fs::create_directories(dir_.Sub("usb"));
  HttpResult made = client_->Post("/api/v1/setup", NewOffice(code_));
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string card = made.json()["recovery_card"];
  EXPECT_GE(card.size(), 20u);

  // Same address, no restart: the new admin logs in.
  HttpClient chief(daemon_->base_url());
  ASSERT_EQ(LoginSoon(chief, "chief", kAdminPassword).status, 200) << daemon_->Log();
  const json settings = chief.Get("/api/v1/settings").json()["settings"];
  EXPECT_EQ(settings["era"], "BE");
  EXPECT_EQ(settings["ocr_languages"], "tha+lao+eng");
  EXPECT_EQ(settings["office_name"], "ສຳນັກງານ ທົດລອງ สำนักงาน");
  EXPECT_EQ(settings["backup_target"], dir_.Sub("usb"));

  // Setup is over: the card is never shown again.
  HttpResult info = chief.Get("/api/v1/setup");
  EXPECT_FALSE(info.json()["setup_needed"].get<bool>());
  HttpResult again = client_->Post("/api/v1/setup", NewOffice(code_));
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.body.find(card), std::string::npos);
  EXPECT_EQ(client_->Post("/api/v1/setup/restore", {{"code", code_}}).status, 409);

  // The backup keys exist: a backup needs no passphrase, and the card opens it.
  CommandResult backup = RunSaraban({"backup", "create", "--data", data_, "--to", dir_.Sub("usb")});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  // The CLI names its archive; the daemon's own daily backup may have written
  // another one already when the test runs after the office's backup time.
  const std::string written = "backup written: ";
  const size_t at = backup.out.find(written);
  ASSERT_NE(at, std::string::npos) << backup.out;
  const std::string archive =
      backup.out.substr(at + written.size(), backup.out.find('\n', at) - at - written.size());
  ASSERT_EQ(fs::path(archive).parent_path(), fs::path(dir_.Sub("usb")));
  ASSERT_TRUE(fs::exists(archive)) << archive;
  std::ofstream(dir_.Sub("card")) << card << "\n";
  CommandResult verify =
      RunSaraban({"backup", "verify", archive, "--recovery-file", dir_.Sub("card")});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  std::ofstream(dir_.Sub("pass")) << kPassphrase << "\n";
  verify = RunSaraban({"backup", "verify", archive, "--passphrase-file", dir_.Sub("pass")});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
}

// The old box: an office with letters in Lao and Thai, backed up onto a drive.
class SetupRestoreTest : public OfficeTest {};

TEST_F(SetupRestoreTest, AnOfficeComesBackFromADriveThroughTheWizard) {
  auto reg = Client("reg_a");
  const json letter = Register(*reg, unit_a_, "ໜັງສືເຊີນ ກອງປະຊຸມ ประชุมประจำปี");
  TempDir box;
  const std::string media = box.Sub("media");
  fs::create_directories(media);
  // A loop-mounted drive when the machine allows (root); a folder otherwise.
  std::unique_ptr<LoopDrive> drive;
  std::string drive_path = media + "/USB";
  if (LoopDrive::Unavailable().empty()) {
    drive = std::make_unique<LoopDrive>(box.Sub("usb.img"), "USB");
    ASSERT_TRUE(drive->Plug(media));
  }
  fs::create_directories(drive_path + "/saraban");
  std::ofstream(box.Sub("pass")) << kPassphrase << "\n";
  CommandResult made = RunSaraban({"backup", "create", "--data", daemon_->data_dir(), "--to",
                                   drive_path + "/saraban", "--passphrase-file", box.Sub("pass")});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  std::string archive;
  for (const auto& e : fs::directory_iterator(drive_path + "/saraban")) {
    if (e.path().extension() == ".sbk") archive = e.path().string();
  }
  ASSERT_FALSE(archive.empty());
  fs::copy_file(archive, box.Sub("outside.sbk"));

  // The new box: an empty data directory.
  const std::string data = box.Sub("data");
  fs::create_directory(data);
  TestDaemon fresh({.serve_args = {"--media-root", media}, .existing_data_dir = data});
  const std::string code = SetupCode(fresh);
  HttpClient wizard(fresh.base_url());
  if (drive) {
    const json drives = wizard.Get("/api/v1/setup").json()["drives"];
    ASSERT_EQ(drives.size(), 1u) << drives.dump();
    ASSERT_EQ(drives[0]["backups"].size(), 1u);
    EXPECT_EQ(drives[0]["backups"][0]["path"], archive);
  }
  // Only archives under the media root; the right passphrase.
  HttpResult outside = wizard.Post(
      "/api/v1/setup/restore",
      {{"code", code}, {"archive", box.Sub("outside.sbk")}, {"passphrase", kPassphrase}});
  EXPECT_EQ(outside.status, 422) << outside.body;
  HttpResult sneaky = wizard.Post(
      "/api/v1/setup/restore",
      {{"code", code}, {"archive", media + "/../outside.sbk"}, {"passphrase", kPassphrase}});
  EXPECT_EQ(sneaky.status, 422) << sneaky.body;
  HttpResult wrong =
      wizard.Post("/api/v1/setup/restore",
                  {{"code", code}, {"archive", archive}, {"passphrase", "not the passphrase"}});
  ASSERT_EQ(wrong.status, 202) << wrong.body;
  json status;
  for (int i = 0; i < 300; ++i) {
    status = wizard.Get("/api/v1/setup/restore").json();
    if (status["state"] != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status["state"], "failed") << status.dump();
  EXPECT_TRUE(EmptyOrAbsent(data));

  HttpResult started = wizard.Post(
      "/api/v1/setup/restore", {{"code", code}, {"archive", archive}, {"passphrase", kPassphrase}});
  ASSERT_EQ(started.status, 202) << started.body;
  const auto t0 = std::chrono::steady_clock::now();
  bool saw_office = false;
  for (int i = 0; i < 600 && !saw_office; ++i) {
    HttpResult r = wizard.Get("/api/v1/setup/restore");
    if (r.status == 200) {
      status = r.json();
      ASSERT_NE(status["state"], "failed") << status.dump();
      saw_office = !status["setup_needed"].get<bool>();
    }
    if (!saw_office) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(saw_office) << status.dump() << fresh.Log();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("restore through the wizard until the office is served: %.2f s\n", seconds);

  // The restored office, served on the same address: log in, find the letter.
  HttpClient again(fresh.base_url());
  ASSERT_EQ(LoginSoon(again, "reg_a", kPassword).status, 200) << fresh.Log();
  const json got = again.Get("/api/v1/letters/" + std::to_string(letter["id"].get<int>())).json();
  EXPECT_EQ(got["subject"], "ໜັງສືເຊີນ ກອງປະຊຸມ ประชุมประจำปี");
  const json hits = again.Get("/api/v1/search?q=" + UrlEncode("ກອງປະຊຸມ")).json()["hits"];
  ASSERT_EQ(hits.size(), 1u) << hits.dump();
  EXPECT_EQ(hits[0]["letter_id"], letter["id"]);
  EXPECT_EQ(wizard.Post("/api/v1/setup/restore", {{"code", code}}).status, 409);
  // Restored inside the data directory (the packaged service may write only
  // there) and moved up: nothing left over beside or inside it.
  EXPECT_FALSE(fs::exists(data + "/.restore"));
  EXPECT_FALSE(fs::exists(data + ".restoring"));
  fresh.Stop();
}

}  // namespace
}  // namespace saraban::testing
