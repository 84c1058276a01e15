// A full disk, on a real small file system (a tmpfs mounted for the test):
// the data directory filled during uploads and registrations answers 507 in
// the one JSON error shape, keeps serving reads, loses and corrupts nothing
// (the store opens after a SIGKILL, every acknowledged letter and file is
// intact, the audit chain verifies), and serves normally again as soon as
// space is freed. A full backup target fails the backup with a reason and
// leaves the earlier backups in it intact and no partial file.
#include <gtest/gtest.h>
#include <sys/statvfs.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <thread>

#include "fault_support.h"
#include "http_client.h"
#include "process.h"

namespace saraban::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr char kPassword[] = "disk-full-password-1";
constexpr char kPassphrase[] = "ດິສກ໌ເຕັມ แผ่นดิสก์เต็ม 2569";
const std::string kSamples = SARABAN_SAMPLES;

// Writes `bytes` zero bytes into `path`, or until the file system is full.
void Fill(const std::string& path, uint64_t bytes) {
  std::ofstream out(path, std::ios::binary);
  const std::string block(64 * 1024, 'x');
  for (uint64_t done = 0; done < bytes && out.good(); done += block.size()) {
    out.write(block.data(), static_cast<std::streamsize>(block.size()));
  }
  out.flush();
}

// A unique text file of about `size` bytes of Lao and Thai.
std::string TextFile(int n, size_t size) {
  std::string s = "ເອກະສານ " + std::to_string(n) + " ";
  while (s.size() < size) s += "ກອງປະຊຸມ ສະໄໝສາມັນ ການประชุมสามัญ " + std::to_string(s.size()) + "\n";
  return s;
}

void ExpectErrorShape(const HttpResult& r, long status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  const json j = r.json();
  ASSERT_TRUE(j.is_object() && j.contains("error")) << r.body;
  EXPECT_EQ(j["error"]["code"], code) << r.body;
  EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
  EXPECT_FALSE(j["error"]["hint"].get<std::string>().empty());
}

class DiskFullTest : public ::testing::Test {
 protected:
  // An office whose data directory is on `volume`.
  std::unique_ptr<TestDaemon> StartOffice(const std::string& data_dir,
                                          std::vector<std::string> serve_args = {}) {
    CommandResult init =
        RunSaraban({"init", "--data", data_dir, "--org", "ຫ້ອງການ", "--admin", "admin"},
                   {"SARABAN_ADMIN_PASSWORD=" + std::string(kPassword)});
    EXPECT_EQ(init.exit_code, 0) << init.err;
    serve_args.insert(serve_args.end(), {"--ocr-workers", "0"});
    auto daemon = std::make_unique<TestDaemon>(
        DaemonOptions{.serve_args = serve_args, .existing_data_dir = data_dir});
    HttpClient admin(daemon->base_url());
    EXPECT_EQ(admin.Login("admin", kPassword).status, 200);
    EXPECT_EQ(AddCentralRegistrar(admin, "clerk", kPassword), 201);
    return daemon;
  }

  HttpResult Upload(HttpClient& c, uint64_t letter, const std::string& name,
                    const std::string& bytes) {
    return c.Request(
        "POST",
        "/api/v1/letters/" + std::to_string(letter) + "/attachments?filename=" + UrlEncode(name),
        bytes, {"Content-Type: application/octet-stream"});
  }

  HttpResult Register(HttpClient& c, const std::string& subject) {
    return c.Post("/api/v1/letters", {{"unit_id", 1}, {"book", "receive"}, {"subject", subject}});
  }

  TempDir tmp_;
};

