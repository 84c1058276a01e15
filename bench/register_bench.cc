// register_bench: how many letters per second can the real daemon register?
//
// Starts `saraban serve` on a temporary data directory, creates a central
// registrar, and lets C concurrent clients (one HttpClient and one session
// each) register N letters in total through POST /api/v1/letters. It prints
// letters/s, p50 and p99 latency, the error count, and whether the register
// numbers handed out are exactly 1..N (no gap, no duplicate).
//
// Every registration is one durable LMDB write transaction, so the ceiling is
// the disk's sync rate, not the CPU. To make the figure mean something on a
// shared, noisy machine, the same run then performs N raw LMDB durable
// commits (a ~600-byte record plus a counter key, default sync flags) from C
// threads in a fresh environment on the same disk, and prints the ratio
// HTTP letters/s / raw commits/s. The ratio, not the absolute number, is what
// to compare between runs and machines: it says how much of the disk's commit
// rate the HTTP, JSON, session and authorization layers leave us.
//
// This is a program, not a test: it is not registered with ctest.
#include <lmdb.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "http_client.h"
#include "process.h"
#include "temp_dir.h"

namespace {

using saraban::testing::DaemonOptions;
using saraban::testing::HttpClient;
using saraban::testing::HttpResult;
using saraban::testing::TempDir;
using saraban::testing::TestDaemon;
using Clock = std::chrono::steady_clock;

constexpr char kRegistrar[] = "bench_registrar";
constexpr char kRegistrarPassword[] = "bench-registrar-password-1";

// Realistic incoming correspondence, in the office's three languages.
struct SampleLetter {
  const char* subject;
  const char* from;
  const char* number_prefix;
};

constexpr SampleLetter kSamples[] = {
    {"ແຈ້ງການ ກ່ຽວກັບການກະກຽມກອງປະຊຸມປະຈຳປີ ຂອງຂະແໜງການສຶກສາ", "ກະຊວງສຶກສາທິການ ແລະ ກິລາ", "ສສ"},
    {"ຂໍອະນຸຍາດ ນຳໃຊ້ຫ້ອງປະຊຸມໃຫຍ່ ເພື່ອຈັດກອງປະຊຸມສຳມະນາ", "ພະແນກການເງິນ ແຂວງວຽງຈັນ", "ພກງ"},
    {"ລາຍງານຜົນການປະຕິບັດແຜນງົບປະມານ ໄຕມາດທີ 3", "ຫ້ອງການປົກຄອງ ເມືອງໄຊທານີ", "ຫປກ"},
    {"ขอเชิญประชุมคณะกรรมการระบบสารบรรณอิเล็กทรอนิกส์ ครั้งที่ 2/2569", "สำนักงานจังหวัดพังงา", "พง 0017.2/ว"},
    {"ขอความอนุเคราะห์ข้อมูลบุคลากร เพื่อประกอบการจัดทำแผนอัตรากำลัง 3 ปี", "กรมส่งเสริมการปกครองท้องถิ่น",
     "มท 0809.3/ว"},
    {"แจ้งกำหนดการตรวจติดตามการใช้จ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. 2570",
     "สำนักงานตรวจเงินแผ่นดินภูมิภาคที่ 14", "ตผ 0044/"},
    {"Invitation to the regional workshop on school libraries", "UNESCO Bangkok Office",
     "UNESCO/2026/"},
    {"Request for statistics on primary school enrolment, 2025-2026", "UNICEF Lao PDR",
     "UNICEF/LAO/"},
    {"Notice of audit of project accounts for the fiscal year 2026", "Asian Development Bank",
     "ADB/LAO/"},
};
constexpr size_t kSampleCount = sizeof kSamples / sizeof kSamples[0];

struct Options {
  int letters = 2000;
  int clients = 16;
  int server_threads = 0;  // 0: max(64, clients + 8)
};

// Latencies and outcome of one phase, merged over its threads.
struct PhaseResult {
  std::vector<double> latencies_ms;
  double wall_seconds = 0;
  int errors = 0;
};

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  // Nearest rank.
  size_t rank = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size()) + 0.999999);
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

double Rate(int count, double seconds) { return seconds > 0 ? count / seconds : 0; }

void PrintPhase(const char* label, const char* unit, const PhaseResult& r, int ok) {
  std::vector<double> sorted = r.latencies_ms;
  std::sort(sorted.begin(), sorted.end());
  std::printf("%-26s %6d ok %4d errors in %7.2f s = %8.1f %s  p50 %7.2f ms  p99 %7.2f ms\n", label,
              ok, r.errors, r.wall_seconds, Rate(ok, r.wall_seconds), unit, Percentile(sorted, 50),
              Percentile(sorted, 99));
}

