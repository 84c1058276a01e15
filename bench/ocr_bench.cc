// ocr_bench: how many scanned pages per minute does the daemon turn into
// searchable text, compared with the tesseract command line on the same pages?
//
// The pages are every sample scan in /work/shared/samples/ocr (manifest.tsv
// gives each file's language and page count; tha_01-02.pdf has 2 pages, every
// other file 1). The run has three phases, one per language group, because
// the OCR language list is an office setting: Lao pages are read with
// "lao+tha+eng", Thai pages with "tha+lao+eng", English pages with "eng".
//
// Daemon: `saraban serve --ocr-workers W` (W defaults to the number of CPUs).
// Each sample goes to its own registered letter. Per phase: the admin sets
// ocr_languages with PATCH /api/v1/settings (before the clock starts), then
// the clock runs from the first upload (raw body, POST
// /api/v1/letters/{id}/attachments?filename=...) until every attachment of
// the phase reports text_status "done" (or "failed") and a search has caught
// the index up. So the daemon figure includes the upload, the type detection
// (libmagic), PDF rendering (poppler, 300 dpi), greyscale and deskew
// (Leptonica), the LMDB job queue and the worker pool's wake-up, the
// Tesseract run in a worker process, recording the text, and indexing it.
//
// Peer: the `tesseract` command line (`tesseract PAGE stdout -l LANGS --oem 1
// --psm 3`, OMP_THREAD_LIMIT=1 as the daemon's workers have), once per page,
// W processes at a time, phase by phase like the daemon. The PDF is first
// rasterised with `pdftoppm -r 300 -gray`; that time is printed but not
// counted unless --count-raster. Each CLI run loads the language models
// afresh, which the daemon's long-lived workers do not; the daemon, on its
// side, deskews and runs a whole file (both PDF pages) in one worker. The
// ratio daemon pages/min / CLI pages/min is what to compare between runs.
//
// A second, informational peer runs `saraban extract FILE --lang LANGS` (the
// daemon's own extraction code in one process per file, W at a time), which
// splits the gap into the extraction code (deskew, rendering, normalisation)
// and the daemon's plumbing (HTTP, store, job queue, worker pool). The table
// per file shows when the daemon was first seen running each job, i.e. how
// long it sat in the queue.
//
// This is a program, not a test: it is not registered with ctest.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_util.h"
#include "http_client.h"
#include "letter_generator.h"
#include "process.h"
#include "temp_dir.h"

extern char** environ;

namespace {

using saraban::bench::Clock;
using saraban::bench::Rate;
using saraban::bench::SecondsSince;
using saraban::bench::UrlEncode;
using saraban::testing::DaemonOptions;
using saraban::testing::HttpClient;
using saraban::testing::HttpResult;
using saraban::testing::TempDir;
using saraban::testing::TestDaemon;
namespace fs = std::filesystem;

constexpr char kRegistrar[] = "bench_ocr_registrar";
constexpr char kRegistrarPassword[] = "bench-registrar-password-1";

struct Options {
  std::string samples = "/work/shared/samples/ocr";
  int workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int poll_ms = 100;
  int timeout_seconds = 3600;
  bool count_raster = false;
  int repeat = 1;  // every sample this many times (a longer queue)
  std::string tesseract = "tesseract";
  std::string pdftoppm = "pdftoppm";
};

// A language group: one phase of the run.
struct Group {
  const char* lang;       // as in manifest.tsv
  const char* languages;  // Tesseract language list for these pages
};
constexpr Group kGroups[] = {{"lao", "lao+tha+eng"}, {"tha", "tha+lao+eng"}, {"eng", "eng"}};

struct Sample {
  std::string file;  // name in the samples directory
  std::string lang;
  int pages = 1;
  // Daemon side.
  uint64_t letter_id = 0;
  uint64_t attachment_id = 0;
  double daemon_started_seconds = -1;  // first seen running, from the phase's start
  double daemon_done_seconds = 0;      // first seen done, from the phase's start
  std::string daemon_status, daemon_method, daemon_error;
  int daemon_pages = 0;
  size_t daemon_chars = 0;
  // CLI side.
  std::vector<std::string> page_paths;  // the file itself, or its rasterised pages
  double cli_seconds = 0;               // sum over its pages
  size_t cli_chars = 0;
  int cli_failures = 0;
  // `saraban extract` side.
  double extract_seconds = 0;
  size_t extract_chars = 0;
  int extract_failures = 0;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Code points, not bytes: Lao and Thai take 3 bytes each.
size_t CountChars(const std::string& s) {
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

std::vector<Sample> ReadManifest(const std::string& dir) {
  std::ifstream in(dir + "/manifest.tsv");
  if (!in) throw std::runtime_error("cannot read " + dir + "/manifest.tsv");
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  {
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) header.push_back(cell);
  }
  auto column = [&](const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) throw std::runtime_error("manifest.tsv has no column " + name);
    return static_cast<size_t>(it - header.begin());
  };
  const size_t file_col = column("file"), lang_col = column("lang"), pages_col = column("pages");
  std::vector<Sample> samples;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) cells.push_back(cell);
    if (cells.size() <= std::max({file_col, lang_col, pages_col})) continue;
    Sample s;
    s.file = cells[file_col];
    s.lang = cells[lang_col];
    s.pages = std::stoi(cells[pages_col]);
    samples.push_back(std::move(s));
  }
  return samples;
}

