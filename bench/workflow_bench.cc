// workflow_bench: a mixed office workload with many concurrent users.
//
// Starts `saraban serve --ocr-workers 0` on a temporary data directory, with
// the environment the shipped systemd unit gives it (its Environment= lines:
// the daemon is measured as it runs on the box), and
// --threads max(128, users + 8): CivetWeb gives each kept-alive connection a
// worker thread until the connection goes idle for 500 ms, so with fewer
// threads than busy users the rest would wait in the accept queue (and time
// out after curl's 120 s). It builds an organisation of --units units (3
// departments under the office, the rest divisions under the departments)
// through POST /api/v1/units, and per unit --registrars-per-unit
// unit_registrars, --executives-per-unit executives and staff (every one with
// a password, clearance normal) through POST /api/v1/users, --users in all.
// It seeds letters (incoming letters in each unit's receive book, a few
// outgoing letters sent to other units, one instruction for every staff
// member) and logs every user in before the clock starts.
//
// Then each user is a thread with its own HttpClient (one keep-alive
// connection, one session) that loops for --seconds, choosing actions by
// weight according to its role:
//  - registrar: register an outgoing letter (POST /api/v1/letters, book
//    send_normal) and send it to 1-3 other units (POST .../send); check the
//    unit's inbox (GET /api/v1/inbox) and accept up to 3 pending items, oldest
//    first, sometimes opening the letter first (POST .../accept);
//  - executive: list the unit's receive book (GET /api/v1/letters?unit_id=..)
//    and forward a letter not yet forwarded to one or two staff of the unit
//    with an instruction and due_days 7 (POST .../forward);
//  - staff: list their assignments (GET /api/v1/assignments), acknowledge an
//    open one (POST /api/v1/assignments/{id}/acknowledge), comment on one
//    (POST .../comment);
//  - everyone: search a Lao, Thai or English word of the letters
//    (GET /api/v1/search?q=..), open a letter they know of
//    (GET /api/v1/letters/{id}), the dashboard (GET /api/v1/dashboard).
// Letters, search words and the phrases of instructions and comments come
// from benchgen (bench/letter_generator.cc), deterministically from --seed.
//
// Two registrars of one unit read the same inbox, so both may try to accept
// the same letter: the second gets 409 ("no longer waiting for your unit").
// That is the only expected conflict and is counted as a race; every other
// answer that is not 2xx (and every request without an answer) is an error.
//
// It prints, per action, the count, throughput, p50 and p99 latency (also
// by third of the run, to show a slowdown as the store grows), errors and
// races, the daemon's memory (VmRSS, VmHWM, RssAnon, RssFile from
// /proc/<pid>/status) and the LMDB file (DATA/store/data.mdb) before and after
// the load, the daemon's CPU time, and a check of the register books: every
// unit's receive and send_normal numbers must be exactly 1..n, with n the
// seeded letters plus the accepts and registrations that got 2xx.
//
// The peer, measured in the same run before and after the load: GET
// /api/v1/health from the same clients at the same concurrency for
// --peer-seconds, the cost of the HTTP path alone (CivetWeb, the router, an
// empty handler, curl). Ratios: mixed requests/s / health requests/s, and
// each action's p50 / health p50. Because every write is a durable LMDB
// commit, a second probe brackets the load: --disk-probe raw durable LMDB
// commits from 16 threads on the same disk (register_bench's peer), and the
// workload's writes/s is printed against it.
//
// With --soak (the soak test of docs/reliability.md, e.g. --soak --minutes 10)
// registrars attach a small text file to half of the letters they register
// (POST /api/v1/letters/{id}/attachments) and a quarter of everyone's
// dashboard share browses the letter list instead (GET /api/v1/letters with
// an offset); the daemon's RssAnon growth from the end of the first sample
// period to the end of the load is held against --memory-ceiling (10%).
//
// This is a program, not a test: it is not registered with ctest.
#include <lmdb.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_util.h"
#include "disk_probe.h"
#include "http_client.h"
#include "letter_generator.h"
#include "process.h"
#include "temp_dir.h"

namespace {

using nlohmann::json;
using saraban::bench::Clock;
using saraban::bench::GeneratedLetter;
using saraban::bench::GenerateLetter;
using saraban::bench::Language;
using saraban::bench::Percentile;
using saraban::bench::Rate;
using saraban::bench::Rng;
using saraban::bench::SecondsSince;
using saraban::bench::Sorted;
using saraban::testing::DaemonOptions;
using saraban::testing::HttpClient;
using saraban::testing::HttpResult;
using saraban::testing::TempDir;
using saraban::testing::TestDaemon;

constexpr char kPassword[] = "bench-workflow-password-1";

struct Options {
  int users = 250;
  int seconds = 180;
  uint64_t seed = 1;
  int units = 12;
  int registrars_per_unit = 2;
  int executives_per_unit = 2;
  int seed_incoming = 100;  // per unit
  int seed_outgoing = 5;    // per unit, each sent to 2 other units
  int peer_seconds = 10;
  int server_threads = 0;  // 0: max(128, users + 8)
  int think_ms = 0;        // mean pause between a user's actions
  int sample_seconds = 30;
  int login_threads = 4;
  int disk_probe = 1000;  // raw LMDB commits from 16 threads before and after the load; 0: none
  // The soak (docs/reliability.md): browse and upload actions join the mix,
  // and the daemon's memory after the first --sample-seconds of load (warm)
  // is compared with the end against --memory-ceiling percent.
  bool soak = false;
  double memory_ceiling = 10;
};

// ---------------------------------------------------------------------------
// Actions and their statistics.

enum Action {
  kRegister,
  kSend,
  kInbox,
  kAccept,
  kListLetters,
  kForward,
  kAssignments,
  kAcknowledge,
  kComment,
  kSearch,
  kOpen,
  kDashboard,
  kBrowse,  // --soak only
  kUpload,  // --soak only
  kActionCount,
};

constexpr const char* kActionNames[kActionCount] = {
    "register outgoing", "send to units", "inbox",          "accept",     "list letters",
    "forward",           "assignments",   "acknowledge",    "comment",    "search",
    "open letter",       "dashboard",     "browse letters", "upload file"};
constexpr const char* kActionRoutes[kActionCount] = {"POST /letters",
                                                     "POST /letters/{id}/send",
                                                     "GET /inbox",
                                                     "POST /letters/{id}/accept",
                                                     "GET /letters?unit_id&book",
                                                     "POST /letters/{id}/forward",
                                                     "GET /assignments",
                                                     "POST /assignments/{id}/acknowledge",
                                                     "POST /assignments/{id}/comment",
                                                     "GET /search?q=",
                                                     "GET /letters/{id}",
                                                     "GET /dashboard",
                                                     "GET /letters?offset&limit",
                                                     "POST /letters/{id}/attachments"};

// Actions that always write (one durable LMDB transaction each). Opening a
// letter writes too, the first time a receiving unit's member opens it (the
// read receipt); it is counted as a read.
constexpr bool kWrites[kActionCount] = {true, true, false, true,  false, true,  false,
                                        true, true, false, false, false, false, true};

enum class Role { kRegistrar, kExecutive, kStaff };

const char* RoleName(Role r) {
  switch (r) {
    case Role::kRegistrar:
      return "unit_registrar";
    case Role::kExecutive:
      return "executive";
    case Role::kStaff:
      return "staff";
  }
  return "staff";
}

struct Sample {
  float at_s;  // since the start of the load
  float ms;
};

struct ActionStats {
  std::vector<Sample> samples;  // every answered or failed request
  int64_t ok = 0;
  int64_t races = 0;
  int64_t errors = 0;
};

struct ErrorRecord {
  std::string action;
  std::string request;
  long status;
  std::string body;
};

// State shared by all user threads during the load.
struct Shared {
  Clock::time_point start;
  Clock::time_point deadline;
  std::atomic<int64_t> requests{0};
  std::atomic<int64_t> errors{0};
  std::atomic<int64_t> races{0};
  std::mutex error_mutex;
  std::vector<ErrorRecord> first_errors;
  // Per unit: letters accepted into its receive book, and outgoing letters
  // registered in its send_normal book, during the load (2xx only).
  std::unique_ptr<std::atomic<int64_t>[]> accepted;
  std::unique_ptr<std::atomic<int64_t>[]> registered;
  std::unique_ptr<std::atomic<int64_t>[]> delivered;  // deliveries created, by receiving unit
};

struct User {
  int index = 0;
  Role role = Role::kStaff;
  size_t unit = 0;  // index into the unit list
  uint64_t id = 0;
  std::string username;
  std::unique_ptr<HttpClient> client;
  Rng rng{1};
  uint64_t next_letter = 0;    // generator index of this user's next letter
  std::deque<uint64_t> known;  // letter ids this user has come across, newest first
  std::set<uint64_t> forwarded;
  std::array<ActionStats, kActionCount> stats;

