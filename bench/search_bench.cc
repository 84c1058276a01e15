// search_bench: how fast does the daemon index letters, and how fast does it
// answer searches, compared with the search index used directly?
//
// Starts `saraban serve --ocr-workers 0` on a temporary data directory,
// creates a central registrar cleared for top_secret (who sees every letter),
// and has C clients register N generated letters (benchgen: 45% Lao, 45% Thai,
// 10% English) through POST /api/v1/letters. Then it polls
// GET /api/v1/search?q=&limit=1 until `total` is N and prints the indexing
// rate: N / (time from the first registration until the index caught up).
// Then it runs Q searches (a fixed, realistic mix: a Lao word, a Thai word,
// an English word, two words with AND, a phrase, a word inside a Lao or Thai
// compound, a word with a filter, a filter alone) through GET /api/v1/search,
// once with 1 client (latency without queueing) and once with C concurrent
// clients (--search-clients), and prints p50/p99 latency and queries/s, also
// by kind of query. Registration is bracketed by a probe of the disk's
// durable commit rate (raw LMDB commits, as register_bench's peer), because
// registrations are what the index follows and they are bound by the disk.
//
// The peers, measured in the same run:
//  - search: the same Q queries, from as many threads, against indexer::Index
//    opened on a copy of the daemon's index directory (copied after the
//    daemon stopped), with the access the daemon applies for this user
//    (whole office, clearance top_secret). This is the layer the daemon
//    calls, with HTTP, sessions, authorisation, the catch-up check, the store
//    reads for each hit and JSON taken away; the ratios HTTP p50 / in-process
//    p50 and HTTP p99 / in-process p99 say what those cost. The totals of
//    every query must agree (OK/MISMATCH).
//  - indexing: the same N letters put into a fresh indexer::Index in one
//    thread, committed every 500 letters like the daemon's follower
//    (services/search_sync.cc), letters/s. The daemon's figure also waits
//    for the registrations it follows, so the ratio shows whether the index
//    or the registrations are the bottleneck. `saraban reindex` on the
//    daemon's data directory is timed too, as a third figure (store reads +
//    index, one commit).
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
#include <ctime>
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_util.h"
#include "disk_probe.h"
#include "core/domain.h"
#include "http_client.h"
#include "indexer/indexer.h"
#include "letter_generator.h"
#include "process.h"
#include "temp_dir.h"

namespace {

using saraban::bench::Clock;
using saraban::bench::GeneratedLetter;
using saraban::bench::GenerateLetter;
using saraban::bench::Language;
using saraban::bench::Percentile;
using saraban::bench::PhaseResult;
using saraban::bench::Rate;
using saraban::bench::Rng;
using saraban::bench::RunTimed;
using saraban::bench::SecondsSince;
using saraban::bench::Sorted;
using saraban::testing::DaemonOptions;
using saraban::testing::HttpClient;
using saraban::testing::HttpResult;
using saraban::testing::TempDir;
using saraban::testing::TestDaemon;
namespace indexer = saraban::indexer;
namespace fs = std::filesystem;

constexpr char kRegistrar[] = "bench_search_registrar";
constexpr char kRegistrarPassword[] = "bench-registrar-password-1";

struct Options {
  int letters = 100'000;
  int queries = 2000;
  int clients = 16;
  std::vector<int> search_clients;  // empty: {1, clients}
  int server_threads = 64;
  uint64_t seed = 1;
  int peer_batch = 500;
  int catch_up_timeout_seconds = 3600;
  bool reindex = true;
  int show_letters = 0;
  int disk_probe = 2000;  // raw LMDB commits before and after registration; 0: none
};

// The kinds of query in the mix, in the order they are reported.
enum class QueryKind {
  kLaoWord,
  kThaiWord,
  kEnglishWord,
  kAnd,
  kPhrase,
  kCompound,
  kWordFilter,
  kFilterOnly,
};
constexpr int kQueryKinds = 8;
constexpr const char* kKindNames[kQueryKinds] = {"Lao word",      "Thai word",  "English word",
                                                 "two words AND", "phrase",     "word in compound",
                                                 "word + filter", "filter only"};

struct BenchQuery {
  QueryKind kind = QueryKind::kLaoWord;
  std::string text;
  std::optional<std::string> book;
  std::optional<std::string> urgency;
  std::optional<int> year;
  // The words occur in the generated letters (a word of the vocabulary, two
  // words from one letter, a phrase or compound piece of the vocabulary), so
  // with N large enough a total of 0 is a search failure, not bad luck.
  bool expect_hit = false;

