// Backup and restore of a whole office through the real binary: the round
// trip, a backup taken under load, incremental backups, wrong passphrases,
// --force, and the daemon's scheduled/"back up now" path.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

#include "office_fixture.h"

namespace saraban::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr char kPassphrase[] = "ພາສາລາວ ແລະ ภาษาไทย 2567";

std::vector<std::string> Archives(const std::string& dir) {
  std::vector<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".sbk") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class OfficeBackupTest : public OfficeTest {
 protected:
  void SetUp() override {
    OfficeTest::SetUp();
    std::ofstream(daemon_->dir().Sub("pass")) << kPassphrase << "\n";
    std::ofstream(daemon_->dir().Sub("wrong")) << "not the passphrase at all\n";
    fs::create_directories(Target());  // the mounted USB drive
  }
  std::string Pass() const { return daemon_->dir().Sub("pass"); }
  std::string Target() const { return daemon_->dir().Sub("usb"); }

  CommandResult Create(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"backup", "create", "--data", daemon_->data_dir(), "--to",
                                     Target(), "--passphrase-file", Pass()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunSaraban(args);
  }

  HttpResult Upload(HttpClient& c, int letter, const std::string& name, const std::string& bytes) {
    return c.Request("POST",
                     "/api/v1/letters/" + std::to_string(letter) +
                         "/attachments?filename=" + UrlEncode(name),
                     bytes, {"Content-Type: application/octet-stream"});
  }
};