// Runs `work(thread, index)` for index 0..count-1 on `threads` threads, each
// index once, timing every call. `work` returns false on an error.
PhaseResult RunTimed(int threads, int count, const std::function<bool(int, int)>& work) {
  std::atomic<int> next{0};
  std::vector<std::vector<double>> latencies(threads);
  std::vector<int> errors(threads, 0);
  std::vector<std::thread> pool;
  const auto start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = next++; i < count; i = next++) {
        const auto begin = Clock::now();
        const bool ok = work(t, i);
        const auto end = Clock::now();
        latencies[t].push_back(std::chrono::duration<double, std::milli>(end - begin).count());
        if (!ok) ++errors[t];
      }
    });
  }
  for (auto& th : pool) th.join();
  PhaseResult r;
  r.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (int t = 0; t < threads; ++t) {
    r.latencies_ms.insert(r.latencies_ms.end(), latencies[t].begin(), latencies[t].end());
    r.errors += errors[t];
  }
  return r;
}

nlohmann::json LetterBody(int index) {
  const SampleLetter& s = kSamples[static_cast<size_t>(index) % kSampleCount];
  return {{"unit_id", 1},
          {"book", "receive"},
          {"subject", s.subject},
          {"from", s.from},
          {"document_no", std::string(s.number_prefix) + std::to_string(100 + index)}};
}

// Phase 1: registrations through the real daemon. Returns letters/s.
double BenchHttp(const Options& opt, bool* numbers_ok, int* http_errors) {
  const int server_threads =
      opt.server_threads > 0 ? opt.server_threads : std::max(64, opt.clients + 8);
  DaemonOptions daemon_options;
  daemon_options.serve_args = {"--threads", std::to_string(server_threads)};
  TestDaemon daemon(daemon_options);
  std::printf("daemon: %s, --threads %d, data in %s\n", daemon.base_url().c_str(), server_threads,
              daemon.data_dir().c_str());

  HttpClient admin(daemon.base_url());
  HttpResult login = admin.Login(daemon.options().admin, daemon.options().admin_password);
  if (login.status != 200) throw std::runtime_error("admin login failed: " + login.body);
  HttpResult user = admin.Post("/api/v1/users", {{"username", kRegistrar},
                                                 {"display_name", "ນາງ ບົວພັນ ສີສຸວັນ"},
                                                 {"roles", {"central_registrar"}},
                                                 {"unit_ids", {1}},
                                                 {"clearance", "normal"},
                                                 {"password", kRegistrarPassword}});
  if (user.status != 201) throw std::runtime_error("creating the registrar failed: " + user.body);

  // Log every client in before the clock starts: logins hash passwords.
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int c = 0; c < opt.clients; ++c) {
    clients.push_back(std::make_unique<HttpClient>(daemon.base_url()));
    HttpResult r = clients.back()->Login(kRegistrar, kRegistrarPassword);
    if (r.status != 200) throw std::runtime_error("registrar login failed: " + r.body);
  }

  std::vector<std::vector<int64_t>> numbers(opt.clients);
  std::mutex error_mutex;
  std::vector<std::string> first_errors;
  PhaseResult r = RunTimed(opt.clients, opt.letters, [&](int t, int i) {
    HttpResult res = clients[t]->Post("/api/v1/letters", LetterBody(i));
    nlohmann::json j = res.status == 201 ? res.json() : nlohmann::json();
    if (res.status == 201 && j.is_object() && j["register_no"].is_number_integer()) {
      numbers[t].push_back(j["register_no"].get<int64_t>());
      return true;
    }
    std::lock_guard<std::mutex> lock(error_mutex);
    if (first_errors.size() < 5) {
      first_errors.push_back(std::to_string(res.status) + " " +
                             (res.status == 0 ? res.error : res.body.substr(0, 300)));
    }
    return false;
  });
  const int ok = opt.letters - r.errors;
  PrintPhase("HTTP POST /api/v1/letters", "letters/s", r, ok);
  for (const auto& e : first_errors) std::printf("  error: %s\n", e.c_str());
  *http_errors = r.errors;

  std::vector<int64_t> all;
  for (const auto& v : numbers) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  *numbers_ok = all.size() == static_cast<size_t>(opt.letters);
  size_t first_bad = all.size();
  for (size_t k = 0; k < all.size(); ++k) {
    if (all[k] != static_cast<int64_t>(k) + 1) {
      *numbers_ok = false;
      first_bad = k;
      break;
    }
  }
  std::printf("register numbers 1..%d: %s", opt.letters, *numbers_ok ? "OK" : "FAIL");
  if (!*numbers_ok) {
    std::printf(" (%zu numbers returned", all.size());
    if (first_bad < all.size()) {
      std::printf("; sorted position %zu holds %lld", first_bad + 1,
                  static_cast<long long>(all[first_bad]));
    }
    std::printf(")");
  }
  std::printf("\n");
  const int stop_code = daemon.Stop();
  if (stop_code != 0) std::printf("daemon exited with %d:\n%s\n", stop_code, daemon.Log().c_str());
  return Rate(ok, r.wall_seconds);
}

void CheckLmdb(int rc, const char* what) {
  if (rc != 0) throw std::runtime_error(std::string("lmdb ") + what + ": " + mdb_strerror(rc));
}