  std::string Path() const {
    std::string p = "/api/v1/search?q=" + saraban::bench::UrlEncode(text) + "&limit=20";
    if (book) p += "&book=" + *book;
    if (urgency) p += "&urgency=" + *urgency;
    if (year) p += "&year=" + std::to_string(*year);
    return p;
  }

  // What the daemon asks the index for this user (see api/search_api.cc).
  indexer::SearchQuery IndexQuery() const {
    indexer::SearchQuery q;
    q.text = text;
    q.whole_office = true;
    q.clearance = saraban::Secrecy::kTopSecret;
    q.filter.book = book;
    if (urgency) q.filter.urgency = saraban::ParseUrgency(*urgency);
    q.filter.year = year;
    q.limit = 20;
    return q;
  }

  std::string Describe() const {
    std::string d = text.empty() ? "(no words)" : text;
    if (book) d += " book=" + *book;
    if (urgency) d += " urgency=" + *urgency;
    if (year) d += " year=" + std::to_string(*year);
    return d;
  }
};

// Office-local date (UTC+7, the default setting) as YYYY-MM-DD, and its year.
std::string OfficeToday(int* year) {
  const std::time_t now = std::time(nullptr) + 7 * 3600;
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  *year = tm.tm_year + 1900;
  return buf;
}

Language PickLanguage(Rng& rng) {
  const uint64_t r = rng.Below(100);
  return r < 45 ? Language::kLao : r < 90 ? Language::kThai : Language::kEnglish;
}

// "A AND B" where A and B are query words found in one of the letters
// (tries a few letters; falls back to two random words of one language).
std::string TwoWords(Rng& rng, uint64_t seed, int letters, bool* from_letter) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    const GeneratedLetter l = GenerateLetter(seed, rng.Below(static_cast<uint64_t>(letters)));
    const std::string text = l.subject + " " + l.from + " " + l.to;
    std::vector<std::string> found;
    for (const std::string& w : saraban::bench::QueryWords(l.language)) {
      if (text.find(w) != std::string::npos) found.push_back(w);
    }
    if (found.size() < 2) continue;
    const size_t a = rng.Below(found.size());
    const size_t b = (a + 1 + rng.Below(found.size() - 1)) % found.size();
    *from_letter = true;
    return found[a] + " AND " + found[b];
  }
  *from_letter = false;
  const auto& words = saraban::bench::QueryWords(PickLanguage(rng));
  const size_t a = rng.Below(words.size());
  return words[a] + " AND " + words[(a + 1) % words.size()];
}