TEST_F(DiskFullTest, AFullDataVolumeAnswers507AndRecoversWhenSpaceIsFreed) {
  Tmpfs volume(tmp_.Sub("vol"), "size=8m");
  const std::string data = volume.dir() + "/data";
  auto daemon = StartOffice(data);
  HttpClient admin(daemon->base_url());
  ASSERT_EQ(admin.Login("clerk", kPassword).status, 200);
  // Something to free later, as an administrator would delete old files.
  Fill(volume.dir() + "/filler", 1 << 20);

  std::map<uint64_t, std::string> letters;  // acknowledged: id -> subject
  std::map<uint64_t, std::string> files;    // acknowledged: attachment id -> sha256
  HttpResult first = Register(admin, "ໜັງສືທຳອິດ ก่อนดิสก์เต็ม");
  ASSERT_EQ(first.status, 201) << first.body;
  const uint64_t letter = first.json()["id"];
  letters[letter] = first.json()["subject"];

  // Uploads until the volume is full.
  HttpResult full_upload;
  std::string refused_file;
  for (int n = 0; n < 100; ++n) {
    const std::string bytes = TextFile(n, 256 * 1024);
    HttpResult r = Upload(admin, letter, "ບັນທຶກ " + std::to_string(n) + ".txt", bytes);
    if (r.status != 201) {
      full_upload = r;
      refused_file = bytes;
      break;
    }
    files[r.json()["id"]] = Sha256Of(bytes);
  }
  ExpectErrorShape(full_upload, 507, "storage_full");
  ASSERT_FALSE(files.empty());
  // Then registrations, once what is left is taken too.
  Fill(volume.dir() + "/filler2", uint64_t{1} << 30);
  HttpResult full_register;
  std::string refused_subject;
  for (int n = 0; n < 5000; ++n) {
    const std::string subject = "ລົງທະບຽນ ลงทะเบียน " + std::to_string(n);
    HttpResult r = Register(admin, subject);
    if (r.status != 201) {
      full_register = r;
      refused_subject = subject;
      break;
    }
    letters[r.json()["id"]] = subject;
  }
  ExpectErrorShape(full_register, 507, "storage_full");
  // Reads still work on a full disk.
  EXPECT_EQ(admin.Get("/api/v1/letters/" + std::to_string(letter)).status, 200);
  // A refused upload leaves no temporary file behind.
  if (fs::exists(data + "/blobs/tmp")) {
    EXPECT_TRUE(fs::is_empty(data + "/blobs/tmp"));
  }

  // Space comes back: the same requests succeed without a restart.
  fs::remove(volume.dir() + "/filler");
  fs::remove(volume.dir() + "/filler2");
  HttpResult again = Register(admin, refused_subject);
  ASSERT_EQ(again.status, 201) << again.body;
  letters[again.json()["id"]] = refused_subject;
  HttpResult upload_again = Upload(admin, letter, "ອີກເທື່ອ.txt", refused_file);
  ASSERT_EQ(upload_again.status, 201) << upload_again.body;
  files[upload_again.json()["id"]] = Sha256Of(refused_file);

  // A power cut now: nothing acknowledged is lost or damaged.
  daemon->Kill();
  CommandResult verify = RunSaraban({"audit", "verify", "--data", data});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  daemon->Start();
  HttpClient after(daemon->base_url());
  ASSERT_EQ(after.Login("clerk", kPassword).status, 200);
  for (const auto& [id, subject] : letters) {
    HttpResult r = after.Get("/api/v1/letters/" + std::to_string(id));
    ASSERT_EQ(r.status, 200) << id;
    EXPECT_EQ(r.json()["subject"], subject);
  }
  const int year = after.Get("/api/v1/letters/" + std::to_string(letter)).json()["register_year"];
  const json entries =
      after.Get("/api/v1/registers?unit_id=1&book=receive&year=" + std::to_string(year))
          .json()["entries"];
  ASSERT_EQ(entries.size(), letters.size());  // no number was burned by a refused registration
  for (size_t i = 0; i < entries.size(); ++i) EXPECT_EQ(entries[i]["number"], i + 1);
  for (const auto& [id, sha] : files) {
    HttpResult r = after.Get("/api/v1/attachments/" + std::to_string(id) + "/content");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(Sha256Of(r.body), sha) << "attachment " << id;
  }
  // And the search index caught up with everything by itself.
  const json found = after.Get("/api/v1/search?q=" + UrlEncode("ลงทะเบียน")).json();
  EXPECT_EQ(found["total"], letters.size() - 1) << found.dump().substr(0, 300);
  std::printf(
      "disk full: %zu uploads and %zu registrations acknowledged before 507; both "
      "succeeded again after freeing space; nothing lost after SIGKILL\n",
      files.size() - 1, letters.size() - 2);
}