// Runs argv[0] (found on PATH) with OMP_THREAD_LIMIT=1, stdout to out_path,
// stderr to err_path; returns the exit code (-1 if killed by a signal).
int RunProcess(const std::vector<std::string>& args, const std::string& out_path,
               const std::string& err_path) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    if (std::string(*e).rfind("OMP_THREAD_LIMIT=", 0) != 0) env.emplace_back(*e);
  }
  env.emplace_back("OMP_THREAD_LIMIT=1");
  std::vector<char*> argv, envp;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  const int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out_fd < 0 || err_fd < 0) throw std::runtime_error("cannot open " + out_path);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execvpe(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(out_fd);
  close(err_fd);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

double PagesPerMinute(int pages, double seconds) { return Rate(pages * 60.0, seconds); }

// The daemon side. Fills the samples' daemon fields; returns the seconds of
// each phase (same order as kGroups).
std::vector<double> RunDaemon(const Options& opt, std::vector<Sample>& samples) {
  DaemonOptions daemon_options;
  daemon_options.serve_args = {"--ocr-workers", std::to_string(opt.workers)};
  TestDaemon daemon(daemon_options);
  std::printf("daemon: %s, --ocr-workers %d, data in %s\n", daemon.base_url().c_str(), opt.workers,
              daemon.data_dir().c_str());

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
  HttpClient clerk(daemon.base_url());
  if (HttpResult r = clerk.Login(kRegistrar, kRegistrarPassword); r.status != 200) {
    throw std::runtime_error("registrar login failed: " + r.body);
  }
  // One registered letter per sample, before any clock starts.
  for (size_t i = 0; i < samples.size(); ++i) {
    HttpResult r = clerk.Post("/api/v1/letters", saraban::bench::LetterRequestJson(
                                                     saraban::bench::GenerateLetter(7, i), 1));
    if (r.status != 201) throw std::runtime_error("registering a letter failed: " + r.body);
    samples[i].letter_id = r.json().value("id", uint64_t{0});
  }

  std::vector<double> phase_seconds;
  for (const Group& g : kGroups) {
    HttpResult set = admin.Patch("/api/v1/settings", {{"ocr_languages", g.languages}});
    if (set.status != 200) throw std::runtime_error("setting ocr_languages failed: " + set.body);
    std::vector<Sample*> phase;
    for (auto& s : samples) {
      if (s.lang == g.lang) phase.push_back(&s);
    }
    if (phase.empty()) {
      phase_seconds.push_back(0);
      continue;
    }
    const auto start = Clock::now();
    for (Sample* s : phase) {
      const std::string bytes = ReadFile(opt.samples + "/" + s->file);
      HttpResult r = clerk.Request("POST",
                                   "/api/v1/letters/" + std::to_string(s->letter_id) +
                                       "/attachments?filename=" + UrlEncode(s->file),
                                   bytes, {"Content-Type: application/octet-stream"});
      if (r.status != 201) {
        throw std::runtime_error("uploading " + s->file + " failed: " + std::to_string(r.status) +
                                 " " + r.body.substr(0, 300));
      }
      s->attachment_id = r.json().value("id", uint64_t{0});
    }
    const double upload_seconds = SecondsSince(start);
    size_t pending = phase.size();
    while (pending > 0) {
      if (SecondsSince(start) > opt.timeout_seconds) {
        throw std::runtime_error(std::string("OCR did not finish in time for ") + g.lang);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(opt.poll_ms));
      for (Sample* s : phase) {
        if (!s->daemon_status.empty()) continue;
        HttpResult r = clerk.Get("/api/v1/attachments/" + std::to_string(s->attachment_id));
        if (r.status != 200) throw std::runtime_error("attachment status failed: " + r.body);
        const nlohmann::json a = r.json();
        const std::string status = a.value("text_status", "");
        if (status == "running" && s->daemon_started_seconds < 0) {
          s->daemon_started_seconds = SecondsSince(start);
        }
        if (status != "done" && status != "failed") continue;
        s->daemon_done_seconds = SecondsSince(start);
        s->daemon_status = status;
        s->daemon_pages = a.value("pages", 0);
        if (a["method"].is_string()) s->daemon_method = a["method"].get<std::string>();
        if (a["error"].is_string()) s->daemon_error = a["error"].get<std::string>();
        --pending;
      }
    }
    // A search catches the index up: the text is findable when it returns.
    if (HttpResult r = clerk.Get("/api/v1/search?q=&limit=1"); r.status != 200) {
      throw std::runtime_error("search failed: " + r.body);
    }
    const double seconds = SecondsSince(start);
    phase_seconds.push_back(seconds);
    int pages = 0;
    for (const Sample* s : phase) pages += s->pages;
    std::printf(
        "daemon  %-3s (%s): %2zu files, %2d pages in %7.2f s (uploads %.2f s) = %6.2f "
        "pages/min\n",
        g.lang, g.languages, phase.size(), pages, seconds, upload_seconds,
        PagesPerMinute(pages, seconds));
  }
  // The texts, after the clock: how much each page gave.
  for (auto& s : samples) {
    if (s.daemon_status != "done") continue;
    HttpResult r = clerk.Get("/api/v1/attachments/" + std::to_string(s.attachment_id) + "/text");
    if (r.status == 200) s.daemon_chars = CountChars(r.body);
  }
  const int stop_code = daemon.Stop();
  if (stop_code != 0) std::printf("daemon exited with %d:\n%s\n", stop_code, daemon.Log().c_str());
  return phase_seconds;
}

// One command per item, `workers` at a time, OMP_THREAD_LIMIT=1. Fills
// each item's seconds, output characters and exit code; returns the wall time.
struct CommandJob {
  std::vector<std::string> args;
  std::string out_path;
  double seconds = 0;
  size_t chars = 0;
  int exit_code = 0;
};

double RunCommands(std::vector<CommandJob>& jobs, int workers) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  const auto start = Clock::now();
  for (int t = 0; t < workers; ++t) {
    pool.emplace_back([&] {
      for (size_t i = next++; i < jobs.size(); i = next++) {
        CommandJob& job = jobs[i];
        const auto begin = Clock::now();
        job.exit_code = RunProcess(job.args, job.out_path, job.out_path + ".err");
        job.seconds = SecondsSince(begin);
        job.chars = CountChars(ReadFile(job.out_path));
      }
    });
  }
  for (auto& th : pool) th.join();
  return SecondsSince(start);
}