// The query mix: deterministic from the seed. Weights: a single word 44%
// (Lao 18, Thai 18, English 8), AND 12%, phrase 10%, word inside a compound
// 10%, word + filter 12%, filter only 12%.
std::vector<BenchQuery> MakeQueries(int count, uint64_t seed, int year, int letters) {
  Rng rng(seed ^ 0x51a5ea7c4ull);
  std::vector<BenchQuery> out;
  out.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    BenchQuery q;
    const uint64_t r = rng.Below(100);
    if (r < 18) {
      q.kind = QueryKind::kLaoWord;
      q.text = rng.Pick(saraban::bench::QueryWords(Language::kLao));
    } else if (r < 36) {
      q.kind = QueryKind::kThaiWord;
      q.text = rng.Pick(saraban::bench::QueryWords(Language::kThai));
    } else if (r < 44) {
      q.kind = QueryKind::kEnglishWord;
      q.text = rng.Pick(saraban::bench::QueryWords(Language::kEnglish));
    } else if (r < 56) {
      // Two words that occur together in some letter, as a clerk who
      // remembers a letter would type them.
      q.kind = QueryKind::kAnd;
      q.text = TwoWords(rng, seed, letters, &q.expect_hit);
    } else if (r < 66) {
      q.kind = QueryKind::kPhrase;
      q.text = "\"" + rng.Pick(saraban::bench::QueryPhrases(PickLanguage(rng))) + "\"";
    } else if (r < 76) {
      q.kind = QueryKind::kCompound;
      q.text = rng.Pick(
          saraban::bench::CompoundPieces(rng.Chance(70) ? Language::kLao : Language::kThai));
    } else if (r < 88) {
      q.kind = QueryKind::kWordFilter;
      q.text =
          rng.Pick(saraban::bench::QueryWords(rng.Chance(50) ? Language::kLao : Language::kThai));
      q.book = rng.Chance(75) ? "receive" : "send_normal";
      if (rng.Chance(50)) q.year = year;
    } else {
      q.kind = QueryKind::kFilterOnly;
      const uint64_t f = rng.Below(3);
      if (f == 0) q.book = "receive";
      if (f == 1) q.book = "send_normal";
      if (f == 2) q.urgency = "urgent";
      q.year = year;
    }
    if (q.kind != QueryKind::kAnd && q.kind != QueryKind::kWordFilter) q.expect_hit = true;
    out.push_back(std::move(q));
  }
  return out;
}

indexer::LetterDoc ToLetterDoc(const GeneratedLetter& l, uint64_t id, uint64_t register_no,
                               int register_year, const std::string& received_date) {
  indexer::LetterDoc d;
  d.id = id;
  d.unit_id = 1;
  d.secrecy = saraban::ParseSecrecy(l.secrecy).value_or(saraban::Secrecy::kNormal);
  d.book = l.book;
  d.direction = saraban::ParseDirection(l.direction).value_or(saraban::Direction::kIncoming);
  d.status = saraban::LetterStatus::kRegistered;
  d.urgency = saraban::ParseUrgency(l.urgency).value_or(saraban::Urgency::kNormal);
  d.register_year = register_year;
  d.register_no = register_no;
  d.document_no = l.document_no;
  d.document_date = l.document_date;
  d.received_date = received_date;
  d.subject = l.subject;
  d.from = l.from;
  d.to = l.to;
  d.remarks = l.remarks;
  return d;
}

void PrintLatency(const char* label, const PhaseResult& r, int ok, const char* unit) {
  const std::vector<double> sorted = Sorted(r.latencies_ms);
  std::printf("%-30s %7d ok %5d errors in %8.2f s = %8.1f %s  p50 %8.2f ms  p99 %8.2f ms\n", label,
              ok, r.errors, r.wall_seconds, Rate(ok, r.wall_seconds), unit, Percentile(sorted, 50),
              Percentile(sorted, 99));
}

// Records the first few error messages of a phase.
class ErrorLog {
 public:
  void Add(std::string message) {
    std::lock_guard<std::mutex> lock(mu_);
    if (messages_.size() < 5) messages_.push_back(std::move(message));
  }
  void Print() const {
    for (const auto& m : messages_) std::printf("  error: %s\n", m.c_str());
  }

 private:
  std::mutex mu_;
  std::vector<std::string> messages_;
};

std::string Describe(const HttpResult& res) {
  return std::to_string(res.status) + " " + (res.status == 0 ? res.error : res.body.substr(0, 300));
}

// One search phase at one concurrency.
struct SearchRun {
  int clients = 0;
  double p50 = 0, p99 = 0, qps = 0;
  int errors = 0;
  std::vector<int64_t> totals;  // per query index; -1 on error
  std::vector<double> latency;  // per query index, ms
};