  void Know(uint64_t letter_id) {
    if (letter_id == 0) return;
    if (std::find(known.begin(), known.end(), letter_id) != known.end()) return;
    known.push_front(letter_id);
    if (known.size() > 64) known.pop_back();
  }
};

struct UnitInfo {
  uint64_t id = 0;
  std::string code;
  std::vector<size_t> registrars, executives, staff;  // indices into the user list
  int seeded_incoming = 0;
  int seeded_outgoing = 0;
  int seed_delivered = 0;  // deliveries to this unit created while seeding
};

// ---------------------------------------------------------------------------
// The daemon's process, from /proc.

struct ProcMemory {
  long vm_rss_kb = 0, vm_hwm_kb = 0, rss_anon_kb = 0, rss_file_kb = 0, threads = 0;
};

ProcMemory ReadMemory(pid_t pid) {
  ProcMemory m;
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    auto value = [&](const char* key, long* out) {
      const size_t n = std::strlen(key);
      if (line.compare(0, n, key) == 0) *out = std::strtol(line.c_str() + n, nullptr, 10);
    };
    value("VmRSS:", &m.vm_rss_kb);
    value("VmHWM:", &m.vm_hwm_kb);
    value("RssAnon:", &m.rss_anon_kb);
    value("RssFile:", &m.rss_file_kb);
    value("Threads:", &m.threads);
  }
  return m;
}