// Rasterises the PDFs (pdftoppm -r 300 -gray) so the CLI gets one image per
// page; returns the seconds it took.
double Rasterise(const Options& opt, std::vector<Sample>& samples, const TempDir& work) {
  const auto start = Clock::now();
  for (auto& s : samples) {
    const std::string path = opt.samples + "/" + s.file;
    if (s.file.size() < 4 || s.file.substr(s.file.size() - 4) != ".pdf") {
      s.page_paths = {path};
      continue;
    }
    const std::string prefix = work.Sub(s.file + ".page");
    const int rc = RunProcess({opt.pdftoppm, "-r", "300", "-gray", path, prefix},
                              work.Sub("pdftoppm.out"), work.Sub("pdftoppm.err"));
    if (rc != 0) throw std::runtime_error("pdftoppm failed on " + s.file);
    std::vector<std::string> pages;
    for (const auto& e : fs::directory_iterator(work.path())) {
      const std::string name = e.path().filename().string();
      if (name.rfind(s.file + ".page", 0) == 0 && name.find(".txt") == std::string::npos) {
        pages.push_back(e.path().string());
      }
    }
    std::sort(pages.begin(), pages.end());
    if (static_cast<int>(pages.size()) != s.pages) {
      std::printf("note: pdftoppm made %zu pages of %s, manifest says %d\n", pages.size(),
                  s.file.c_str(), s.pages);
    }
    s.page_paths = pages;
  }
  return SecondsSince(start);
}