// Runs every query once on `clients` threads; `search(thread, query, &total)`
// returns false on an error.
SearchRun RunSearches(const char* label, int clients, const std::vector<BenchQuery>& queries,
                      const std::function<bool(int, const BenchQuery&, int64_t*)>& search) {
  SearchRun run;
  run.clients = clients;
  run.totals.assign(queries.size(), -1);
  run.latency.assign(queries.size(), 0);
  PhaseResult r = RunTimed(clients, static_cast<int>(queries.size()), [&](int t, int i) {
    const size_t k = static_cast<size_t>(i);
    const auto begin = Clock::now();
    const bool ok = search(t, queries[k], &run.totals[k]);
    run.latency[k] = SecondsSince(begin) * 1000;
    return ok;
  });
  char full_label[64];
  std::snprintf(full_label, sizeof full_label, "%s, %d clients", label, clients);
  PrintLatency(full_label, r, static_cast<int>(queries.size()) - r.errors, "queries/s");
  const std::vector<double> sorted = Sorted(r.latencies_ms);
  run.p50 = Percentile(sorted, 50);
  run.p99 = Percentile(sorted, 99);
  run.qps = Rate(static_cast<double>(queries.size()) - r.errors, r.wall_seconds);
  run.errors = r.errors;
  return run;
}



struct Figures {
  double registration_per_s = 0;
  double indexing_per_s = 0;
  double lag_seconds = 0;
  double disk_before = 0, disk_after = 0;
  double reindex_per_s = 0;
  int registration_errors = 0;
  std::vector<SearchRun> http;  // one per search concurrency
};

