// The crash harness: concurrent clients register letters in two books,
// upload attachments (text files and scans) and start backups while the
// daemon is killed with SIGKILL at random moments and restarted on the same
// data directory, SARABAN_CRASH_KILLS times (20 by default; the long mode in
// docs/reliability.md runs 200 or more). After every restart:
//  - the store opens (the daemon starts, `saraban audit verify` passes);
//  - every letter whose registration got a 2xx is there with its register
//    number (the letters of the last round and a sample of older ones; all of
//    them at the end);
//  - each book's numbers are exactly 1..n (a request that got no answer may
//    or may not have registered, but no number is missing);
//  - every acknowledged attachment downloads byte-identical (SHA-256).
// At the end: every letter is found by the unique word of its subject
// without `saraban reindex`, every acknowledged attachment's extraction
// reaches done (or failed with a reason), and the audit chain verifies.
// It prints the kills, what was acknowledged and what was lost (must be 0).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "fault_support.h"
#include "http_client.h"
#include "process.h"

namespace saraban::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr char kPassword[] = "crash-harness-password-1";
constexpr char kPassphrase[] = "ສຳຮອງ ຂໍ້ມູນ ห้องสารบรรณ 2569";
const std::string kSamples = SARABAN_SAMPLES;
const char* const kBooks[] = {"receive", "send_normal"};

struct AckedLetter {
  std::string book;
  std::string subject;
  std::string tag;  // the unique word of the subject
  int register_no = 0;
  int year = 0;
};

struct AckedAttachment {
  uint64_t letter_id = 0;
  std::string sha256;
};

// What the clients were told, across all rounds.
struct Ledger {
  std::mutex mu;
  std::map<uint64_t, AckedLetter> letters;
  std::map<uint64_t, AckedAttachment> attachments;
  std::vector<uint64_t> new_letters, new_attachments;  // since the last check
  int unanswered = 0;                                  // requests cut off by a kill
  int backups_started = 0;
};

int Kills() {
  const char* env = std::getenv("SARABAN_CRASH_KILLS");
  return env ? std::max(1, std::atoi(env)) : 20;
}