// The CLI peer: tesseract once per page, phase by phase. Returns the seconds
// of each phase.
std::vector<double> RunCli(const Options& opt, std::vector<Sample>& samples, const TempDir& work) {
  std::vector<double> phase_seconds;
  for (const Group& g : kGroups) {
    std::vector<CommandJob> jobs;
    std::vector<Sample*> owner;
    for (auto& s : samples) {
      if (s.lang != g.lang) continue;
      for (const auto& page : s.page_paths) {
        CommandJob job;
        job.args = {opt.tesseract, page, "stdout", "-l", g.languages, "--oem", "1", "--psm", "3"};
        job.out_path = work.Sub("cli-" + std::to_string(jobs.size()) + "-" + g.lang + ".txt");
        jobs.push_back(std::move(job));
        owner.push_back(&s);
      }
    }
    const double seconds = jobs.empty() ? 0 : RunCommands(jobs, opt.workers);
    phase_seconds.push_back(seconds);
    for (size_t i = 0; i < jobs.size(); ++i) {
      owner[i]->cli_seconds += jobs[i].seconds;
      owner[i]->cli_chars += jobs[i].chars;
      if (jobs[i].exit_code != 0) {
        ++owner[i]->cli_failures;
        std::printf("tesseract failed (%d) on %s: %s\n", jobs[i].exit_code, jobs[i].args[1].c_str(),
                    ReadFile(jobs[i].out_path + ".err").substr(0, 300).c_str());
      }
    }
    std::printf("CLI     %-3s (%s): %2zu pages in %7.2f s = %6.2f pages/min\n", g.lang, g.languages,
                jobs.size(), seconds, PagesPerMinute(static_cast<int>(jobs.size()), seconds));
  }
  return phase_seconds;
}

// A second, informational peer: `saraban extract FILE --lang LANGS`, the
// daemon's own extraction code (type detection, PDF rendering, deskew,
// Tesseract, normalisation) in one process per file, W at a time, without
// HTTP, the store or the job queue. Returns the seconds of each phase.
std::vector<double> RunExtract(const Options& opt, std::vector<Sample>& samples,
                               const TempDir& work) {
  std::vector<double> phase_seconds;
  for (const Group& g : kGroups) {
    std::vector<CommandJob> jobs;
    std::vector<Sample*> owner;
    int pages = 0;
    for (auto& s : samples) {
      if (s.lang != g.lang) continue;
      CommandJob job;
      job.args = {saraban::testing::SarabanBinary(), "extract", opt.samples + "/" + s.file,
                  "--lang", g.languages};
      job.out_path = work.Sub("extract-" + s.file + ".txt");
      jobs.push_back(std::move(job));
      owner.push_back(&s);
      pages += s.pages;
    }
    const double seconds = jobs.empty() ? 0 : RunCommands(jobs, opt.workers);
    phase_seconds.push_back(seconds);
    for (size_t i = 0; i < jobs.size(); ++i) {
      owner[i]->extract_seconds = jobs[i].seconds;
      owner[i]->extract_chars = jobs[i].chars;
      if (jobs[i].exit_code != 0) {
        ++owner[i]->extract_failures;
        std::printf("saraban extract failed (%d) on %s: %s\n", jobs[i].exit_code,
                    owner[i]->file.c_str(),
                    ReadFile(jobs[i].out_path + ".err").substr(0, 300).c_str());
      }
    }
    std::printf("extract %-3s (%s): %2d pages in %7.2f s = %6.2f pages/min\n", g.lang, g.languages,
                pages, seconds, PagesPerMinute(pages, seconds));
  }
  return phase_seconds;
}

double Sum(const std::vector<double>& v) {
  double total = 0;
  for (double x : v) total += x;
  return total;
}