TEST_F(OfficeBackupTest, ARestoredOfficeServesExactlyTheSameRecords) {
  auto reg = Client("reg_a");
  std::vector<int> letters;
  letters.push_back(Register(*reg, unit_a_, "ແຈ້ງການ ກອງປະຊຸມປະຈຳປີ", {{"from", "ກະຊວງ"}})["id"]);
  letters.push_back(Register(*reg, unit_a_, "ขอเชิญประชุมคณะกรรมการ", {{"secrecy", "normal"}})["id"]);
  letters.push_back(Register(*reg, unit_a_, "Workshop invitation", {{"book", "send_normal"}})["id"]);
  ASSERT_EQ(reg->Post("/api/v1/letters/" + std::to_string(letters[1]) + "/cancel",
                      {{"reason", "ຊ້ຳ"}})
                .status,
            200);
  const std::string scan = [] {
    std::ifstream in(std::string(SARABAN_SAMPLES) + "/eng_03.png", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }();
  std::vector<int> attachments;
  attachments.push_back(Upload(*reg, letters[0], "ເອກະສານຊ້ອນທ້າຍ.txt", "ກອງປະຊຸມ ສະໄໝສາມັນ\n").json()["id"]);
  attachments.push_back(Upload(*reg, letters[2], "สแกน หน้า 1.png", scan).json()["id"]);
  // Let extraction finish first: the copy must match the original as it is now.
  for (int id : attachments) {
    for (int i = 0; i < 600; ++i) {
      const json a = reg->Get("/api/v1/attachments/" + std::to_string(id)).json();
      if (a["text_status"] == "done" || a["text_status"] == "failed") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  CommandResult created = Create();
  ASSERT_EQ(created.exit_code, 0) << created.err;
  ASSERT_EQ(Archives(Target()).size(), 1u);
  const std::string archive = Archives(Target())[0];

  CommandResult verified =
      RunSaraban({"backup", "verify", archive, "--passphrase-file", Pass()});
  ASSERT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_NE(verified.out.find("letters:       3"), std::string::npos) << verified.out;
  EXPECT_NE(verified.out.find("attachments:   2"), std::string::npos) << verified.out;
  EXPECT_NE(verified.out.find("receive"), std::string::npos) << verified.out;

  const std::string restored_dir = daemon_->dir().Sub("restored");
  CommandResult restored = RunSaraban(
      {"backup", "restore", archive, "--data", restored_dir, "--passphrase-file", Pass()});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;

  TestDaemon copy({.existing_data_dir = restored_dir});
  HttpClient reg2(copy.base_url());
  ASSERT_EQ(reg2.Login("reg_a", kPassword).status, 200);
  for (int id : letters) {
    const std::string path = "/api/v1/letters/" + std::to_string(id);
    EXPECT_EQ(reg2.Get(path).json(), reg->Get(path).json()) << path;  // with timeline
  }
  for (int id : attachments) {
    const std::string path = "/api/v1/attachments/" + std::to_string(id);
    EXPECT_EQ(reg2.Get(path + "/content").body, reg->Get(path + "/content").body);
  }
  HttpClient admin2(copy.base_url());
  ASSERT_EQ(admin2.Login("admin", daemon_->options().admin_password).status, 200);
  EXPECT_EQ(admin2.Get("/api/v1/users").json(), admin_->Get("/api/v1/users").json());
  EXPECT_EQ(admin2.Get("/api/v1/units").json(), admin_->Get("/api/v1/units").json());
  // The audit log: the copy has every entry the original had at backup time (and its own logins after).
  const json before = admin_->Get("/api/v1/audit").json()["entries"];
  const json after = admin2.Get("/api/v1/audit").json()["entries"];
  ASSERT_GE(after.size(), 10u);
  for (size_t i = 0; i < 10; ++i) EXPECT_EQ(after[i], before[i]) << i;
  const int year = reg->Get("/api/v1/letters/" + std::to_string(letters[0])).json()["register_year"];
  const std::string report = "/api/v1/registers?unit_id=" + std::to_string(unit_a_) +
                             "&book=receive&year=" + std::to_string(year);
  EXPECT_EQ(reg2.Get(report).json(), reg->Get(report).json());
  // The search index was rebuilt by the restore.
  const json hits = reg2.Get("/api/v1/search?q=" + UrlEncode("ກອງປະຊຸມ")).json();
  EXPECT_GE(hits["total"].get<int>(), 1) << hits.dump();
  // New numbers continue after the restored ones.
  EXPECT_EQ(Register(reg2, unit_a_, "ຫຼັງການກູ້ຄືນ")["register_no"], 3);
}

TEST_F(OfficeBackupTest, ABackupTakenWhileLettersAreRegisteredRestoresConsistently) {
  std::atomic<bool> stop{false};
  std::atomic<int> acknowledged{0};
  std::thread writer([&] {
    auto reg = Client("central");
    while (!stop) {
      HttpResult r = reg->Post("/api/v1/letters", {{"unit_id", unit_b_}, {"book", "receive"},
                                                   {"subject", "ໜັງສືລະຫວ່າງສຳຮອງ"}});
      if (r.status == 201) ++acknowledged;
    }
  });
  while (acknowledged < 20) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CommandResult created = Create();
  stop = true;
  writer.join();
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string restored_dir = daemon_->dir().Sub("restored");
  ASSERT_EQ(RunSaraban({"backup", "restore", Archives(Target())[0], "--data", restored_dir,
                        "--passphrase-file", Pass()})
                .exit_code,
            0);
  TestDaemon copy({.existing_data_dir = restored_dir});
  HttpClient central(copy.base_url());
  ASSERT_EQ(central.Login("central", kPassword).status, 200);
  const json page = central.Get("/api/v1/letters?limit=200").json();
  const int n = page["total"];
  EXPECT_GE(n, 20);
  EXPECT_LE(n, acknowledged.load());
  // Every restored letter has its number, and the numbers are exactly 1..n.
  std::set<int> numbers;
  for (const auto& l : page["letters"]) numbers.insert(l["register_no"].get<int>());
  EXPECT_EQ(numbers.size(), static_cast<size_t>(std::min(n, 200)));
  if (n <= 200) {
    EXPECT_EQ(*numbers.begin(), 1);
    EXPECT_EQ(*numbers.rbegin(), n);
  }
  const int year = page["letters"][0]["register_year"];
  const json entries = central.Get("/api/v1/registers?unit_id=" + std::to_string(unit_b_) +
                                   "&book=receive&year=" + std::to_string(year))
                           .json()["entries"];
  EXPECT_EQ(entries.size(), static_cast<size_t>(n));
}

TEST_F(OfficeBackupTest, ASecondBackupWritesOnlyNewFilesAndRestoresOnItsOwn) {
  auto reg = Client("reg_a");
  const int letter = Register(*reg, unit_a_, "ສັນຍາ")["id"];
  std::mt19937 random(7);
  for (int i = 0; i < 5; ++i) {
    std::string content = "ເນື້ອໃນ " + std::to_string(i) + "\n";
    for (int j = 0; j < 100000; ++j) content.push_back("0123456789abcdef"[random() % 16]);
    ASSERT_EQ(Upload(*reg, letter, "ໄຟລ໌ " + std::to_string(i) + ".txt", content).status, 201);
  }
  CommandResult first = Create();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("new files: 5"), std::string::npos) << first.out;
  ASSERT_EQ(Upload(*reg, letter, "ໃໝ່.txt", "ໄຟລ໌ໃໝ່\n").status, 201);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // a distinct file name
  CommandResult second = Create();
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("new files: 1;"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("already on the drive: 5"), std::string::npos) << second.out;
  const auto archives = Archives(Target());
  ASSERT_EQ(archives.size(), 2u);
  const std::string restored_dir = daemon_->dir().Sub("restored");
  CommandResult restored = RunSaraban(
      {"backup", "restore", archives[1], "--data", restored_dir, "--passphrase-file", Pass()});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  TestDaemon copy({.existing_data_dir = restored_dir});
  HttpClient reg2(copy.base_url());
  ASSERT_EQ(reg2.Login("reg_a", kPassword).status, 200);
  const json list = reg2.Get("/api/v1/letters/" + std::to_string(letter) + "/attachments").json();
  ASSERT_EQ(list["attachments"].size(), 6u);
  for (const auto& a : list["attachments"]) {
    EXPECT_EQ(reg2.Get("/api/v1/attachments/" + std::to_string(a["id"].get<int>()) + "/content")
                  .body.size(),
              a["size"].get<size_t>());
  }
}

TEST_F(OfficeBackupTest, AWrongPassphraseRestoresNothing) {
  ASSERT_EQ(Create().exit_code, 0);
  const std::string restored_dir = daemon_->dir().Sub("restored");
  CommandResult r = RunSaraban({"backup", "restore", Archives(Target())[0], "--data", restored_dir,
                                "--passphrase-file", daemon_->dir().Sub("wrong")});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("passphrase"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(restored_dir) && !fs::is_empty(restored_dir));
  CommandResult v = RunSaraban({"backup", "verify", Archives(Target())[0], "--passphrase-file",
                                daemon_->dir().Sub("wrong")});
  EXPECT_NE(v.exit_code, 0);
}

TEST_F(OfficeBackupTest, RestoreReplacesAnOfficeOnlyWithForce) {
  auto reg = Client("reg_a");
  Register(*reg, unit_a_, "ກ່ອນສຳຮອງ");
  ASSERT_EQ(Create().exit_code, 0);
  const std::string other = daemon_->dir().Sub("other");
  ASSERT_EQ(RunSaraban({"init", "--data", other, "--org", "ອື່ນ", "--admin", "x"},
                       {"SARABAN_ADMIN_PASSWORD=some-password-1"})
                .exit_code,
            0);
  CommandResult refused = RunSaraban(
      {"backup", "restore", Archives(Target())[0], "--data", other, "--passphrase-file", Pass()});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  CommandResult forced = RunSaraban({"backup", "restore", Archives(Target())[0], "--data", other,
                                     "--passphrase-file", Pass(), "--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  TestDaemon copy({.existing_data_dir = other});
  HttpClient c(copy.base_url());
  EXPECT_EQ(c.Login("reg_a", kPassword).status, 200);  // the restored office, not "x"'s
  EXPECT_EQ(c.Get("/api/v1/letters").json()["total"], 1);
}

TEST_F(OfficeBackupTest, TheDaemonBacksUpOnRequestAndReportsOutcomes) {
  EXPECT_EQ(admin_->Get("/api/v1/backups").json()["keys_set_up"], false);
  EXPECT_EQ(admin_->Post("/api/v1/backups", json::object()).status, 409);  // not set up
  CommandResult setup = RunSaraban({"backup", "setup", "--data", daemon_->data_dir(),
                                    "--passphrase-file", Pass()});
  ASSERT_EQ(setup.exit_code, 0) << setup.err;
  EXPECT_NE(setup.out.find("SRBK-"), std::string::npos) << setup.out;  // the recovery card
  // By hand only: the daily backup would otherwise run at once after 18:00.
  ASSERT_EQ(admin_->Patch("/api/v1/settings", {{"backup_target", Target()}, {"backup_time", ""}})
                .status,
            200);
  ASSERT_EQ(admin_->Post("/api/v1/backups", json::object()).status, 202);
  json status;
  for (int i = 0; i < 600; ++i) {
    status = admin_->Get("/api/v1/backups").json();
    if (!status["running"].get<bool>() && status.contains("last_success")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(status.contains("last_success")) << status.dump();
  EXPECT_GT(status["last_success"]["bytes"].get<int>(), 0);
  EXPECT_EQ(Archives(Target()).size(), 1u);
  // The recovery card opens it too.
  const std::regex card("SRBK-[A-Z0-9-]+");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(setup.out, m, card));
  std::ofstream(daemon_->dir().Sub("card")) << m.str() << "\n";
  CommandResult by_card = RunSaraban(
      {"backup", "verify", Archives(Target())[0], "--recovery-file", daemon_->dir().Sub("card")});
  EXPECT_EQ(by_card.exit_code, 0) << by_card.err;
  // A target that is gone fails clearly, and the history says why.
  ASSERT_EQ(admin_->Patch("/api/v1/settings", {{"backup_target", Target() + "/missing/usb"}}).status,
            200);
  ASSERT_EQ(admin_->Post("/api/v1/backups", json::object()).status, 202);
  for (int i = 0; i < 600; ++i) {
    status = admin_->Get("/api/v1/backups").json();
    if (!status["running"].get<bool>() && status.contains("last_failure")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(status.contains("last_failure")) << status.dump();
  EXPECT_FALSE(status["last_failure"]["reason"].get<std::string>().empty());
  EXPECT_EQ(status["history"].size(), 2u);
}

}  // namespace
}  // namespace saraban::testing

namespace saraban::testing {
namespace {

// Office PCs trust the office CA once; a box restored from a backup must
// serve under the same CA, or every PC would have to be set up again.
TEST(OfficeCaTest, ARestoredOfficeServesUnderTheSameCertificateAuthority) {
  TestDaemon original(DaemonOptions{.tls = true});
  const std::string ca = ReadFileContents(original.data_dir() + "/tls/ca.pem");
  ASSERT_NE(ca.find("BEGIN CERTIFICATE"), std::string::npos);
  const std::string pass = original.dir().Sub("pass");
  std::ofstream(pass) << kPassphrase << "\n";
  const std::string usb = original.dir().Sub("usb");
  fs::create_directories(usb);
  ASSERT_EQ(RunSaraban({"backup", "setup", "--data", original.data_dir(), "--passphrase-file",
                        pass, "--no-recovery-key"})
                .exit_code,
            0);
  CommandResult made = RunSaraban(
      {"backup", "create", "--data", original.data_dir(), "--to", usb, "--passphrase-file", pass});
  ASSERT_EQ(made.exit_code, 0) << made.err;

  TempDir new_box;
  const std::string restored = new_box.Sub("data");
  CommandResult r = RunSaraban(
      {"backup", "restore", Archives(usb)[0], "--data", restored, "--passphrase-file", pass});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(restored + "/tls/ca.pem"));  // not in the files: it comes from the store
  TestDaemon again(DaemonOptions{.existing_data_dir = restored, .tls = true});
  EXPECT_EQ(ReadFileContents(restored + "/tls/ca.pem"), ca);
  EXPECT_EQ(fs::status(restored + "/tls/ca.key").permissions() & fs::perms::others_read,
            fs::perms::none);
}

}  // namespace
}  // namespace saraban::testing