std::string Subject(int round, int client, int n, std::string* tag) {
  *tag = "crash" + std::to_string(round) + "x" + std::to_string(client) + "x" + std::to_string(n);
  static const char* const kWords[] = {"ແຈ້ງການ ກອງປະຊຸມ ສະໄໝສາມັນ", "ขอเชิญประชุม คณะกรรมการ",
                                       "ບົດລາຍງານ ການເງິນ ປະຈຳເດືອນ", "รายงานผลการดำเนินงาน"};
  return std::string(kWords[(client + n) % 4]) + " " + *tag;
}

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    daemon_ = std::make_unique<TestDaemon>(DaemonOptions{
        .admin_password = kPassword, .serve_args = {"--ocr-workers", "1", "--threads", "16"}});
    HttpClient admin(daemon_->base_url());
    ASSERT_EQ(admin.Login("admin", kPassword).status, 200);
    ASSERT_EQ(AddCentralRegistrar(admin, "clerk", kPassword), 201);
    std::ofstream(daemon_->dir().Sub("pass")) << kPassphrase << "\n";
    ASSERT_EQ(RunSaraban({"backup", "setup", "--data", daemon_->data_dir(), "--passphrase-file",
                          daemon_->dir().Sub("pass"), "--no-recovery-key"})
                  .exit_code,
              0);
    fs::create_directories(daemon_->dir().Sub("usb"));
    ASSERT_EQ(admin
                  .Patch("/api/v1/settings", {{"backup_target", daemon_->dir().Sub("usb")},
                                              {"backup_keep", 3},
                                              {"backup_time", ""}})
                  .status,
              200);
    scan_ = ReadFileBytes(kSamples + "/tha_03.png");
    ASSERT_FALSE(scan_.empty()) << "missing sample " << kSamples << "/tha_03.png";
  }

  std::unique_ptr<HttpClient> Clerk() {
    auto c = std::make_unique<HttpClient>(daemon_->base_url());
    HttpResult r = c->Login("clerk", kPassword);
    EXPECT_EQ(r.status, 200) << r.body;
    return c;
  }

  // One client's work until `stop`: register, sometimes attach a text file
  // or a scan, client 0 sometimes starts a backup.
  void ClientLoop(int round, int client, const std::atomic<bool>& stop) {
    HttpClient c(daemon_->base_url());
    if (c.Login(client == 0 ? "admin" : "clerk", kPassword).status != 200) return;
    std::mt19937 rng(static_cast<unsigned>(round * 131 + client));
    for (int n = 0; !stop.load(); ++n) {
      if (client == 0) {  // the admin: a backup now and then, else wait
        if (n % 4 == 0) {
          HttpResult b = c.Post("/api/v1/backups", json::object());
          if (b.status == 202) {
            std::lock_guard<std::mutex> lock(ledger_.mu);
            ++ledger_.backups_started;
          }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        continue;
      }
      std::string tag;
      const std::string subject = Subject(round, client, n, &tag);
      const std::string book = kBooks[rng() % 2];
      HttpResult r =
          c.Post("/api/v1/letters", {{"unit_id", 1}, {"book", book}, {"subject", subject}});
      if (r.status == 0) {
        std::lock_guard<std::mutex> lock(ledger_.mu);
        ++ledger_.unanswered;
        return;  // the daemon is gone
      }
      if (r.status != 201) {
        std::lock_guard<std::mutex> lock(ledger_.mu);
        failures_.push_back("register: " + std::to_string(r.status) + " " + r.body);
        continue;
      }
      const json l = r.json();
      const uint64_t id = l["id"];
      {
        std::lock_guard<std::mutex> lock(ledger_.mu);
        ledger_.letters[id] = {book, subject, tag, l["register_no"].get<int>(),
                               l["register_year"].get<int>()};
        ledger_.new_letters.push_back(id);
      }
      if (rng() % 3 != 0) continue;
      // Text files are cheap to extract; the first upload of a round is a
      // real scan (one per round keeps the OCR backlog of a 200-kill run
      // to minutes on one worker).
      const bool scan = !scan_taken_.exchange(true);
      const std::string bytes =
          scan ? scan_ : "ບັນທຶກແນບ " + tag + "\nเอกสารแนบ หมายเลข " + std::to_string(id) + "\n";
      HttpResult up = c.Request("POST",
                                "/api/v1/letters/" + std::to_string(id) + "/attachments?filename=" +
                                    UrlEncode(scan ? "ສະແກນ.png" : "ບັນທຶກ.txt"),
                                bytes, {"Content-Type: application/octet-stream"});
      std::lock_guard<std::mutex> lock(ledger_.mu);
      if (up.status == 0) {
        ++ledger_.unanswered;
        return;
      }
      if (up.status != 201) {
        failures_.push_back("upload: " + std::to_string(up.status) + " " + up.body);
        continue;
      }
      const uint64_t aid = up.json()["id"];
      ledger_.attachments[aid] = {id, Sha256Of(bytes)};
      ledger_.new_attachments.push_back(aid);
    }
  }

  // Checks what must have survived; returns the number of losses.
  int CheckAfterRestart(std::mt19937& rng, bool everything) {
    auto c = Clerk();
    int lost = 0;
    std::vector<uint64_t> letters, attachments;
    std::map<std::pair<std::string, int>, std::map<int, uint64_t>> numbers;  // (book, year)
    {
      std::lock_guard<std::mutex> lock(ledger_.mu);
      letters = ledger_.new_letters;
      attachments = ledger_.new_attachments;
      ledger_.new_letters.clear();
      ledger_.new_attachments.clear();
      std::vector<uint64_t> older;
      for (const auto& [id, l] : ledger_.letters) {
        numbers[{l.book, l.year}][l.register_no] = id;
        older.push_back(id);
      }
      if (everything) {
        letters = older;
        attachments.clear();
        for (const auto& [id, a] : ledger_.attachments) attachments.push_back(id);
      } else {
        std::shuffle(older.begin(), older.end(), rng);
        older.resize(std::min<size_t>(older.size(), 20));
        letters.insert(letters.end(), older.begin(), older.end());
      }
    }
    for (uint64_t id : letters) {
      AckedLetter want;
      {
        std::lock_guard<std::mutex> lock(ledger_.mu);
        want = ledger_.letters[id];
      }
      HttpResult r = c->Get("/api/v1/letters/" + std::to_string(id));
      if (r.status != 200 || r.json()["subject"] != want.subject ||
          r.json()["register_no"] != want.register_no) {
        ++lost;
        ADD_FAILURE() << "acknowledged letter " << id << " lost or changed: " << r.status << " "
                      << r.body.substr(0, 300);
      }
    }
    // Every book is gapless, and every acknowledged number is its letter's.
    for (const auto& [key, acked] : numbers) {
      HttpResult r = c->Get("/api/v1/registers?unit_id=1&book=" + key.first +
                            "&year=" + std::to_string(key.second));
      EXPECT_EQ(r.status, 200) << r.body;
      const json entries = r.json()["entries"];
      int expected = 1;
      std::map<int, uint64_t> seen;
      for (const auto& e : entries) {
        EXPECT_EQ(e["number"], expected) << key.first << ": gap before " << e["number"];
        expected = e["number"].get<int>() + 1;
        seen[e["number"].get<int>()] = e["letter_id"];
      }
      for (const auto& [number, id] : acked) {
        if (seen.count(number) == 0 || seen[number] != id) {
          ++lost;
          ADD_FAILURE() << key.first << " number " << number << " should be letter " << id;
        }
      }
    }
    for (uint64_t aid : attachments) {
      AckedAttachment want;
      {
        std::lock_guard<std::mutex> lock(ledger_.mu);
        want = ledger_.attachments[aid];
      }
      HttpResult r = c->Get("/api/v1/attachments/" + std::to_string(aid) + "/content");
      if (r.status != 200 || Sha256Of(r.body) != want.sha256) {
        ++lost;
        ADD_FAILURE() << "acknowledged attachment " << aid << " lost or changed: " << r.status;
      }
    }
    return lost;
  }

  std::unique_ptr<TestDaemon> daemon_;
  std::string scan_;
  Ledger ledger_;
  std::vector<std::string> failures_;
  std::atomic<bool> scan_taken_{false};
};