// The daemon part: registration, catch-up, HTTP searches. Leaves a copy of
// the index in `index_copy` and, if asked, times `saraban reindex`.
Figures RunDaemon(const Options& opt, const std::vector<int>& levels,
                  const std::vector<BenchQuery>& queries, const std::string& index_copy) {
  Figures f;
  DaemonOptions daemon_options;
  daemon_options.serve_args = {"--threads", std::to_string(opt.server_threads), "--ocr-workers",
                               "0"};
  TestDaemon daemon(daemon_options);
  std::printf("daemon: %s, --threads %d --ocr-workers 0, data in %s\n", daemon.base_url().c_str(),
              opt.server_threads, daemon.data_dir().c_str());

  HttpClient admin(daemon.base_url());
  HttpResult login = admin.Login(daemon.options().admin, daemon.options().admin_password);
  if (login.status != 200) throw std::runtime_error("admin login failed: " + login.body);
  HttpResult user = admin.Post("/api/v1/users", {{"username", kRegistrar},
                                                 {"display_name", "ນາງ ບົວພັນ ສີສຸວັນ"},
                                                 {"roles", {"central_registrar"}},
                                                 {"unit_ids", {1}},
                                                 {"clearance", "top_secret"},
                                                 {"password", kRegistrarPassword}});
  if (user.status != 201) throw std::runtime_error("creating the registrar failed: " + user.body);

  // Log every client in before the clock starts: logins hash passwords.
  const int max_clients = std::max(opt.clients, *std::max_element(levels.begin(), levels.end()));
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int c = 0; c < max_clients; ++c) {
    clients.push_back(std::make_unique<HttpClient>(daemon.base_url()));
    HttpResult r = clients.back()->Login(kRegistrar, kRegistrarPassword);
    if (r.status != 200) throw std::runtime_error("registrar login failed: " + r.body);
  }

  // 1. Registration, bracketed by probes of the disk's commit rate.
  if (opt.disk_probe > 0) f.disk_before = saraban::bench::ProbeDisk(opt.disk_probe, opt.clients);
  ErrorLog reg_errors;
  std::vector<Clock::time_point> completed(static_cast<size_t>(opt.letters));
  std::atomic<size_t> done{0};
  PhaseResult reg = RunTimed(opt.clients, opt.letters, [&](int t, int i) {
    const GeneratedLetter l = GenerateLetter(opt.seed, static_cast<uint64_t>(i));
    HttpResult res = clients[static_cast<size_t>(t)]->Post("/api/v1/letters",
                                                           saraban::bench::LetterRequestJson(l, 1));
    completed[done++] = Clock::now();
    if (res.status == 201) return true;
    reg_errors.Add(Describe(res));
    return false;
  });
  const int registered = opt.letters - reg.errors;
  PrintLatency("HTTP POST /api/v1/letters", reg, registered, "letters/s");
  reg_errors.Print();
  f.registration_per_s = Rate(registered, reg.wall_seconds);
  f.registration_errors = reg.errors;
  // Registration rate by tenth of the run: a steady fall would be the store
  // slowing as it grows; jumps are the disk.
  std::printf("registration letters/s by tenth:");
  Clock::time_point previous = reg.started;
  for (int tenth = 1; tenth <= 10; ++tenth) {
    const size_t last = static_cast<size_t>(opt.letters) * static_cast<size_t>(tenth) / 10;
    if (last == 0) continue;
    const Clock::time_point at = completed[last - 1];
    const size_t first = static_cast<size_t>(opt.letters) * static_cast<size_t>(tenth - 1) / 10;
    std::printf(" %.0f", Rate(static_cast<double>(last - first),
                              std::chrono::duration<double>(at - previous).count()));
    previous = at;
  }
  std::printf("\n");

  // 2. Wait for the index. Each poll is a search, which first catches up.
  int polls = 0;
  int64_t total = -1;
  double slowest_poll_ms = 0;
  for (;;) {
    const auto begin = Clock::now();
    HttpResult res = clients[0]->Get("/api/v1/search?q=&limit=1");
    slowest_poll_ms = std::max(slowest_poll_ms, SecondsSince(begin) * 1000);
    ++polls;
    if (res.status != 200) throw std::runtime_error("search poll failed: " + Describe(res));
    total = res.json().value("total", int64_t{-1});
    if (total >= registered) break;
    if (SecondsSince(reg.finished) > opt.catch_up_timeout_seconds) {
      throw std::runtime_error("the index did not catch up: total " + std::to_string(total) +
                               " of " + std::to_string(registered));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const auto caught_up = Clock::now();
  f.lag_seconds = std::chrono::duration<double>(caught_up - reg.finished).count();
  const double index_seconds = std::chrono::duration<double>(caught_up - reg.started).count();
  f.indexing_per_s = Rate(registered, index_seconds);
  std::printf(
      "index caught up (total %lld) %.2f s after the last registration (%d polls, slowest %.0f "
      "ms)\n",
      static_cast<long long>(total), f.lag_seconds, polls, slowest_poll_ms);
  std::printf("%-30s %7d letters in %8.2f s = %8.1f letters/s (first registration -> caught up)\n",
              "daemon indexing rate", registered, index_seconds, f.indexing_per_s);
  if (opt.disk_probe > 0) f.disk_after = saraban::bench::ProbeDisk(opt.disk_probe, opt.clients);

  // 3. Searches through HTTP, at each concurrency.
  for (int level : levels) {
    ErrorLog search_errors;
    f.http.push_back(RunSearches("HTTP GET /api/v1/search", level, queries,
                                 [&](int t, const BenchQuery& q, int64_t* hits) {
                                   HttpResult res = clients[static_cast<size_t>(t)]->Get(q.Path());
                                   if (res.status != 200) {
                                     search_errors.Add(q.Describe() + ": " + Describe(res));
                                     return false;
                                   }
                                   *hits = res.json().value("total", int64_t{-1});
                                   return true;
                                 }));
    search_errors.Print();
  }

  // 4. Stop, copy the index for the in-process peer, time a rebuild.
  clients.clear();
  const int stop_code = daemon.Stop();
  if (stop_code != 0) std::printf("daemon exited with %d:\n%s\n", stop_code, daemon.Log().c_str());
  fs::copy(daemon.data_dir() + "/index", index_copy, fs::copy_options::recursive);
  if (opt.reindex) {
    const auto begin = Clock::now();
    auto r = saraban::testing::RunSaraban({"reindex", "--data", daemon.data_dir()});
    const double seconds = SecondsSince(begin);
    if (r.exit_code == 0) {
      f.reindex_per_s = Rate(registered, seconds);
      std::printf(
          "%-30s %7d letters in %8.2f s = %8.1f letters/s (store reads + index, one "
          "commit)\n",
          "saraban reindex", registered, seconds, f.reindex_per_s);
    } else {
      std::printf("saraban reindex failed (%d): %s\n", r.exit_code, r.err.c_str());
    }
  }
  return f;
}

// The indexing peer: the same letters straight into a fresh index.
double RunIndexPeer(const Options& opt, int* doc_count) {
  TempDir dir;
  auto index = indexer::Index::Open(dir.Sub("index"));
  if (!index) throw std::runtime_error("open index: " + index.error().message);
  int year = 0;
  const std::string today = OfficeToday(&year);
  std::map<std::string, uint64_t> counters;
  const auto begin = Clock::now();
  for (int i = 0; i < opt.letters; ++i) {
    const GeneratedLetter l = GenerateLetter(opt.seed, static_cast<uint64_t>(i));
    const uint64_t no = ++counters[l.book];
    saraban::Status s =
        (*index)->Put(ToLetterDoc(l, static_cast<uint64_t>(i) + 1, no, year, today));
    if (!s) throw std::runtime_error("put: " + s.error().message);
    if ((i + 1) % opt.peer_batch == 0 || i + 1 == opt.letters) {
      saraban::Status c = (*index)->Commit(static_cast<uint64_t>(i) + 1);
      if (!c) throw std::runtime_error("commit: " + c.error().message);
    }
  }
  const double seconds = SecondsSince(begin);
  *doc_count = static_cast<int>((*index)->doc_count());
  const double rate = Rate(opt.letters, seconds);
  std::printf("%-30s %7d letters in %8.2f s = %8.1f letters/s (commit every %d; %d docs)\n",
              "in-process Index::Put+Commit", opt.letters, seconds, rate, opt.peer_batch,
              *doc_count);
  return rate;
}

// Latency of each kind of query on both sides, with the totals of the first
// query of the kind.
void PrintKinds(const std::vector<BenchQuery>& queries, const SearchRun& http,
                const SearchRun& local) {
  std::printf("\nlatency by kind of query, %d clients (ms):\n", http.clients);
  std::printf("%-17s %5s %9s %9s %9s %9s  %s\n", "kind", "count", "HTTP p50", "HTTP p99",
              "proc p50", "proc p99", "example: HTTP total / in-process total");
  for (int k = 0; k < kQueryKinds; ++k) {
    std::vector<double> h, p;
    const BenchQuery* example = nullptr;
    size_t example_index = 0;
    for (size_t i = 0; i < queries.size(); ++i) {
      if (static_cast<int>(queries[i].kind) != k) continue;
      h.push_back(http.latency[i]);
      p.push_back(local.latency[i]);
      if (!example) {
        example = &queries[i];
        example_index = i;
      }
    }
    h = Sorted(h);
    p = Sorted(p);
    std::printf("%-17s %5zu %9.2f %9.2f %9.2f %9.2f  ", kKindNames[k], h.size(), Percentile(h, 50),
                Percentile(h, 99), Percentile(p, 50), Percentile(p, 99));
    if (example) {
      std::printf("%s: %lld / %lld", example->Describe().c_str(),
                  static_cast<long long>(http.totals[example_index]),
                  static_cast<long long>(local.totals[example_index]));
    }
    std::printf("\n");
  }
}

int Run(const Options& opt) {
  int year = 0;
  OfficeToday(&year);
  std::vector<int> levels = opt.search_clients;
  if (levels.empty())
    levels = opt.clients == 1 ? std::vector<int>{1} : std::vector<int>{1, opt.clients};
  const std::vector<BenchQuery> queries = MakeQueries(opt.queries, opt.seed, year, opt.letters);
  std::printf("search_bench: %d letters, %d queries, %d clients, search clients", opt.letters,
              opt.queries, opt.clients);
  for (int level : levels) std::printf(" %d", level);
  std::printf(", seed %llu\n", static_cast<unsigned long long>(opt.seed));

  TempDir work;
  const std::string index_copy = work.Sub("index");
  Figures f = RunDaemon(opt, levels, queries, index_copy);

  // The search peer: the same queries against the copy, at each concurrency.
  auto index = indexer::Index::Open(index_copy);
  if (!index) throw std::runtime_error("open index copy: " + index.error().message);
  std::vector<SearchRun> local;
  for (int level : levels) {
    ErrorLog local_errors;
    local.push_back(RunSearches("in-process Index::Search", level, queries,
                                [&](int, const BenchQuery& q, int64_t* hits) {
                                  auto r = (*index)->Search(q.IndexQuery());
                                  if (!r) {
                                    local_errors.Add(q.Describe() + ": " + r.error().message);
                                    return false;
                                  }
                                  *hits = static_cast<int64_t>(r->total);
                                  return true;
                                }));
    local_errors.Print();
  }
  index->reset();

  for (size_t l = 0; l < levels.size(); ++l) PrintKinds(queries, f.http[l], local[l]);

  // Hit totals of the distinct queries with the most and the fewest hits.
  const std::vector<int64_t>& totals = f.http[0].totals;
  std::map<std::string, int64_t> distinct;
  for (size_t i = 0; i < queries.size(); ++i) distinct[queries[i].Describe()] = totals[i];
  std::vector<std::pair<int64_t, std::string>> by_total;
  for (const auto& [q, t] : distinct) by_total.emplace_back(t, q);
  std::sort(by_total.begin(), by_total.end());
  std::printf("\n%zu distinct queries; fewest hits:", by_total.size());
  for (size_t i = 0; i < std::min<size_t>(5, by_total.size()); ++i) {
    std::printf(" [%s] %lld;", by_total[i].second.c_str(),
                static_cast<long long>(by_total[i].first));
  }
  std::printf("\nmost hits:");
  for (size_t i = by_total.size() > 5 ? by_total.size() - 5 : 0; i < by_total.size(); ++i) {
    std::printf(" [%s] %lld;", by_total[i].second.c_str(),
                static_cast<long long>(by_total[i].first));
  }
  std::printf("\n");

  // Queries whose words are in the letters but that found nothing.
  std::map<std::string, int> empty;
  for (size_t i = 0; i < queries.size(); ++i) {
    if (queries[i].expect_hit && totals[i] == 0) ++empty[queries[i].Describe()];
  }
  std::printf("queries with 0 hits although their words occur in the letters: %zu distinct",
              empty.size());
  for (const auto& [q, n] : empty) std::printf(" [%s] x%d;", q.c_str(), n);
  std::printf("\n");

  // Every query's total must be the same in every run, HTTP and in-process.
  int mismatches = 0;
  for (size_t i = 0; i < queries.size(); ++i) {
    bool agree = totals[i] >= 0;
    for (size_t l = 0; l < levels.size(); ++l) {
      agree = agree && f.http[l].totals[i] == totals[i] && local[l].totals[i] == totals[i];
    }
    if (agree) continue;
    if (++mismatches <= 10) {
      std::printf("  MISMATCH %s:", queries[i].Describe().c_str());
      for (size_t l = 0; l < levels.size(); ++l) {
        std::printf(" HTTP@%d %lld, in-process@%d %lld;", levels[l],
                    static_cast<long long>(f.http[l].totals[i]), levels[l],
                    static_cast<long long>(local[l].totals[i]));
      }
      std::printf("\n");
    }
  }
  std::printf("totals HTTP vs in-process: %s (%zu of %zu queries agree in all %zu runs)\n",
              mismatches == 0 ? "OK" : "MISMATCH", queries.size() - static_cast<size_t>(mismatches),
              queries.size(), 2 * levels.size());

  // The indexing peer, last, with the daemon gone.
  std::printf("\n");
  int doc_count = 0;
  const double peer_index_rate = RunIndexPeer(opt, &doc_count);

  std::printf("\n");
  bool errors = f.registration_errors > 0;
  for (size_t l = 0; l < levels.size(); ++l) {
    const SearchRun& h = f.http[l];
    const SearchRun& p = local[l];
    errors = errors || h.errors > 0 || p.errors > 0;
    std::printf("%d clients: ratio HTTP search p50 / in-process p50: %.2f (%.2f / %.2f ms)\n",
                levels[l], p.p50 > 0 ? h.p50 / p.p50 : 0.0, h.p50, p.p50);
    std::printf("%d clients: ratio HTTP search p99 / in-process p99: %.2f (%.2f / %.2f ms)\n",
                levels[l], p.p99 > 0 ? h.p99 / p.p99 : 0.0, h.p99, p.p99);
    std::printf("%d clients: ratio HTTP queries/s / in-process queries/s: %.3f (%.1f / %.1f)\n",
                levels[l], p.qps > 0 ? h.qps / p.qps : 0.0, h.qps, p.qps);
  }
  std::printf("ratio daemon indexing rate / in-process indexing rate: %.3f (%.1f / %.1f)\n",
              peer_index_rate > 0 ? f.indexing_per_s / peer_index_rate : 0.0, f.indexing_per_s,
              peer_index_rate);
  if (f.reindex_per_s > 0) {
    std::printf("ratio saraban reindex rate / in-process indexing rate: %.3f\n",
                peer_index_rate > 0 ? f.reindex_per_s / peer_index_rate : 0.0);
  }
  if (opt.disk_probe > 0) {
    std::printf("ratio registration rate / disk commit rate (before, after): %.3f, %.3f\n",
                f.disk_before > 0 ? f.registration_per_s / f.disk_before : 0.0,
                f.disk_after > 0 ? f.registration_per_s / f.disk_after : 0.0);
  }
  std::fflush(stdout);
  const bool ok = mismatches == 0 && !errors && doc_count == opt.letters;
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Indexing rate and search latency of the saraban daemon against indexer::Index"};
  Options opt;
  app.add_option("--letters", opt.letters, "Letters to register (and index in-process)")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  app.add_option("--queries", opt.queries, "Searches to run (each side, each concurrency)")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  app.add_option("--clients", opt.clients, "Concurrent clients for registration")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_option("--search-clients", opt.search_clients,
                 "Concurrencies of the search phases (clients, and in-process threads); "
                 "default: 1 and --clients")
      ->check(CLI::Range(1, 1000));
  app.add_option("--server-threads", opt.server_threads, "Daemon worker threads")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  app.add_option("--seed", opt.seed, "Seed of the generated letters and queries")
      ->capture_default_str();
  app.add_option("--peer-batch", opt.peer_batch, "In-process indexing: commit every N letters")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  app.add_option("--catch-up-timeout", opt.catch_up_timeout_seconds,
                 "Seconds to wait for the index after the last registration")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  app.add_option("--disk-probe", opt.disk_probe,
                 "Raw LMDB commits to time before and after registration; 0: none")
      ->check(CLI::Range(0, 10'000'000))
      ->capture_default_str();
  app.add_flag("!--no-reindex", opt.reindex, "Do not time `saraban reindex`");
  app.add_option("--show-letters", opt.show_letters,
                 "Print this many generated letters as JSON and exit")
      ->check(CLI::Range(0, 1'000'000));
  CLI11_PARSE(app, argc, argv);

  if (opt.show_letters > 0) {
    for (int i = 0; i < opt.show_letters; ++i) {
      const GeneratedLetter l = GenerateLetter(opt.seed, static_cast<uint64_t>(i));
      std::printf("%s\n", saraban::bench::LetterRequestJson(l, 1).dump().c_str());
    }
    return 0;
  }
  try {
    return Run(opt);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::cerr << "search_bench: " << e.what() << "\n";
    return 2;
  }
}