// Phase 2: the ceiling. N durable LMDB commits of a letter-sized record and a
// counter key, from the same number of threads. Returns commits/s.
double BenchLmdb(const Options& opt, bool* counter_ok) {
  TempDir dir;
  MDB_env* env = nullptr;
  CheckLmdb(mdb_env_create(&env), "env_create");
  CheckLmdb(mdb_env_set_mapsize(env, size_t{1} << 30), "set_mapsize");
  // Same flags as the daemon's store: MDB_NOTLS, and no NOSYNC/NOMETASYNC,
  // so every commit is fsync'd before it returns.
  CheckLmdb(mdb_env_open(env, dir.path().c_str(), MDB_NOTLS, 0600), "env_open");
  MDB_dbi dbi;
  {
    MDB_txn* txn = nullptr;
    CheckLmdb(mdb_txn_begin(env, nullptr, 0, &txn), "txn_begin");
    CheckLmdb(mdb_dbi_open(txn, nullptr, 0, &dbi), "dbi_open");
    CheckLmdb(mdb_txn_commit(txn), "txn_commit");
  }
  static const std::string kCounterKey = "counter/receive/2026";
  std::mutex error_mutex;
  std::string first_error;
  PhaseResult r = RunTimed(opt.clients, opt.letters, [&](int, int i) {
    // A letter-sized record: ~600 bytes of UTF-8, like an encoded letter.
    const SampleLetter& s = kSamples[static_cast<size_t>(i) % kSampleCount];
    std::string record = std::string(s.subject) + "|" + s.from + "|" + s.number_prefix;
    while (record.size() < 600) record += '.';
    char key_buf[32];
    std::snprintf(key_buf, sizeof key_buf, "letter/%010d", i + 1);
    MDB_txn* txn = nullptr;
    int rc = mdb_txn_begin(env, nullptr, 0, &txn);
    if (rc == 0) {
      MDB_val counter_key{kCounterKey.size(), const_cast<char*>(kCounterKey.data())};
      MDB_val value;
      uint64_t counter = 0;
      rc = mdb_get(txn, dbi, &counter_key, &value);
      if (rc == 0 && value.mv_size == sizeof counter) {
        std::memcpy(&counter, value.mv_data, sizeof counter);
      }
      ++counter;
      MDB_val counter_value{sizeof counter, &counter};
      MDB_val key{std::strlen(key_buf), key_buf};
      MDB_val data{record.size(), record.data()};
      rc = mdb_put(txn, dbi, &key, &data, 0);
      if (rc == 0) rc = mdb_put(txn, dbi, &counter_key, &counter_value, 0);
      if (rc == 0) {
        rc = mdb_txn_commit(txn);  // the txn is freed either way
      } else {
        mdb_txn_abort(txn);
      }
    }
    if (rc != 0) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (first_error.empty()) first_error = mdb_strerror(rc);
      return false;
    }
    return true;
  });
  const int ok = opt.letters - r.errors;
  PrintPhase("LMDB raw durable commit", "commits/s", r, ok);
  if (!first_error.empty()) std::printf("  error: %s\n", first_error.c_str());

  // The counter must have counted every commit.
  {
    MDB_txn* txn = nullptr;
    CheckLmdb(mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn), "txn_begin");
    MDB_val counter_key{kCounterKey.size(), const_cast<char*>(kCounterKey.data())};
    MDB_val value;
    uint64_t counter = 0;
    if (mdb_get(txn, dbi, &counter_key, &value) == 0 && value.mv_size == sizeof counter) {
      std::memcpy(&counter, value.mv_data, sizeof counter);
    }
    mdb_txn_abort(txn);
    *counter_ok = counter == static_cast<uint64_t>(ok);
    std::printf("LMDB counter %llu of %d: %s\n", static_cast<unsigned long long>(counter), ok,
                *counter_ok ? "OK" : "FAIL");
  }
  mdb_env_close(env);
  return Rate(ok, r.wall_seconds);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Registration throughput of the saraban daemon against raw durable LMDB commits"};
  Options opt;
  app.add_option("--letters", opt.letters, "Letters to register (and raw commits to make)")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  app.add_option("--clients", opt.clients, "Concurrent clients (and raw LMDB writer threads)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_option("--server-threads", opt.server_threads,
                 "Daemon worker threads; 0 means max(64, clients + 8)")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  try {
    std::printf("register_bench: %d letters, %d clients\n", opt.letters, opt.clients);
    bool numbers_ok = false, counter_ok = false;
    int http_errors = 0;
    const double letters_per_s = BenchHttp(opt, &numbers_ok, &http_errors);
    const double commits_per_s = BenchLmdb(opt, &counter_ok);
    std::printf("ratio HTTP letters/s / LMDB commits/s: %.3f\n",
                commits_per_s > 0 ? letters_per_s / commits_per_s : 0.0);
    std::fflush(stdout);
    return numbers_ok && counter_ok && http_errors == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::cerr << "register_bench: " << e.what() << "\n";
    return 2;
  }
}