TEST_F(CrashTest, AcknowledgedWorkSurvivesRepeatedSigkill) {
  const int kills = Kills();
  std::mt19937 rng(20261121);
  int lost = 0, verify_failures = 0;
  const auto started = std::chrono::steady_clock::now();
  for (int round = 0; round < kills; ++round) {
    std::atomic<bool> stop{false};
    scan_taken_ = false;
    std::vector<std::thread> clients;
    for (int k = 0; k < 4; ++k) clients.emplace_back([&, k] { ClientLoop(round, k, stop); });
    // A power cut at a random moment: 0.2 to 2 s into the work.
    std::this_thread::sleep_for(std::chrono::milliseconds(200 + rng() % 1800));
    daemon_->Kill();
    stop = true;
    for (auto& t : clients) t.join();
    // The store opens cleanly (read-only, before the daemon touches it) and
    // its audit chain holds.
    CommandResult v = RunSaraban({"audit", "verify", "--data", daemon_->data_dir()});
    if (v.exit_code != 0) {
      ++verify_failures;
      ADD_FAILURE() << "after kill " << round + 1 << ": " << v.out << v.err;
    }
    daemon_->Start();
    lost += CheckAfterRestart(rng, false);
    if (HasFatalFailure()) break;
  }
  // The end: everything, search without reindex, extraction resumed.
  lost += CheckAfterRestart(rng, true);
  auto c = Clerk();
  std::map<uint64_t, AckedLetter> letters;
  std::map<uint64_t, AckedAttachment> attachments;
  {
    std::lock_guard<std::mutex> lock(ledger_.mu);
    letters = ledger_.letters;
    attachments = ledger_.attachments;
  }
  int not_found = 0;
  for (const auto& [id, l] : letters) {
    const json hits = c->Get("/api/v1/search?q=" + UrlEncode(l.tag)).json()["hits"];
    bool found = false;
    for (const auto& h : hits) found = found || h["letter_id"] == id;
    if (!found) {
      ++not_found;
      ADD_FAILURE() << "search does not find letter " << id << " by " << l.tag;
    }
  }
  // The queue resumed if it drains: wait as long as extractions keep
  // finishing, and fail only on a stall (nothing finished for 3 minutes).
  int done = 0, failed = 0, pending = 0;
  auto progress_at = std::chrono::steady_clock::now();
  for (const auto& [aid, a] : attachments) {
    json j;
    for (;;) {
      j = c->Get("/api/v1/attachments/" + std::to_string(aid)).json();
      const auto now = std::chrono::steady_clock::now();
      if (j["text_status"] == "done" || j["text_status"] == "failed") {
        progress_at = now;
        break;
      }
      if (now - progress_at > std::chrono::minutes(3)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    if (j["text_status"] == "done") {
      ++done;
    } else if (j["text_status"] == "failed") {
      ++failed;
      EXPECT_FALSE(j["error"].is_null()) << "failed without a reason: " << j.dump();
    } else {
      ++pending;
      ADD_FAILURE() << "extraction never finished: " << j.dump();
    }
  }
  // Backups cut off by a kill left their store snapshots in the data
  // directory; the next backup removes them.
  const size_t abandoned = NamesIn(daemon_->data_dir(), ".backup-snapshot-").size();
  {
    HttpClient admin(daemon_->base_url());
    ASSERT_EQ(admin.Login("admin", kPassword).status, 200);
    const size_t runs = admin.Get("/api/v1/backups").json()["history"].size();
    ASSERT_EQ(admin.Post("/api/v1/backups", json::object()).status, 202);
    for (int i = 0; i < 600; ++i) {
      const json st = admin.Get("/api/v1/backups").json();
      if (st["running"] == false && st["history"].size() > runs) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(NamesIn(daemon_->data_dir(), ".backup-snapshot-"), std::vector<std::string>{});
  }
  daemon_->Stop();
  CommandResult v = RunSaraban({"audit", "verify", "--data", daemon_->data_dir()});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  // Backups cut off by a kill left no file under a final name: every .sbk
  // in the target is complete.
  const std::vector<std::string> archives = NamesIn(daemon_->dir().Sub("usb"), "", ".sbk");
  for (const std::string& name : archives) {
    CommandResult b = RunSaraban({"backup", "verify", daemon_->dir().Sub("usb/" + name),
                                  "--passphrase-file", daemon_->dir().Sub("pass")});
    EXPECT_EQ(b.exit_code, 0) << name << ": " << b.err;
  }
  for (const std::string& f : failures_) ADD_FAILURE() << "unexpected answer: " << f;
  std::printf(
      "crash harness: %d SIGKILLs in %.0f s; acknowledged %zu letters, %zu attachments; "
      "%d requests cut off unanswered; %d backups started, %zu complete archives verified, %zu "
      "abandoned snapshots removed by the next backup; lost %d; audit verify failures %d; "
      "search misses %d; extraction done %d, failed %d, never finished %d\n",
      kills, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
      letters.size(), attachments.size(), ledger_.unanswered, ledger_.backups_started,
      archives.size(), abandoned, lost, verify_failures, not_found, done, failed, pending);
  EXPECT_EQ(lost, 0);
  EXPECT_GT(letters.size(), static_cast<size_t>(kills));  // the harness did work
}

}  // namespace
}  // namespace saraban::testing