// utime + stime of a process, in seconds.
double ProcessCpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t paren = all.rfind(')');
  if (paren == std::string::npos) return 0;
  std::istringstream rest(all.substr(paren + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  // Fields after the command: state(3) ... utime(14) stime(15).
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double SelfCpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

struct FileSize {
  long long bytes = 0;      // st_size
  long long allocated = 0;  // st_blocks * 512
};

FileSize SizeOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {static_cast<long long>(st.st_size), static_cast<long long>(st.st_blocks) * 512};
}

double MiB(long long bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }
double MiBk(long kb) { return static_cast<double>(kb) / 1024.0; }

void PrintMemory(const char* label, const ProcMemory& m, const FileSize& mdb) {
  std::printf(
      "%-14s VmRSS %7.1f MiB  VmHWM %7.1f MiB  (RssAnon %7.1f, RssFile %6.1f MiB)  threads %ld  "
      "data.mdb %7.1f MiB (allocated %7.1f MiB)\n",
      label, MiBk(m.vm_rss_kb), MiBk(m.vm_hwm_kb), MiBk(m.rss_anon_kb), MiBk(m.rss_file_kb),
      m.threads, MiB(mdb.bytes), MiB(mdb.allocated));
}

// ---------------------------------------------------------------------------
// Text for instructions and comments: official phrasing, plus a phrase of the
// letters' own vocabulary (benchgen), so the text is searchable-looking.

const std::vector<std::string>& Instructions(Language l) {
  static const std::vector<std::string> lao = {"ມອບໃຫ້ພິຈາລະນາ ແລະ ລາຍງານຜົນ", "ເພື່ອຊາບ ແລະ ປະຕິບັດ",
                                               "ໃຫ້ກະກຽມຮ່າງໜັງສືຕອບ", "ໃຫ້ປະສານງານກັບພາກສ່ວນກ່ຽວຂ້ອງ",
                                               "ໃຫ້ສະຫຼຸບຂໍ້ມູນ ແລະ ສະເໜີຄືນ"};
  static const std::vector<std::string> thai = {"โปรดพิจารณาดำเนินการและรายงานผล", "เพื่อทราบและถือปฏิบัติ",
                                                "ให้จัดทำร่างหนังสือตอบ", "ให้ประสานหน่วยงานที่เกี่ยวข้อง",
                                                "ให้สรุปข้อมูลเสนอภายในกำหนด"};
  static const std::vector<std::string> eng = {
      "Please review and report back", "For information and action", "Draft a reply for signature"};
  return l == Language::kLao ? lao : l == Language::kThai ? thai : eng;
}

const std::vector<std::string>& Comments(Language l) {
  static const std::vector<std::string> lao = {"ໄດ້ຮັບແລ້ວ ກຳລັງດຳເນີນການ", "ຕ້ອງການຂໍ້ມູນເພີ່ມເຕີມ ກ່ຽວກັບ",
                                               "ໄດ້ປະສານງານແລ້ວ ລໍຖ້າຄຳຕອບ", "ຮ່າງໜັງສືຕອບແລ້ວ ກ່ຽວກັບ"};
  static const std::vector<std::string> thai = {"รับทราบแล้ว กำลังดำเนินการ", "ขอข้อมูลเพิ่มเติมเรื่อง",
                                                "ประสานแล้ว รอคำตอบ", "ร่างหนังสือตอบแล้ว เรื่อง"};
  static const std::vector<std::string> eng = {
      "Received, working on it", "Need more information on", "Draft reply prepared about"};
  return l == Language::kLao ? lao : l == Language::kThai ? thai : eng;
}

Language PickLanguage(Rng& rng) {
  const uint64_t r = rng.Below(100);
  return r < 45 ? Language::kLao : r < 90 ? Language::kThai : Language::kEnglish;
}

std::string Phrase(Rng& rng, Language l, const std::vector<std::string>& (*lead)(Language)) {
  return rng.Pick(lead(l)) + " " + rng.Pick(saraban::bench::QueryPhrases(l));
}

// A generated letter as a request body of unit `unit_id`, at clearance normal.
json LetterBody(const GeneratedLetter& l, uint64_t unit_id, bool outgoing) {
  json body = saraban::bench::LetterRequestJson(l, unit_id);
  body["secrecy"] = "normal";  // every user is cleared for normal only
  if (outgoing) {
    body["book"] = "send_normal";
    body["direction"] = "outgoing";
  } else {
    body["book"] = "receive";
    body["direction"] = "incoming";
  }
  return body;
}

// ---------------------------------------------------------------------------
// One user's loop.

class Workload {
 public:
  Workload(const Options& opt, std::vector<User>& users, std::vector<UnitInfo>& units,
           Shared& shared)
      : opt_(opt), users_(users), units_(units), sh_(shared) {}

  void Run(User& u) {
    while (Clock::now() < sh_.deadline) {
      switch (u.role) {
        case Role::kRegistrar:
          RegistrarStep(u);
          break;
        case Role::kExecutive:
          ExecutiveStep(u);
          break;
        case Role::kStaff:
          StaffStep(u);
          break;
      }
      if (opt_.think_ms > 0 && Clock::now() < sh_.deadline) {
        // Uniform in [0, 2 * think_ms]: mean think_ms.
        std::this_thread::sleep_for(
            std::chrono::milliseconds(u.rng.Below(static_cast<uint64_t>(2 * opt_.think_ms) + 1)));
      }
    }
  }

 private:
  // One request, timed and classified. `race_ok`: a 409 is an expected race.
  HttpResult Do(User& u, Action a, const std::string& method, const std::string& path,
                const json& body = json(), bool race_ok = false) {
    const auto begin = Clock::now();
    HttpResult r = method == "GET" ? u.client->Get(path)
                   : a == kUpload  ? u.client->Request("POST", path, body.get<std::string>(),
                                                       {"Content-Type: application/octet-stream"})
                                   : u.client->Post(path, body);
    const auto end = Clock::now();
    ActionStats& s = u.stats[a];
    s.samples.push_back(
        {static_cast<float>(std::chrono::duration<double>(begin - sh_.start).count()),
         static_cast<float>(std::chrono::duration<double, std::milli>(end - begin).count())});
    sh_.requests.fetch_add(1, std::memory_order_relaxed);
    if (r.status >= 200 && r.status < 300) {
      ++s.ok;
    } else if (r.status == 409 && race_ok) {
      ++s.races;
      sh_.races.fetch_add(1, std::memory_order_relaxed);
    } else {
      ++s.errors;
      sh_.errors.fetch_add(1, std::memory_order_relaxed);
      std::lock_guard<std::mutex> lock(sh_.error_mutex);
      if (sh_.first_errors.size() < 10) {
        sh_.first_errors.push_back(
            {kActionNames[a], method + " " + path + " as " + u.username, r.status,
             r.status == 0 ? "(no answer) " + r.error : r.body.substr(0, 400)});
      }
    }
    return r;
  }

  static bool Ok(const HttpResult& r) { return r.status >= 200 && r.status < 300; }

  static std::string LetterPath(uint64_t id, const char* action = nullptr) {
    std::string p = "/api/v1/letters/" + std::to_string(id);
    if (action) p += std::string("/") + action;
    return p;
  }

  void Search(User& u) {
    const Language lang = PickLanguage(u.rng);
    const std::string& word = u.rng.Pick(saraban::bench::QueryWords(lang));
    HttpResult r =
        Do(u, kSearch, "GET", "/api/v1/search?q=" + saraban::bench::UrlEncode(word) + "&limit=20");
    if (!Ok(r)) return;
    json j = r.json();
    if (!j.is_object() || !j["hits"].is_array()) return;
    int taken = 0;
    for (const auto& h : j["hits"]) {
      if (taken++ >= 3) break;
      u.Know(h.value("letter_id", uint64_t{0}));
    }
  }

  void Open(User& u) {
    if (u.known.empty()) return Search(u);
    const uint64_t id = u.known[u.rng.Below(u.known.size())];
    Do(u, kOpen, "GET", LetterPath(id));
  }

  void Dashboard(User& u) { Do(u, kDashboard, "GET", "/api/v1/dashboard"); }

  // A page of the letters the user may see, somewhere in the first 200.
  void Browse(User& u) {
    HttpResult r = Do(u, kBrowse, "GET",
                      "/api/v1/letters?limit=20&offset=" + std::to_string(20 * u.rng.Below(10)));
    if (!Ok(r)) return;
    const json j = r.json();
    if (!j.is_object() || !j["letters"].is_array() || j["letters"].empty()) return;
    u.Know(j["letters"][u.rng.Below(j["letters"].size())].value("id", uint64_t{0}));
  }

  // A small scanned-note stand-in (text, so extraction stays cheap) attached
  // to a letter the user registered.
  void Upload(User& u, uint64_t letter_id) {
    const Language lang = PickLanguage(u.rng);
    std::string text = Phrase(u.rng, lang, Comments) + "\n";
    while (text.size() < 4096) text += Phrase(u.rng, lang, Instructions) + "\n";
    Do(u, kUpload, "POST",
       LetterPath(letter_id, "attachments") +
           "?filename=" + saraban::bench::UrlEncode("ບັນທຶກ " + std::to_string(letter_id) + ".txt"),
       json(text));
  }

  // Everyone's common actions; `r` in [0, 100). In the soak, a quarter of
  // the dashboard share browses the letter list instead.
  void Common(User& u, uint64_t r, int search, int open) {
    if (r < static_cast<uint64_t>(search)) return Search(u);
    if (r < static_cast<uint64_t>(search + open)) return Open(u);
    if (opt_.soak && u.rng.Chance(25)) return Browse(u);
    Dashboard(u);
  }

  void RegisterAndSend(User& u) {
    UnitInfo& unit = units_[u.unit];
    const GeneratedLetter l = GenerateLetter(opt_.seed, u.next_letter++);
    HttpResult r = Do(u, kRegister, "POST", "/api/v1/letters", LetterBody(l, unit.id, true));
    if (!Ok(r)) return;
    sh_.registered[u.unit].fetch_add(1, std::memory_order_relaxed);
    const uint64_t id = r.json().value("id", uint64_t{0});
    u.Know(id);
    if (opt_.soak && u.rng.Chance(50)) Upload(u, id);
    // 1-3 other units (fewer if there are not that many).
    const size_t n = 1 + u.rng.Below(std::min<uint64_t>(3, units_.size() - 1));
    std::vector<size_t> targets;
    while (targets.size() < n) {
      const size_t t = u.rng.Below(units_.size());
      if (t == u.unit || std::find(targets.begin(), targets.end(), t) != targets.end()) continue;
      targets.push_back(t);
    }
    json ids = json::array();
    for (size_t t : targets) ids.push_back(units_[t].id);
    HttpResult s = Do(u, kSend, "POST", LetterPath(id, "send"), {{"unit_ids", ids}});
    if (Ok(s)) {
      for (size_t t : targets) sh_.delivered[t].fetch_add(1, std::memory_order_relaxed);
    }
  }

  void InboxAndAccept(User& u) {
    HttpResult r = Do(u, kInbox, "GET", "/api/v1/inbox");
    if (!Ok(r)) return;
    json j = r.json();
    if (!j.is_object() || !j["items"].is_array()) return;
    std::vector<uint64_t> pending;
    for (const auto& item : j["items"]) pending.push_back(item["letter"].value("id", uint64_t{0}));
    std::reverse(pending.begin(), pending.end());  // the list is newest first; work oldest first
    int accepted = 0;
    for (uint64_t id : pending) {
      if (accepted >= 3 || Clock::now() >= sh_.deadline) break;
      if (id == 0) continue;
      if (u.rng.Chance(50)) Do(u, kOpen, "GET", LetterPath(id));  // read it first
      HttpResult a = Do(u, kAccept, "POST", LetterPath(id, "accept"), json::object(), true);
      if (Ok(a)) {
        sh_.accepted[u.unit].fetch_add(1, std::memory_order_relaxed);
        u.Know(a.json().value("id", uint64_t{0}));
      }
      ++accepted;
    }
  }

  void RegistrarStep(User& u) {
    const uint64_t r = u.rng.Below(100);
    if (r < 30) return RegisterAndSend(u);
    if (r < 70) return InboxAndAccept(u);
    Common(u, r - 70, 10, 10);
  }

  void ListAndForward(User& u) {
    UnitInfo& unit = units_[u.unit];
    HttpResult r = Do(u, kListLetters, "GET",
                      "/api/v1/letters?unit_id=" + std::to_string(unit.id) +
                          "&book=receive&status=registered&limit=20");
    if (!Ok(r) || unit.staff.empty()) return;
    json j = r.json();
    if (!j.is_object() || !j["letters"].is_array()) return;
    uint64_t pick = 0;
    for (const auto& l : j["letters"]) {
      const uint64_t id = l.value("id", uint64_t{0});
      u.Know(id);
      if (pick == 0 && id != 0 && !u.forwarded.count(id)) pick = id;
    }
    if (pick == 0) return;
    u.forwarded.insert(pick);
    json to = json::array();
    const size_t first = unit.staff[u.rng.Below(unit.staff.size())];
    to.push_back(users_[first].id);
    if (unit.staff.size() > 1 && u.rng.Chance(20)) {
      size_t second = first;
      while (second == first) second = unit.staff[u.rng.Below(unit.staff.size())];
      to.push_back(users_[second].id);
    }
    const Language lang = PickLanguage(u.rng);
    Do(u, kForward, "POST", LetterPath(pick, "forward"),
       {{"user_ids", to},
        {"purpose", u.rng.Chance(75) ? "action" : "information"},
        {"instruction", Phrase(u.rng, lang, Instructions)},
        {"due_days", 7}});
  }

  void ExecutiveStep(User& u) {
    const uint64_t r = u.rng.Below(100);
    if (r < 40) return ListAndForward(u);
    Common(u, r - 40, 20, 20);
  }

  void AssignmentsAndComment(User& u) {
    HttpResult r = Do(u, kAssignments, "GET", "/api/v1/assignments");
    if (!Ok(r)) return;
    json j = r.json();
    if (!j.is_object() || !j["assignments"].is_array() || j["assignments"].empty()) return;
    const json& list = j["assignments"];  // newest first
    for (const auto& a : list) u.Know(a.value("letter_id", uint64_t{0}));
    // Acknowledge the oldest open one.
    for (auto it = list.rbegin(); it != list.rend(); ++it) {
      if (it->value("status", "") == "open") {
        Do(u, kAcknowledge, "POST",
           "/api/v1/assignments/" + std::to_string(it->value("id", uint64_t{0})) + "/acknowledge",
           json::object());
        break;
      }
    }
    if (!u.rng.Chance(70)) return;
    const size_t k = u.rng.Below(std::min<size_t>(list.size(), 10));
    const Language lang = PickLanguage(u.rng);
    Do(u, kComment, "POST",
       "/api/v1/assignments/" + std::to_string(list[k].value("id", uint64_t{0})) + "/comment",
       {{"text", Phrase(u.rng, lang, Comments)}});
  }

  void StaffStep(User& u) {
    const uint64_t r = u.rng.Below(100);
    if (r < 45) return AssignmentsAndComment(u);
    Common(u, r - 45, 25, 15);
  }

  const Options& opt_;
  std::vector<User>& users_;
  std::vector<UnitInfo>& units_;
  Shared& sh_;
};

// ---------------------------------------------------------------------------
// Setup.

// Runs work(i) for i in [0, count) on `threads` threads.
void Parallel(int threads, int count, const std::function<void(int)>& work) {
  std::atomic<int> next{0};
  std::vector<std::thread> pool;
  std::mutex m;
  std::exception_ptr failure;
  for (int t = 0; t < std::min(threads, count); ++t) {
    pool.emplace_back([&] {
      for (int i = next++; i < count; i = next++) {
        try {
          work(i);
        } catch (...) {
          std::lock_guard<std::mutex> lock(m);
          if (!failure) failure = std::current_exception();
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  if (failure) std::rethrow_exception(failure);
}

void Expect(const HttpResult& r, long status, const std::string& what) {
  if (r.status != status) {
    throw std::runtime_error(what + ": HTTP " + std::to_string(r.status) + " " +
                             (r.status == 0 ? r.error : r.body.substr(0, 400)));
  }
}

struct Org {
  std::vector<UnitInfo> units;
  std::vector<User> users;
};

Org BuildOrg(const Options& opt, TestDaemon& daemon, HttpClient& admin) {
  Org org;
  static const char* kDeptLo[] = {"ພະແນກບໍລິຫານ", "ພະແນກແຜນການ ແລະ ການເງິນ", "ພະແນກວິຊາການ"};
  static const char* kDeptTh[] = {"ฝ่ายบริหารทั่วไป", "ฝ่ายแผนและการเงิน", "ฝ่ายวิชาการ"};
  static const char* kDivLo[] = {"ຂະແໜງເອກະສານ", "ຂະແໜງບຸກຄະລາກອນ", "ຂະແໜງງົບປະມານ",
                                 "ຂະແໜງສະຖິຕິ",    "ຂະແໜງຝຶກອົບຮົມ",    "ຂະແໜງໄອທີ"};
  static const char* kDivTh[] = {"งานสารบรรณ", "งานบุคคล",   "งานงบประมาณ",
                                 "งานสถิติ",     "งานฝึกอบรม", "งานเทคโนโลยีสารสนเทศ"};
  const int departments = std::min(3, opt.units);
  for (int i = 0; i < opt.units; ++i) {
    const bool dept = i < departments;
    const uint64_t parent =
        dept ? 1 : org.units[static_cast<size_t>((i - departments) % departments)].id;
    UnitInfo u;
    u.code = dept ? "D" + std::to_string(i + 1)
                  : "D" + std::to_string((i - departments) % departments + 1) + "." +
                        std::to_string((i - departments) / departments + 1);
    const std::string lo = dept ? kDeptLo[i % 3] : std::string(kDivLo[i % 6]) + " " + u.code;
    const std::string th = dept ? kDeptTh[i % 3] : std::string(kDivTh[i % 6]) + " " + u.code;
    HttpResult r = admin.Post("/api/v1/units", {{"parent_id", parent},
                                                {"code", u.code},
                                                {"name_lo", lo},
                                                {"name_th", th},
                                                {"keeps_books", true}});
    Expect(r, 201, "creating unit " + u.code);
    u.id = r.json().value("id", uint64_t{0});
    org.units.push_back(std::move(u));
  }

  // User i belongs to unit i % units; its position in the unit gives its role.
  org.users.resize(static_cast<size_t>(opt.users));
  for (int i = 0; i < opt.users; ++i) {
    User& u = org.users[static_cast<size_t>(i)];
    u.index = i;
    u.unit = static_cast<size_t>(i % opt.units);
    const int pos = i / opt.units;
    UnitInfo& unit = org.units[u.unit];
    if (pos < opt.registrars_per_unit) {
      u.role = Role::kRegistrar;
      u.username = "reg_" + unit.code + "_" + std::to_string(pos);
      unit.registrars.push_back(static_cast<size_t>(i));
    } else if (pos < opt.registrars_per_unit + opt.executives_per_unit) {
      u.role = Role::kExecutive;
      u.username = "exec_" + unit.code + "_" + std::to_string(pos);
      unit.executives.push_back(static_cast<size_t>(i));
    } else {
      u.role = Role::kStaff;
      u.username = "staff_" + unit.code + "_" + std::to_string(pos);
      unit.staff.push_back(static_cast<size_t>(i));
    }
    u.rng = Rng(opt.seed * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(i) + 1);
    u.next_letter = 1'000'000ULL * static_cast<uint64_t>(i + 1);
  }
  // Creating users hashes each password once (Argon2id, 19 MiB): a few at a time.
  std::vector<std::unique_ptr<HttpClient>> admins;
  for (int t = 0; t < opt.login_threads; ++t) {
    admins.push_back(std::make_unique<HttpClient>(daemon.base_url()));
    Expect(admins.back()->Login(daemon.options().admin, daemon.options().admin_password), 200,
           "admin login");
  }
  std::atomic<int> next{0};
  std::vector<std::thread> pool;
  std::mutex m;
  std::string failure;
  for (int t = 0; t < opt.login_threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = next++; i < opt.users; i = next++) {
        User& u = org.users[static_cast<size_t>(i)];
        const bool lao = i % 2 == 0;
        HttpResult r = admins[static_cast<size_t>(t)]->Post(
            "/api/v1/users", {{"username", u.username},
                              {"display_name", (lao ? "ທ່ານ ພະນັກງານ " : "คุณ เจ้าหน้าที่ ") + u.username},
                              {"roles", {RoleName(u.role)}},
                              {"unit_ids", {org.units[u.unit].id}},
                              {"clearance", "normal"},
                              {"language", lao ? "lo" : "th"},
                              {"password", kPassword}});
        if (r.status != 201) {
          std::lock_guard<std::mutex> lock(m);
          failure = "creating " + u.username + ": " + std::to_string(r.status) + " " + r.body;
          continue;
        }
        u.id = r.json().value("id", uint64_t{0});
        u.client = std::make_unique<HttpClient>(daemon.base_url());
        HttpResult login = u.client->Login(u.username, kPassword);
        if (login.status != 200) {
          std::lock_guard<std::mutex> lock(m);
          failure = "login " + u.username + ": " + std::to_string(login.status) + " " + login.body;
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  if (!failure.empty()) throw std::runtime_error(failure);
  return org;
}

// Seed letters: incoming letters in each unit's receive book, outgoing
// letters sent to two other units, and one instruction for every staff member.
void Seed(const Options& opt, Org& org) {
  const int n_units = static_cast<int>(org.units.size());
  std::vector<std::vector<uint64_t>> incoming(org.units.size());
  std::mutex m;
  Parallel(n_units, n_units, [&](int ui) {
    UnitInfo& unit = org.units[static_cast<size_t>(ui)];
    User& reg = org.users[unit.registrars.at(0)];
    for (int k = 0; k < opt.seed_incoming; ++k) {
      const GeneratedLetter l =
          GenerateLetter(opt.seed, 500'000'000ULL + static_cast<uint64_t>(ui) * 100'000ULL + k);
      HttpResult r = reg.client->Post("/api/v1/letters", LetterBody(l, unit.id, false));
      Expect(r, 201, "seeding an incoming letter");
      incoming[static_cast<size_t>(ui)].push_back(r.json().value("id", uint64_t{0}));
    }
    unit.seeded_incoming = opt.seed_incoming;
    for (int k = 0; k < opt.seed_outgoing; ++k) {
      const GeneratedLetter l =
          GenerateLetter(opt.seed, 600'000'000ULL + static_cast<uint64_t>(ui) * 100'000ULL + k);
      HttpResult r = reg.client->Post("/api/v1/letters", LetterBody(l, unit.id, true));
      Expect(r, 201, "seeding an outgoing letter");
      const uint64_t id = r.json().value("id", uint64_t{0});
      ++unit.seeded_outgoing;
      if (n_units < 3) continue;
      const size_t a = static_cast<size_t>((ui + 1 + k) % n_units);
      const size_t b = static_cast<size_t>((ui + 2 + k) % n_units);
      if (a == static_cast<size_t>(ui) || b == static_cast<size_t>(ui)) continue;
      HttpResult s = reg.client->Post("/api/v1/letters/" + std::to_string(id) + "/send",
                                      {{"unit_ids", {org.units[a].id, org.units[b].id}}});
      Expect(s, 200, "seeding a send");
      std::lock_guard<std::mutex> lock(m);
      ++org.units[a].seed_delivered;
      ++org.units[b].seed_delivered;
    }
  });
  // Everyone of a unit starts knowing a few of its letters.
  for (User& u : org.users) {
    const auto& ids = incoming[u.unit];
    for (size_t k = 0; k < 8 && k < ids.size(); ++k) u.Know(ids[u.rng.Below(ids.size())]);
  }
  // One instruction per staff member, from an executive (or a registrar) of the unit.
  Parallel(n_units, n_units, [&](int ui) {
    UnitInfo& unit = org.units[static_cast<size_t>(ui)];
    User& boss = org.users[unit.executives.empty() ? unit.registrars.at(0) : unit.executives[0]];
    const auto& ids = incoming[static_cast<size_t>(ui)];
    for (size_t k = 0; k < unit.staff.size() && !ids.empty(); ++k) {
      const uint64_t letter = ids[k % ids.size()];
      HttpResult r =
          boss.client->Post("/api/v1/letters/" + std::to_string(letter) + "/forward",
                            {{"user_ids", {org.users[unit.staff[k]].id}},
                             {"instruction", Phrase(boss.rng, Language::kLao, Instructions)},
                             {"due_days", 7}});
      Expect(r, 200, "seeding an instruction");
      org.users[unit.staff[k]].Know(letter);
    }
  });
}


// ---------------------------------------------------------------------------
// Reporting.

struct Latency {
  size_t n = 0;
  double p50 = 0, p99 = 0;
};

Latency LatencyOf(const std::vector<double>& v) {
  const std::vector<double> s = Sorted(v);
  return {s.size(), Percentile(s, 50), Percentile(s, 99)};
}

// GET /api/v1/health from every client, for `seconds`.
struct PeerResult {
  int64_t requests = 0, errors = 0;
  double seconds = 0;
  Latency latency;
};

PeerResult HealthPeer(std::vector<User>& users, int seconds) {
  std::vector<std::vector<double>> lat(users.size());
  std::vector<int64_t> errs(users.size(), 0);
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  Clock::time_point start, deadline;
  std::vector<std::thread> pool;
  for (size_t i = 0; i < users.size(); ++i) {
    pool.emplace_back([&, i] {
      ++ready;
      while (!go.load()) std::this_thread::yield();
      while (Clock::now() < deadline) {
        const auto b = Clock::now();
        HttpResult r = users[i].client->Get("/api/v1/health");
        lat[i].push_back(std::chrono::duration<double, std::milli>(Clock::now() - b).count());
        if (r.status != 200) ++errs[i];
      }
    });
  }
  while (ready.load() < static_cast<int>(users.size())) std::this_thread::yield();
  start = Clock::now();
  deadline = start + std::chrono::seconds(seconds);
  go = true;
  for (auto& t : pool) t.join();
  PeerResult p;
  p.seconds = SecondsSince(start);
  std::vector<double> all;
  for (size_t i = 0; i < users.size(); ++i) {
    all.insert(all.end(), lat[i].begin(), lat[i].end());
    p.errors += errs[i];
  }
  p.requests = static_cast<int64_t>(all.size());
  p.latency = LatencyOf(all);
  return p;
}

void PrintPeer(const char* label, const PeerResult& p, size_t clients) {
  std::printf(
      "%s: GET /api/v1/health, %zu clients, %.1f s: %lld requests, %lld errors, %.1f req/s, "
      "p50 %.2f ms, p99 %.2f ms\n",
      label, clients, p.seconds, static_cast<long long>(p.requests),
      static_cast<long long>(p.errors), Rate(static_cast<double>(p.requests), p.seconds),
      p.latency.p50, p.latency.p99);
}

// Checks one register book of one unit: numbers exactly 1..expected.
bool CheckRegister(HttpClient& client, const UnitInfo& unit, const std::string& book, int year,
                   int64_t expected) {
  HttpResult r = client.Get("/api/v1/registers?unit_id=" + std::to_string(unit.id) +
                            "&book=" + book + "&year=" + std::to_string(year));
  if (r.status != 200) {
    std::printf("  register %s %s: HTTP %ld %s\n", unit.code.c_str(), book.c_str(), r.status,
                r.body.substr(0, 200).c_str());
    return false;
  }
  std::vector<int64_t> numbers;
  json j = r.json();
  if (j.is_object() && j["entries"].is_array()) {
    for (const auto& e : j["entries"]) numbers.push_back(e.value("number", int64_t{0}));
  }
  std::sort(numbers.begin(), numbers.end());
  bool ok = static_cast<int64_t>(numbers.size()) == expected;
  for (size_t k = 0; ok && k < numbers.size(); ++k) ok = numbers[k] == static_cast<int64_t>(k) + 1;
  if (!ok) {
    std::printf("  register %s %s %d: %zu entries (expected %lld), max %lld: FAIL\n",
                unit.code.c_str(), book.c_str(), year, numbers.size(),
                static_cast<long long>(expected),
                static_cast<long long>(numbers.empty() ? 0 : numbers.back()));
  }
  return ok;
}

int CurrentRegisterYear(HttpClient& client, const UnitInfo& unit) {
  HttpResult r =
      client.Get("/api/v1/letters?unit_id=" + std::to_string(unit.id) + "&book=receive&limit=1");
  json j = r.json();
  if (j.is_object() && j["letters"].is_array() && !j["letters"].empty()) {
    return j["letters"][0].value("register_year", 0);
  }
  return 0;
}

// NAME=value of each Environment= line of the shipped systemd unit.
std::vector<std::string> UnitEnvironment() {
  std::ifstream unit(SARABAN_UNIT_FILE);
  if (!unit) throw std::runtime_error(std::string("cannot read ") + SARABAN_UNIT_FILE);
  std::vector<std::string> env;
  const std::string key = "Environment=";
  for (std::string line; std::getline(unit, line);) {
    if (line.starts_with(key)) env.push_back(line.substr(key.size()));
  }
  return env;
}

int RunBench(const Options& opt) {
  const int threads = opt.server_threads > 0 ? opt.server_threads : std::max(128, opt.users + 8);
  const int per_unit_min = opt.users / opt.units;
  if (per_unit_min < opt.registrars_per_unit + opt.executives_per_unit + 1) {
    throw std::runtime_error(
        "--users must give every unit its registrars, executives and at "
        "least one staff member");
  }
  DaemonOptions daemon_options;
  daemon_options.serve_args = {"--threads", std::to_string(threads), "--ocr-workers", "0"};
  daemon_options.env = UnitEnvironment();
  const auto setup_start = Clock::now();
  TestDaemon daemon(daemon_options);
  const pid_t pid = daemon.pid();
  const std::string mdb_path = daemon.data_dir() + "/store/data.mdb";
  std::printf("daemon: %s, pid %d, --threads %d --ocr-workers 0, data in %s\n",
              daemon.base_url().c_str(), static_cast<int>(pid), threads, daemon.data_dir().c_str());
  for (const std::string& e : daemon_options.env) std::printf("daemon environment: %s\n", e.c_str());
  std::printf("load average at start: %s\n", LoadAverage().c_str());
  PrintMemory("idle daemon:", ReadMemory(pid), SizeOf(mdb_path));

  HttpClient admin(daemon.base_url());
  Expect(admin.Login(daemon.options().admin, daemon.options().admin_password), 200, "admin login");
  Org org = BuildOrg(opt, daemon, admin);
  int regs = 0, execs = 0, staff = 0;
  for (const User& u : org.users) {
    regs += u.role == Role::kRegistrar;
    execs += u.role == Role::kExecutive;
    staff += u.role == Role::kStaff;
  }
  std::printf(
      "org: %zu units under the office (3 departments, %zu divisions), %d users: %d "
      "unit_registrars, %d executives, %d staff; all logged in (%.1f s)\n",
      org.units.size(), org.units.size() - std::min<size_t>(3, org.units.size()), opt.users, regs,
      execs, staff, SecondsSince(setup_start));
  PrintMemory("after logins:", ReadMemory(pid), SizeOf(mdb_path));
  const auto seed_start = Clock::now();
  Seed(opt, org);
  int seeded_in = 0, seeded_out = 0, seeded_deliveries = 0;
  for (const UnitInfo& u : org.units) {
    seeded_in += u.seeded_incoming;
    seeded_out += u.seeded_outgoing;
    seeded_deliveries += u.seed_delivered;
  }
  std::printf(
      "seed: %d incoming letters, %d outgoing letters (%d deliveries pending), %d "
      "instructions, in %.1f s\n",
      seeded_in, seeded_out, seeded_deliveries, staff, SecondsSince(seed_start));
  // Let the search index catch up with the seed before anything is timed.
  Expect(admin.Get("/api/v1/search?q=&limit=1"), 200, "search catch-up");

  PrintMemory("after seed:", ReadMemory(pid), SizeOf(mdb_path));
  const PeerResult peer_before = HealthPeer(org.users, opt.peer_seconds);
  PrintPeer("peer before", peer_before, org.users.size());
  const double disk_before = opt.disk_probe > 0 ? saraban::bench::ProbeDisk(opt.disk_probe, 16) : 0;

  const ProcMemory mem_before = ReadMemory(pid);
  const FileSize mdb_before = SizeOf(mdb_path);
  PrintMemory("before load:", mem_before, mdb_before);
  std::fflush(stdout);

  // The load.
  Shared sh;
  sh.accepted = std::make_unique<std::atomic<int64_t>[]>(org.units.size());
  sh.registered = std::make_unique<std::atomic<int64_t>[]>(org.units.size());
  sh.delivered = std::make_unique<std::atomic<int64_t>[]>(org.units.size());
  for (size_t i = 0; i < org.units.size(); ++i)
    sh.accepted[i] = sh.registered[i] = sh.delivered[i] = 0;
  Workload workload(opt, org.users, org.units, sh);
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> pool;
  for (User& u : org.users) {
    pool.emplace_back([&, p = &u] {
      ++ready;
      while (!go.load()) std::this_thread::yield();
      workload.Run(*p);
    });
  }
  while (ready.load() < opt.users) std::this_thread::yield();
  const double daemon_cpu_before = ProcessCpuSeconds(pid);
  const double self_cpu_before = SelfCpuSeconds();
  sh.start = Clock::now();
  sh.deadline = sh.start + std::chrono::seconds(opt.seconds);
  go = true;

  // Progress: one line per --sample-seconds.
  std::mutex done_mutex;
  std::condition_variable done_cv;
  bool done = false;
  ProcMemory mem_warm = mem_before;  // after the first sample period of load
  std::thread monitor([&] {
    int64_t last_requests = 0;
    double last_t = 0, last_cpu = daemon_cpu_before;
    std::unique_lock<std::mutex> lock(done_mutex);
    for (int k = 1;; ++k) {
      const auto at = sh.start + std::chrono::seconds(opt.sample_seconds * k);
      if (done_cv.wait_until(lock, at, [&] { return done; })) break;
      const double t = SecondsSince(sh.start);
      const int64_t req = sh.requests.load();
      const double cpu = ProcessCpuSeconds(pid);
      const ProcMemory m = ReadMemory(pid);
      if (k == 1) mem_warm = m;
      std::printf(
          "  t=%4.0f s  %7.1f req/s  daemon CPU %4.2f cores  errors %lld  races %lld  "
          "VmRSS %6.1f MiB (anon %6.1f)  data.mdb %6.1f MiB  load %s\n",
          t, Rate(static_cast<double>(req - last_requests), t - last_t),
          (cpu - last_cpu) / (t - last_t), static_cast<long long>(sh.errors.load()),
          static_cast<long long>(sh.races.load()), MiBk(m.vm_rss_kb), MiBk(m.rss_anon_kb),
          MiB(SizeOf(mdb_path).bytes), LoadAverage().c_str());
      std::fflush(stdout);
      last_requests = req;
      last_t = t;
      last_cpu = cpu;
    }
  });
  for (auto& t : pool) t.join();
  const double wall = SecondsSince(sh.start);
  const double daemon_cpu = ProcessCpuSeconds(pid) - daemon_cpu_before;
  const double self_cpu = SelfCpuSeconds() - self_cpu_before;
  {
    std::lock_guard<std::mutex> lock(done_mutex);
    done = true;
  }
  done_cv.notify_all();
  monitor.join();

  const ProcMemory mem_after = ReadMemory(pid);
  const FileSize mdb_after = SizeOf(mdb_path);

  // Merge.
  std::array<ActionStats, kActionCount> total;
  for (User& u : org.users) {
    for (int a = 0; a < kActionCount; ++a) {
      ActionStats& t = total[static_cast<size_t>(a)];
      const ActionStats& s = u.stats[static_cast<size_t>(a)];
      t.samples.insert(t.samples.end(), s.samples.begin(), s.samples.end());
      t.ok += s.ok;
      t.races += s.races;
      t.errors += s.errors;
    }
  }
  int64_t all_requests = 0, all_ok = 0, all_errors = 0, all_races = 0, all_writes = 0;
  std::vector<double> all_latencies;
  std::printf("\nmixed load: %d users, %.1f s (%d s asked), think time %d ms\n", opt.users, wall,
              opt.seconds, opt.think_ms);
  std::printf("| %-18s | %-34s | %8s | %6s | %5s | %8s | %8s | %8s | %9s |\n", "action", "request",
              "count", "races", "errs", "req/s", "p50 ms", "p99 ms", "p50/peer");
  const double third = opt.seconds / 3.0;
  std::vector<std::array<Latency, 3>> thirds(kActionCount);
  for (int a = 0; a < kActionCount; ++a) {
    const ActionStats& s = total[static_cast<size_t>(a)];
    std::vector<double> ms;
    std::array<std::vector<double>, 3> by_third;
    for (const Sample& x : s.samples) {
      ms.push_back(x.ms);
      by_third[static_cast<size_t>(std::clamp(static_cast<int>(x.at_s / third), 0, 2))].push_back(
          x.ms);
    }
    for (int k = 0; k < 3; ++k)
      thirds[static_cast<size_t>(a)][static_cast<size_t>(k)] =
          LatencyOf(by_third[static_cast<size_t>(k)]);
    const Latency l = LatencyOf(ms);
    all_latencies.insert(all_latencies.end(), ms.begin(), ms.end());
    all_requests += static_cast<int64_t>(ms.size());
    if (kWrites[a]) all_writes += static_cast<int64_t>(ms.size());
    all_ok += s.ok;
    all_errors += s.errors;
    all_races += s.races;
    std::printf("| %-18s | %-34s | %8zu | %6lld | %5lld | %8.1f | %8.2f | %8.2f | %9.1f |\n",
                kActionNames[a], kActionRoutes[a], ms.size(), static_cast<long long>(s.races),
                static_cast<long long>(s.errors), Rate(static_cast<double>(ms.size()), wall), l.p50,
                l.p99, peer_before.latency.p50 > 0 ? l.p50 / peer_before.latency.p50 : 0.0);
  }
  const Latency all = LatencyOf(all_latencies);
  std::printf("| %-18s | %-34s | %8lld | %6lld | %5lld | %8.1f | %8.2f | %8.2f | %9.1f |\n", "all",
              "", static_cast<long long>(all_requests), static_cast<long long>(all_races),
              static_cast<long long>(all_errors), Rate(static_cast<double>(all_requests), wall),
              all.p50, all.p99,
              peer_before.latency.p50 > 0 ? all.p50 / peer_before.latency.p50 : 0.0);
  std::printf("\np50 / p99 ms by third of the run (0-%.0f s, %.0f-%.0f s, %.0f-%.0f s):\n", third,
              third, 2 * third, 2 * third, 3 * third);
  for (int a = 0; a < kActionCount; ++a) {
    const auto& t = thirds[static_cast<size_t>(a)];
    std::printf("  %-18s", kActionNames[a]);
    for (int k = 0; k < 3; ++k) {
      std::printf("  %7.2f / %8.2f (%6zu)", t[static_cast<size_t>(k)].p50,
                  t[static_cast<size_t>(k)].p99, t[static_cast<size_t>(k)].n);
    }
    std::printf("\n");
  }

  std::printf("\nrequests: %lld, 2xx %lld, races (409 on accept) %lld, errors %lld\n",
              static_cast<long long>(all_requests), static_cast<long long>(all_ok),
              static_cast<long long>(all_races), static_cast<long long>(all_errors));
  for (const ErrorRecord& e : sh.first_errors) {
    std::printf("  error: [%s] %s -> %ld %s\n", e.action.c_str(), e.request.c_str(), e.status,
                e.body.c_str());
  }
  std::printf(
      "daemon CPU during the load: %.1f s = %.2f cores; bench (clients) CPU: %.1f s = %.2f "
      "cores; load average at end: %s\n",
      daemon_cpu, daemon_cpu / wall, self_cpu, self_cpu / wall, LoadAverage().c_str());
  PrintMemory("before load:", mem_before, mdb_before);
  PrintMemory("after load:", mem_after, mdb_after);
  std::printf("growth: VmRSS %+.1f MiB, RssAnon %+.1f MiB, RssFile %+.1f MiB, data.mdb %+.1f MiB\n",
              MiBk(mem_after.vm_rss_kb - mem_before.vm_rss_kb),
              MiBk(mem_after.rss_anon_kb - mem_before.rss_anon_kb),
              MiBk(mem_after.rss_file_kb - mem_before.rss_file_kb),
              MiB(mdb_after.bytes - mdb_before.bytes));

  bool memory_ok = true;
  if (opt.soak) {
    // Growth from the warm point: the first minutes fill CivetWeb's thread
    // stacks, malloc arenas and caches, which is not a leak. RssAnon is the
    // heap; RssFile is data.mdb's pages mapped by reads, which grows with the
    // data by design, so VmRSS is shown but the ceiling applies to RssAnon.
    auto growth = [](long from, long to) {
      return from > 0 ? 100.0 * static_cast<double>(to - from) / static_cast<double>(from) : 0.0;
    };
    const double anon = growth(mem_warm.rss_anon_kb, mem_after.rss_anon_kb);
    const double rss = growth(mem_warm.vm_rss_kb, mem_after.vm_rss_kb);
    memory_ok = anon <= opt.memory_ceiling;
    PrintMemory("warm (first sample):", mem_warm, mdb_before);
    std::printf(
        "soak memory: RssAnon %.1f -> %.1f MiB (%+.1f%%), VmRSS %.1f -> %.1f MiB (%+.1f%%), "
        "from the warm point to the end of %.1f min; ceiling %.0f%% on RssAnon: %s\n",
        MiBk(mem_warm.rss_anon_kb), MiBk(mem_after.rss_anon_kb), anon, MiBk(mem_warm.vm_rss_kb),
        MiBk(mem_after.vm_rss_kb), rss, wall / 60.0, opt.memory_ceiling, memory_ok ? "OK" : "FAIL");
  }

  const PeerResult peer_after = HealthPeer(org.users, opt.peer_seconds);
  PrintPeer("peer after", peer_after, org.users.size());
  const double disk_after = opt.disk_probe > 0 ? saraban::bench::ProbeDisk(opt.disk_probe, 16) : 0;
  std::printf(
      "writes (register, send, accept, forward, acknowledge, comment, upload): %lld = %.1f/s, "
      "%.0f%% of requests; disk probe before/after %.1f / %.1f commits/s: writes/s / "
      "probe = %.3f / %.3f\n",
      static_cast<long long>(all_writes), Rate(static_cast<double>(all_writes), wall),
      all_requests > 0 ? 100.0 * static_cast<double>(all_writes) / static_cast<double>(all_requests)
                       : 0.0,
      disk_before, disk_after,
      disk_before > 0 ? Rate(static_cast<double>(all_writes), wall) / disk_before : 0.0,
      disk_after > 0 ? Rate(static_cast<double>(all_writes), wall) / disk_after : 0.0);
  const double mixed_rate = Rate(static_cast<double>(all_requests), wall);
  const double peer_rate = Rate(static_cast<double>(peer_before.requests), peer_before.seconds);
  std::printf("ratio mixed req/s / health req/s (peer before): %.3f  (peer after: %.3f)\n",
              peer_rate > 0 ? mixed_rate / peer_rate : 0.0,
              peer_after.requests > 0
                  ? mixed_rate / Rate(static_cast<double>(peer_after.requests), peer_after.seconds)
                  : 0.0);
  std::printf("ratio mixed p50 / health p50: %.1f, p99 / p99: %.1f\n",
              peer_before.latency.p50 > 0 ? all.p50 / peer_before.latency.p50 : 0.0,
              peer_before.latency.p99 > 0 ? all.p99 / peer_before.latency.p99 : 0.0);

  // Register books: gapless, and exactly as many numbers as 2xx answers.
  bool books_ok = true;
  int64_t pending_left = 0;
  int year = 0;
  for (size_t i = 0; i < org.units.size(); ++i) {
    const UnitInfo& unit = org.units[i];
    HttpClient& reg = *org.users[unit.registrars.at(0)].client;
    if (year == 0) year = CurrentRegisterYear(reg, unit);
    books_ok =
        CheckRegister(reg, unit, "receive", year, unit.seeded_incoming + sh.accepted[i].load()) &&
        books_ok;
    books_ok = CheckRegister(reg, unit, "send_normal", year,
                             unit.seeded_outgoing + sh.registered[i].load()) &&
               books_ok;
    HttpResult inbox = reg.Get("/api/v1/inbox");
    const json inbox_json = inbox.json();
    const int64_t left =
        inbox_json.is_object() ? inbox_json.value("total", int64_t{0}) : int64_t{-1};
    pending_left += left;
    // Every delivery is accepted or still pending (nothing is returned or recalled).
    const int64_t sent = unit.seed_delivered + sh.delivered[i].load();
    if (sent != sh.accepted[i].load() + left) {
      books_ok = false;
      std::printf("  unit %s: %lld deliveries, %lld accepted + %lld pending: FAIL\n",
                  unit.code.c_str(), static_cast<long long>(sent),
                  static_cast<long long>(sh.accepted[i].load()), static_cast<long long>(left));
    }
  }
  int64_t accepted = 0, registered = 0;
  for (size_t i = 0; i < org.units.size(); ++i) {
    accepted += sh.accepted[i].load();
    registered += sh.registered[i].load();
  }
  std::printf(
      "register books %d (receive, send_normal) of %zu units, numbers 1..n with n = seed + "
      "2xx (%lld accepted, %lld registered), every delivery accepted or pending (%lld "
      "pending at the end): %s\n",
      year, org.units.size(), static_cast<long long>(accepted), static_cast<long long>(registered),
      static_cast<long long>(pending_left), books_ok ? "OK" : "FAIL");

  const int stop_code = daemon.Stop();
  if (stop_code != 0) {
    std::printf("daemon exited with %d:\n%s\n", stop_code, daemon.Log().c_str());
  }
  std::fflush(stdout);
  return all_errors == 0 && books_ok && memory_ok && stop_code == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Mixed office workflow with many concurrent users against the saraban daemon"};
  Options opt;
  app.add_option("--users", opt.users, "Concurrent simulated users (one connection each)")
      ->check(CLI::Range(4, 2000))
      ->capture_default_str();
  app.add_option("--seconds", opt.seconds, "Length of the mixed load")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  int minutes = 0;
  app.add_option("--minutes", minutes, "Length of the mixed load in minutes (overrides --seconds)")
      ->check(CLI::Range(0, 1440));
  app.add_flag("--soak", opt.soak,
               "Soak mode: browse and upload actions in the mix, and a memory growth verdict");
  app.add_option("--memory-ceiling", opt.memory_ceiling,
                 "Soak: largest RssAnon growth in percent from the warm point to the end")
      ->capture_default_str();
  app.add_option("--seed", opt.seed, "Seed of letters, words and choices")->capture_default_str();
  app.add_option("--units", opt.units, "Units under the office (3 departments, then divisions)")
      ->check(CLI::Range(2, 500))
      ->capture_default_str();
  app.add_option("--registrars-per-unit", opt.registrars_per_unit, "unit_registrars per unit")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app.add_option("--executives-per-unit", opt.executives_per_unit, "Executives per unit")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  app.add_option("--seed-incoming", opt.seed_incoming, "Incoming letters seeded per unit")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--seed-outgoing", opt.seed_outgoing,
                 "Outgoing letters seeded per unit, each sent to two other units")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  app.add_option("--peer-seconds", opt.peer_seconds, "Length of each GET /api/v1/health peer run")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app.add_option("--server-threads", opt.server_threads,
                 "Daemon worker threads; 0 means max(128, users + 8) (CivetWeb keeps a thread per "
                 "kept-alive connection: fewer threads than users leaves users waiting)")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  app.add_option(
         "--think-ms", opt.think_ms,
         "Mean pause between one user's actions (uniform 0..2x); 0: none, a saturating load")
      ->check(CLI::Range(0, 600000))
      ->capture_default_str();
  app.add_option("--sample-seconds", opt.sample_seconds, "Progress line interval")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app.add_option("--login-threads", opt.login_threads,
                 "Concurrent user creations and logins during setup (Argon2id, 19 MiB each)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--disk-probe", opt.disk_probe,
                 "Raw durable LMDB commits (16 threads) before and after the load; 0: none")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (minutes > 0) opt.seconds = minutes * 60;

  try {
    std::printf("workflow_bench: %d users, %d s, seed %llu, %d units\n", opt.users, opt.seconds,
                static_cast<unsigned long long>(opt.seed), opt.units);
    return RunBench(opt);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::cerr << "workflow_bench: " << e.what() << "\n";
    return 2;
  }
}