int Run(const Options& opt) {
  std::vector<Sample> samples = ReadManifest(opt.samples);
  const size_t distinct = samples.size();
  for (int k = 1; k < opt.repeat; ++k) {
    for (size_t i = 0; i < distinct; ++i) samples.push_back(samples[i]);
  }
  int pages = 0;
  for (const auto& s : samples) pages += s.pages;
  std::printf("ocr_bench: %zu files (%zu distinct), %d pages from %s, %d workers\n", samples.size(),
              distinct, pages, opt.samples.c_str(), opt.workers);

  const std::vector<double> daemon_phases = RunDaemon(opt, samples);
  TempDir work;
  const double raster_seconds = Rasterise(opt, samples, work);
  const std::vector<double> cli_phases = RunCli(opt, samples, work);
  const std::vector<double> extract_phases = RunExtract(opt, samples, work);

  std::printf("\n%-14s %4s %5s %7s %7s %6s %-6s %7s %6s %7s %6s\n", "file", "lang", "pages",
              "queued", "done", "chars", "method", "CLI s", "chars", "extr s", "chars");
  bool all_done = true;
  int failures = 0;
  for (const auto& s : samples) {
    std::printf("%-14s %4s %5d %7.2f %7.2f %6zu %-6s %7.2f %6zu %7.2f %6zu", s.file.c_str(),
                s.lang.c_str(), s.pages, s.daemon_started_seconds, s.daemon_done_seconds,
                s.daemon_chars, s.daemon_method.c_str(), s.cli_seconds, s.cli_chars,
                s.extract_seconds, s.extract_chars);
    if (s.daemon_status != "done") {
      all_done = false;
      std::printf("  daemon %s: %s", s.daemon_status.c_str(), s.daemon_error.c_str());
    }
    if (s.daemon_status == "done" && s.daemon_pages != s.pages) {
      std::printf("  (daemon counted %d pages)", s.daemon_pages);
    }
    failures += s.cli_failures + s.extract_failures;
    std::printf("\n");
  }
  std::printf(
      "(daemon: seconds from the phase's first upload until the status was first seen running\n"
      " (-1: never seen; polled every %d ms) and done; CLI s: sum of the file's page runs;\n"
      " extr s: the `saraban extract` run; chars: code points of the text)\n\n",
      opt.poll_ms);

  const double daemon_total = Sum(daemon_phases);
  const double cli_total = Sum(cli_phases) + (opt.count_raster ? raster_seconds : 0);
  const double extract_total = Sum(extract_phases);
  const double daemon_ppm = PagesPerMinute(pages, daemon_total);
  const double cli_ppm = PagesPerMinute(pages, cli_total);
  const double extract_ppm = PagesPerMinute(pages, extract_total);
  std::printf("pdftoppm -r 300 -gray: %.2f s (%s)\n", raster_seconds,
              opt.count_raster ? "counted in the CLI figure" : "not counted");
  std::printf("daemon:          %d pages in %7.2f s = %6.2f pages/min\n", pages, daemon_total,
              daemon_ppm);
  std::printf("tesseract CLI:   %d pages in %7.2f s = %6.2f pages/min\n", pages, cli_total,
              cli_ppm);
  std::printf("saraban extract: %d pages in %7.2f s = %6.2f pages/min\n", pages, extract_total,
              extract_ppm);
  std::printf("ratio daemon pages/min / CLI pages/min: %.3f\n",
              cli_ppm > 0 ? daemon_ppm / cli_ppm : 0.0);
  std::printf("ratio saraban extract pages/min / CLI pages/min: %.3f\n",
              cli_ppm > 0 ? extract_ppm / cli_ppm : 0.0);
  std::fflush(stdout);
  return all_done && failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"OCR pages per minute of the saraban daemon against the tesseract command line"};
  Options opt;
  app.add_option("--samples", opt.samples, "Directory with the scans and manifest.tsv")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();
  app.add_option("--workers", opt.workers,
                 "Daemon OCR workers and parallel tesseract processes (default: CPUs)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--poll-ms", opt.poll_ms, "Attachment status poll interval")
      ->check(CLI::Range(10, 10000))
      ->capture_default_str();
  app.add_option("--timeout", opt.timeout_seconds, "Seconds to wait for one phase")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  app.add_option("--repeat", opt.repeat,
                 "Upload (and OCR) every sample this many times: a longer queue per phase")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_flag("--count-raster", opt.count_raster,
               "Count the pdftoppm rasterisation in the CLI figure");
  app.add_option("--tesseract", opt.tesseract, "The tesseract command")->capture_default_str();
  app.add_option("--pdftoppm", opt.pdftoppm, "The pdftoppm command")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    return Run(opt);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::cerr << "ocr_bench: " << e.what() << "\n";
    return 2;
  }
}
