// System health for the admin (GET /api/v1/system): the figures agree with
// the running daemon (version, disk, store, OCR queue, index lag, backups,
// mail), follow what happens in the office, and only an admin sees them.
#include <sys/statvfs.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include "office_fixture.h"

namespace saraban::testing {
namespace {

using nlohmann::json;

class SystemTest : public OfficeTest {
 protected:
  json System() {
    HttpResult r = admin_->Get("/api/v1/system");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  // Polls until the index has applied every change.
  json WaitForIndex() {
    json s;
    for (int i = 0; i < 100; ++i) {
      s = System();
      if (s["index"]["behind"] == 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return s;
  }
};

TEST_F(SystemTest, ReportsTheDaemonsOwnFigures) {
  const json s = System();
  const json health = admin_->Get("/api/v1/health").json();
  EXPECT_EQ(s["version"], health["version"]);
  EXPECT_EQ(s["schema_version"], health["schema_version"]);
  EXPECT_GE(s["uptime_seconds"].get<int64_t>(), 0);
  EXPECT_LT(s["uptime_seconds"].get<int64_t>(), 600);
  EXPECT_TRUE(s["started_at"].is_string());

  // The disk of the data directory, as statvfs sees it now.
  struct statvfs vfs {};
  ASSERT_EQ(::statvfs(daemon_->data_dir().c_str(), &vfs), 0);
  EXPECT_EQ(s["disk"]["path"], daemon_->data_dir());
  EXPECT_EQ(s["disk"]["total_bytes"].get<uint64_t>(), uint64_t{vfs.f_blocks} * vfs.f_frsize);
  EXPECT_GT(s["disk"]["free_bytes"].get<uint64_t>(), 0u);
  EXPECT_LE(s["disk"]["free_bytes"].get<uint64_t>(), s["disk"]["total_bytes"].get<uint64_t>());
  EXPECT_GT(s["store_bytes"].get<uint64_t>(), 0u);

  // A fresh office: nothing waiting, no backup keys, no mail relay.
  EXPECT_EQ(s["ocr"]["queued"], 0);
  EXPECT_EQ(s["ocr"]["workers"], true);
  EXPECT_EQ(s["backup"]["keys_set_up"], false);
  EXPECT_EQ(s["backup"]["running"], false);
  EXPECT_TRUE(s["backup"]["last_success"].is_null()) << s.dump();
  EXPECT_EQ(s["mail"]["enabled"], false);
  EXPECT_EQ(s["mail"]["sent"], 0);
}

TEST_F(SystemTest, FollowsTheChangeLogAndTheOcrQueue) {
  // Without OCR workers an uploaded scan stays queued.
  daemon_->Stop();
  daemon_->set_serve_args({"--ocr-workers", "0"});
  daemon_->Start();
  admin_ = Client("admin", daemon_->options().admin_password);
  const json before = WaitForIndex();
  EXPECT_EQ(before["ocr"]["workers"], false);

  auto reg = Client("reg_a");
  const int letter = Register(*reg, unit_a_, "ລາຍງານຜົນການກວດກາ ປະຈຳປີ")["id"];
  const json after = WaitForIndex();
  EXPECT_GT(after["index"]["head_seq"].get<uint64_t>(),
            before["index"]["head_seq"].get<uint64_t>());
  EXPECT_EQ(after["index"]["applied_seq"], after["index"]["head_seq"]);

  for (int i = 0; i < 3; ++i) {
    HttpResult up =
        reg->Request("POST",
                     "/api/v1/letters/" + std::to_string(letter) + "/attachments?filename=scan" +
                         std::to_string(i) + ".txt",
                     "ບົດລາຍງານ " + std::to_string(i), {"Content-Type: application/octet-stream"});
    ASSERT_EQ(up.status, 201) << up.body;
  }
  EXPECT_EQ(System()["ocr"]["queued"], 3);
}

TEST_F(SystemTest, ShowsTheFilesBeingReadNow) {
  EXPECT_EQ(System()["ocr"]["running"], 0);
  auto reg = Client("reg_a");
  const int letter = Register(*reg, unit_a_, "ໜັງສືສະແກນ ສາມໜ້າ")["id"];
  std::ifstream in(std::string(SARABAN_SAMPLES) + "/tha_01-02.pdf", std::ios::binary);
  const std::string pdf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(pdf.size(), 1000u);
  HttpResult up = reg->Request(
      "POST", "/api/v1/letters/" + std::to_string(letter) + "/attachments?filename=scan.pdf", pdf,
      {"Content-Type: application/octet-stream"});
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string attachment_path =
      "/api/v1/attachments/" + std::to_string(up.json()["id"].get<int>());
  // While Tesseract reads the two pages, the file shows as running (and still queued).
  bool seen_running = false;
  std::string extraction;
  for (int i = 0; i < 3000 && extraction != "done"; ++i) {
    const json s = System();
    if (s["ocr"]["running"] == 1) {
      seen_running = true;
      EXPECT_EQ(s["ocr"]["queued"], 1);
    }
    extraction = reg->Get(attachment_path).json().value("text_status", "");
    ASSERT_NE(extraction, "failed");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(extraction, "done");
  EXPECT_TRUE(seen_running);
  const json after = System();
  EXPECT_EQ(after["ocr"]["running"], 0);
  EXPECT_EQ(after["ocr"]["queued"], 0);
}

TEST_F(SystemTest, OnlyAnAdminSeesIt) {
  for (const char* user : {"reg_a", "staff_a", "central", "boss_a"}) {
    HttpResult r = Client(user)->Get("/api/v1/system");
    EXPECT_EQ(r.status, 403) << user;
    EXPECT_EQ(r.error_code(), "forbidden");
  }
  HttpClient anonymous(daemon_->base_url());
  EXPECT_EQ(anonymous.Get("/api/v1/system").status, 401);
}

}  // namespace
}  // namespace saraban::testing