TEST_F(DiskFullTest, AFullBackupTargetFailsWithAReasonAndKeepsEarlierBackups) {
  auto daemon = StartOffice(tmp_.Sub("data"));
  HttpClient admin(daemon->base_url());
  ASSERT_EQ(admin.Login("admin", kPassword).status, 200);
  std::ofstream(tmp_.Sub("pass")) << kPassphrase << "\n";
  ASSERT_EQ(RunSaraban({"backup", "setup", "--data", daemon->data_dir(), "--passphrase-file",
                        tmp_.Sub("pass"), "--no-recovery-key"})
                .exit_code,
            0);
  Tmpfs usb(tmp_.Sub("usb"), "size=2m");
  // By hand only: the daily backup would otherwise run at once after 18:00.
  ASSERT_EQ(
      admin.Patch("/api/v1/settings", {{"backup_target", usb.dir()}, {"backup_time", ""}}).status,
      200);
  HttpClient clerk(daemon->base_url());
  ASSERT_EQ(clerk.Login("clerk", kPassword).status, 200);
  const HttpResult made = clerk.Post(
      "/api/v1/letters", {{"unit_id", 1}, {"book", "receive"}, {"subject", "ສຳຮອງ ครั้งแรก"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const uint64_t letter = made.json()["id"];
  auto run_backup = [&]() {
    EXPECT_EQ(admin.Post("/api/v1/backups", json::object()).status, 202);
    json status;
    for (int i = 0; i < 600; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      status = admin.Get("/api/v1/backups").json();
      if (!status["running"].get<bool>()) break;
    }
    return status;
  };
  json status = run_backup();
  ASSERT_TRUE(status["last_success"].is_object()) << status.dump();
  const std::vector<std::string> before = NamesIn(usb.dir());
  ASSERT_EQ(before.size(), 1u);
  const std::string first_archive = usb.dir() + "/" + before[0];
  const std::string first_bytes = ReadFileBytes(first_archive);

  // Scans with random tails (incompressible, still PNGs by content) that
  // no longer fit.
  const std::string png = ReadFileBytes(kSamples + "/tha_03.png");
  ASSERT_FALSE(png.empty());
  std::mt19937_64 rng(7);
  for (int i = 0; i < 3; ++i) {
    std::string bytes = png;
    for (int k = 0; k < (1 << 20) / 8; ++k) {
      const uint64_t r = rng();
      bytes.append(reinterpret_cast<const char*>(&r), 8);
    }
    ASSERT_EQ(Upload(clerk, letter, "ສະແກນ " + std::to_string(i) + ".png", bytes).status, 201);
  }
  status = run_backup();
  ASSERT_TRUE(status["last_failure"].is_object()) << status.dump();
  const std::string reason = status["last_failure"].value("reason", "");
  EXPECT_NE(reason.find("full"), std::string::npos) << status.dump();
  // The earlier backup is untouched and still verifies; nothing partial is left.
  EXPECT_EQ(NamesIn(usb.dir()), before);
  EXPECT_EQ(ReadFileBytes(first_archive), first_bytes);
  CommandResult v =
      RunSaraban({"backup", "verify", first_archive, "--passphrase-file", tmp_.Sub("pass")});
  EXPECT_EQ(v.exit_code, 0) << v.err;
  // Room again (an old file removed from the drive): the next backup works.
  Tmpfs bigger(tmp_.Sub("usb2"), "size=16m");
  ASSERT_EQ(admin.Patch("/api/v1/settings", {{"backup_target", bigger.dir()}}).status, 200);
  status = run_backup();
  EXPECT_EQ(NamesIn(bigger.dir(), "", ".sbk").size(), 1u) << status.dump();
  std::printf("full backup target: failed with \"%s\"; earlier backup intact\n", reason.c_str());
}

}  // namespace
}  // namespace saraban::testing
