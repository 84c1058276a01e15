// backup_bench: how fast does `saraban backup create` write an office to a
// backup folder, and `saraban backup restore` bring it back, compared with the
// obvious shell pipeline on the same directory?
//
// Setup (not timed as backup): `saraban init` makes a data directory under
// --workdir, `saraban serve --ocr-workers 0` runs on it (no OCR, so nothing
// but the uploads touches the CPU), and a registrar uploads --gigabytes of
// attachments through the HTTP API, as clerks would: POST /api/v1/letters,
// then POST /api/v1/letters/{id}/attachments?filename=... with the raw bytes,
// 1 to 4 scans per letter and sometimes a text file. A "scan" is one of the
// sample scans in /work/shared/samples/ocr (PNG, JPEG, the image-only PDF:
// the daemon's libmagic check must still call it png/jpeg/pdf) followed by
// random bytes up to 1-4 MB: the samples are only 70-900 KB, and real scans
// are a few MB of already-compressed data that zstd cannot shrink (the large
// samples compress to 1.000 with zstd -3), so random bytes stand in for the
// extra pages; they also make every blob distinct. Text files (20-200 KB of
// lines from the samples' ground-truth texts) are the compressible part.
//
// Measured, all while the daemon runs (a backup of a live office is the real
// use), on the same directory in the same run:
//   - peer backup: `tar -C DATA -cf - . | zstd -T1 -3 | openssl enc
//     -aes-256-cbc -pbkdf2 -pass file:F -out OUT`, then (timed apart) an fsync
//     of OUT; peer restore: `openssl enc -d ... | zstd -d | tar -x`, then
//     (timed apart) an fsync of every file and folder it wrote. Tar of a live
//     LMDB file is not a consistent copy, but the daemon is idle and this is
//     about throughput. The peer runs first, so that the disk never holds
//     more than three copies of the data.
//   - `saraban backup create --data DATA --to TARGET --passphrase-file F`
//     (a compact LMDB snapshot, one pass over the blobs: SHA-256 check, pax,
//     zstd level 3 in the calling thread (libarchive's zstd filter, no worker
//     threads), AES-256-GCM chunks, fsync of the archive; plus one Argon2id
//     run to derive the key from the passphrase).
//   - `saraban backup restore ARCHIVE --data NEW --passphrase-file F`
//     (decrypt, unpack, SHA-256 check, fsync of every file, then the search
//     index rebuilt from the restored store).
//   - then 1% more attachments (by bytes) through the API, and an incremental
//     `saraban backup create` into the same TARGET, against the full one.
// Rates are MB/s (10^6 bytes) of attachment bytes plus the LMDB file, the
// same byte count for both sides, so the ratio ours/peer is a ratio of wall
// times. CPU seconds (user + sys of the child processes) are printed too: a
// pipeline of three processes uses both cores, our backup one thread.
//
// Everything lives in a fresh folder under --workdir (default $TMPDIR or
// /tmp), removed at the end; the run refuses to start when that file system
// has less than about three times the data free.
//
// This is a program, not a test: it is not registered with ctest.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "bench_util.h"
#include "http_client.h"
#include "letter_generator.h"
#include "process.h"

extern char** environ;

namespace {

using saraban::bench::Clock;
using saraban::bench::PhaseResult;
using saraban::bench::Rng;
using saraban::bench::SecondsSince;
using saraban::bench::UrlEncode;
using saraban::testing::CommandResult;
using saraban::testing::DaemonOptions;
using saraban::testing::HttpClient;
using saraban::testing::HttpResult;
using saraban::testing::RunSaraban;
using saraban::testing::TestDaemon;
namespace fs = std::filesystem;

constexpr char kAdmin[] = "admin";
constexpr char kAdminPassword[] = "bench-admin-password-1";
constexpr char kRegistrar[] = "bench_backup_registrar";
constexpr char kRegistrarPassword[] = "bench-registrar-password-1";
constexpr char kPassphrase[] = "ລະຫັດສຳຮອງ correct horse battery 2026";
constexpr double kMB = 1e6;

struct Options {
  double gigabytes = 2.0;
  std::string workdir;  // default: $TMPDIR or /tmp
  std::string samples = "/work/shared/samples/ocr";
  double scan_min_mb = 1.0;
  double scan_max_mb = 4.0;
  double increment_percent = 1.0;
  int upload_clients = 2;
  uint64_t seed = 1;
  bool keep = false;
};

// The sample files an attachment starts with.
struct Samples {
  std::vector<std::string> scans;        // file contents: PNG, JPEG, PDF
  std::vector<std::string> scan_kinds;   // what the daemon must call them
  std::vector<std::string> scan_suffix;  // ".png", ".jpg", ".pdf"
  std::vector<std::string> text_lines;   // lines of the ground-truth texts
};

// One attachment to upload.
struct Item {
  size_t letter = 0;  // index into the letter list
  bool text = false;  // a text file, else a scan
  size_t sample = 0;  // which scan it starts with
  uint64_t size = 0;  // bytes
  uint64_t seed = 0;  // for its random bytes or line choice
};

struct Plan {
  size_t letters = 0;  // letters this plan adds
  std::vector<Item> items;
  uint64_t bytes = 0;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Samples LoadSamples(const std::string& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  Samples s;
  for (const auto& p : files) {
    const std::string ext = p.extension().string();
    if (ext == ".png" || ext == ".jpg" || ext == ".pdf") {
      s.scans.push_back(ReadFile(p.string()));
      s.scan_kinds.push_back(ext == ".png" ? "png" : ext == ".jpg" ? "jpeg" : "pdf");
      s.scan_suffix.push_back(ext);
    } else if (ext == ".txt") {
      std::stringstream text(ReadFile(p.string()));
      std::string line;
      while (std::getline(text, line)) {
        if (!line.empty()) s.text_lines.push_back(line);
      }
    }
  }
  if (s.scans.empty() || s.text_lines.empty()) {
    throw std::runtime_error("no sample scans (*.png, *.jpg, *.pdf) or texts (*.txt) in " + dir);
  }
  return s;
}

// Letters with 1-4 scans each and a text file on 40% of them, until `bytes`.
Plan MakePlan(const Options& opt, const Samples& samples, uint64_t bytes, size_t first_letter,
              Rng& rng) {
  Plan plan;
  const auto scan_min = static_cast<uint64_t>(opt.scan_min_mb * kMB);
  const auto scan_max = std::max(scan_min, static_cast<uint64_t>(opt.scan_max_mb * kMB));
  while (plan.bytes < bytes) {
    const size_t letter = first_letter + plan.letters++;
    const int scans = 1 + static_cast<int>(rng.Below(4));
    for (int i = 0; i < scans && plan.bytes < bytes; ++i) {
      Item item{.letter = letter,
                .sample = rng.Below(samples.scans.size()),
                .size = scan_min + rng.Below(scan_max - scan_min + 1),
                .seed = rng.Next()};
      item.size = std::max<uint64_t>(item.size, samples.scans[item.sample].size() + 16);
      plan.bytes += item.size;
      plan.items.push_back(item);
    }
    if (plan.bytes < bytes && rng.Chance(40)) {
      Item item{
          .letter = letter, .text = true, .size = 20'000 + rng.Below(180'001), .seed = rng.Next()};
      plan.bytes += item.size;
      plan.items.push_back(item);
    }
  }
  return plan;
}

// The bytes of one attachment: a sample scan followed by random bytes (every
// blob distinct), or UTF-8 text lines.
std::string Content(const Samples& samples, const Item& item) {
  Rng rng(item.seed);
  std::string out;
  out.reserve(item.size + 512);
  if (item.text) {
    size_t n = 0;
    while (out.size() < item.size) {
      out += std::to_string(++n) + ". " + rng.Pick(samples.text_lines) + "\n";
    }
    // Cut at a line end so that the file stays valid UTF-8.
    const size_t cut = out.rfind('\n', item.size);
    out.resize(cut == std::string::npos ? out.size() : cut + 1);
    return out;
  }
  out = samples.scans[item.sample];
  while (out.size() < item.size) {
    const uint64_t r = rng.Next();
    out.append(reinterpret_cast<const char*>(&r), std::min<size_t>(8, item.size - out.size()));
  }
  return out;
}

std::string FileName(const Samples& samples, const Item& item, size_t index) {
  char name[64];
  std::snprintf(name, sizeof name, "%s-%06zu%s", item.text ? "notes" : "scan", index,
                item.text ? ".txt" : samples.scan_suffix[item.sample].c_str());
  return name;
}

// Registers the plan's letters and uploads its attachments from
// `clients` (one HttpClient each). Throws on any failure.
void Upload(const std::string& what, const Samples& samples, const Plan& plan,
            size_t first_item_name, size_t first_letter, std::vector<uint64_t>& letter_ids,
            std::vector<std::unique_ptr<HttpClient>>& clients, uint64_t seed) {
  const auto start = Clock::now();
  letter_ids.resize(first_letter + plan.letters);
  for (size_t i = 0; i < plan.letters; ++i) {
    const size_t letter = first_letter + i;
    HttpResult r = clients[0]->Post(
        "/api/v1/letters",
        saraban::bench::LetterRequestJson(saraban::bench::GenerateLetter(seed, letter), 1));
    if (r.status != 201) throw std::runtime_error("registering a letter failed: " + r.body);
    letter_ids[letter] = r.json().value("id", uint64_t{0});
  }
  std::mutex mu;
  std::vector<std::string> errors;
  PhaseResult phase = saraban::bench::RunTimed(
      static_cast<int>(clients.size()), static_cast<int>(plan.items.size()), [&](int t, int i) {
        const Item& item = plan.items[static_cast<size_t>(i)];
        const std::string body = Content(samples, item);
        const std::string name = FileName(samples, item, first_item_name + static_cast<size_t>(i));
        HttpResult r = clients[static_cast<size_t>(t)]->Request(
            "POST",
            "/api/v1/letters/" + std::to_string(letter_ids[item.letter]) +
                "/attachments?filename=" + UrlEncode(name),
            body, {"Content-Type: application/octet-stream"});
        const std::string want = item.text ? "text" : samples.scan_kinds[item.sample];
        std::string kind;
        if (r.status == 201) kind = r.json().value("kind", "");
        if (r.status == 201 && kind == want) return true;
        std::lock_guard<std::mutex> lock(mu);
        if (errors.size() < 5) {
          errors.push_back(name + ": " + std::to_string(r.status) + " kind '" + kind + "' (want " +
                           want + ") " + (r.status == 0 ? r.error : r.body.substr(0, 300)));
        }
        return false;
      });
  const double seconds = SecondsSince(start);
  std::map<std::string, std::pair<size_t, uint64_t>> kinds;  // kind -> files, bytes
  for (const Item& item : plan.items) {
    auto& k = kinds[item.text ? "text" : samples.scan_kinds[item.sample]];
    ++k.first;
    k.second += item.size;
  }
  std::string mix;
  for (const auto& [kind, k] : kinds) {
    char part[96];
    std::snprintf(part, sizeof part, "%s%zu %s %.1f MB", mix.empty() ? "" : ", ", k.first,
                  kind.c_str(), k.second / kMB);
    mix += part;
  }
  std::printf(
      "%s: %zu letters, %zu attachments (%s), %.1f MB in %.1f s (%.1f MB/s, %zu "
      "clients)\n",
      what.c_str(), plan.letters, plan.items.size(), mix.c_str(), plan.bytes / kMB, seconds,
      plan.bytes / kMB / seconds, clients.size());
  if (phase.errors > 0) {
    for (const auto& e : errors) std::printf("  error: %s\n", e.c_str());
    throw std::runtime_error(std::to_string(phase.errors) + " uploads failed");
  }
}

// Sum of the sizes of the regular files under `dir` (0 if absent).
uint64_t TreeBytes(const std::string& dir, size_t* files = nullptr) {
  uint64_t total = 0;
  size_t count = 0;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) {
      total += e.file_size();
      ++count;
    }
  }
  if (files) *files = count;
  return total;
}

uint64_t FileBytes(const std::string& path) {
  std::error_code ec;
  const auto n = fs::file_size(path, ec);
  return ec ? 0 : static_cast<uint64_t>(n);
}

// User + system seconds of the children waited for so far (and of their
// waited-for descendants, so a bash pipeline counts whole).
double ChildCpuSeconds() {
  struct rusage ru {};
  getrusage(RUSAGE_CHILDREN, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

struct Timed {
  double seconds = 0;
  double cpu_seconds = 0;
};

// Runs `script` with bash; its output goes to files in `dir`. Throws with
// the script's stderr when it fails.
Timed RunShell(const std::string& script, const std::string& dir) {
  const std::string err_path = dir + "/shell.err";
  const double cpu_before = ChildCpuSeconds();
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int devnull = open("/dev/null", O_RDWR);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(devnull, 0);
    dup2(devnull, 1);
    dup2(err, 2);
    execle("/bin/bash", "bash", "-c", script.c_str(), static_cast<char*>(nullptr), environ);
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  Timed t{SecondsSince(start), ChildCpuSeconds() - cpu_before};
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("the peer command failed:\n  " + script + "\n" + ReadFile(err_path));
  }
  return t;
}

// `saraban ARGS`, timed; throws when it fails.
Timed RunSarabanTimed(const std::vector<std::string>& args, CommandResult* result) {
  const double cpu_before = ChildCpuSeconds();
  const auto start = Clock::now();
  *result = RunSaraban(args);
  Timed t{SecondsSince(start), ChildCpuSeconds() - cpu_before};
  if (result->exit_code != 0) {
    std::string cmd = "saraban";
    for (const auto& a : args) cmd += " " + a;
    throw std::runtime_error(cmd + " failed (" + std::to_string(result->exit_code) + "):\n" +
                             result->out + result->err);
  }
  return t;
}

// fsync of `path`, and of everything under it when it is a folder. Seconds.
double FsyncTree(const std::string& path) {
  const auto start = Clock::now();
  auto sync_one = [](const std::string& p) {
    const int fd = open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot open " + p + " to fsync it");
    const int rc = fsync(fd);
    close(fd);
    if (rc != 0) throw std::runtime_error("fsync " + p + " failed");
  };
  if (fs::is_directory(path)) {
    for (const auto& e : fs::recursive_directory_iterator(path)) {
      if (e.is_regular_file() || e.is_directory()) sync_one(e.path().string());
    }
  }
  sync_one(path);
  return SecondsSince(start);
}

// "key: value" from the CLI's output, up to the end of the line or `stop`.
std::string Field(const std::string& out, const std::string& key, char stop = '\n') {
  const size_t at = out.find(key);
  if (at == std::string::npos) return "";
  const size_t begin = at + key.size();
  size_t end = out.find_first_of(std::string(1, stop) + "\n", begin);
  if (end == std::string::npos) end = out.size();
  return out.substr(begin, end - begin);
}

// Shell quoting for paths in the peer's scripts.
std::string Quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

// A fresh folder under the work directory, removed with everything in it.
class RunDir {
 public:
  RunDir(const std::string& base, bool keep) : keep_(keep) {
    std::string tmpl = base + "/saraban-backup-bench-XXXXXX";
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a folder in " + base);
    path_ = tmpl;
  }
  ~RunDir() {
    if (keep_) {
      std::printf("kept %s\n", path_.c_str());
      return;
    }
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  RunDir(const RunDir&) = delete;
  RunDir& operator=(const RunDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
  bool keep_;
};

void Remove(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
}

double Rate(uint64_t bytes, double seconds) { return saraban::bench::Rate(bytes / kMB, seconds); }

void PrintTimed(const char* label, const Timed& t, uint64_t bytes) {
  std::printf("%-34s %8.2f s  %7.1f MB/s  CPU %7.2f s (%.2f cores)\n", label, t.seconds,
              Rate(bytes, t.seconds), t.cpu_seconds,
              t.seconds > 0 ? t.cpu_seconds / t.seconds : 0.0);
}

int Run(const Options& opt) {
  std::string workdir = opt.workdir;
  if (workdir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    workdir = tmp && *tmp ? tmp : "/tmp";
  }
  const auto target_bytes = static_cast<uint64_t>(opt.gigabytes * 1e9);
  {
    struct statvfs vfs {};
    if (statvfs(workdir.c_str(), &vfs) != 0) {
      throw std::runtime_error("cannot stat the file system of " + workdir);
    }
    const double free_bytes = static_cast<double>(vfs.f_bavail) * static_cast<double>(vfs.f_frsize);
    // At the peak: the office, a backup of it and a restored copy, plus the
    // 1% increment, the store and the search index.
    const double needed = 3.1 * static_cast<double>(target_bytes) + 256e6;
    std::printf("workdir %s: %.1f GB free, this run needs about %.1f GB\n", workdir.c_str(),
                free_bytes / 1e9, needed / 1e9);
    if (free_bytes < needed) {
      std::fprintf(stderr,
                   "backup_bench: not enough free space in %s: %.1f GB free, about %.1f GB "
                   "needed (3 x %.1f GB: the office, a backup, a restored copy). Pass --workdir "
                   "on a larger file system or a smaller --gigabytes.\n",
                   workdir.c_str(), free_bytes / 1e9, needed / 1e9, opt.gigabytes);
      return 2;
    }
  }
  const Samples samples = LoadSamples(opt.samples);
  RunDir run(workdir, opt.keep);
  // The daemon's and the CLI helpers' temporary folders go there too.
  setenv("TMPDIR", run.path().c_str(), 1);
  const std::string data = run.Sub("data"), target = run.Sub("usb"),
                    pass_file = run.Sub("passphrase");
  {
    std::ofstream pass(pass_file, std::ios::binary);
    pass << kPassphrase << "\n";
  }
  fs::create_directories(target);

  CommandResult init =
      RunSaraban({"init", "--data", data, "--org", "ແຂວງວຽງຈັນ - Backup bench", "--admin", kAdmin},
                 {std::string("SARABAN_ADMIN_PASSWORD=") + kAdminPassword});
  if (init.exit_code != 0) throw std::runtime_error("saraban init failed: " + init.err);
  DaemonOptions daemon_options;
  daemon_options.existing_data_dir = data;
  daemon_options.admin = kAdmin;
  daemon_options.admin_password = kAdminPassword;
  daemon_options.serve_args = {"--ocr-workers", "0"};
  TestDaemon daemon(daemon_options);
  std::printf("daemon: %s, --ocr-workers 0, data in %s\n", daemon.base_url().c_str(), data.c_str());

  HttpClient admin(daemon.base_url());
  if (HttpResult r = admin.Login(kAdmin, kAdminPassword); r.status != 200) {
    throw std::runtime_error("admin login failed: " + r.body);
  }
  HttpResult user = admin.Post("/api/v1/users", {{"username", kRegistrar},
                                                 {"display_name", "ນາງ ບົວພັນ ສີສຸວັນ"},
                                                 {"roles", {"central_registrar"}},
                                                 {"unit_ids", {1}},
                                                 {"clearance", "top_secret"},
                                                 {"password", kRegistrarPassword}});
  if (user.status != 201) throw std::runtime_error("creating the registrar failed: " + user.body);
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int c = 0; c < opt.upload_clients; ++c) {
    clients.push_back(std::make_unique<HttpClient>(daemon.base_url()));
    if (HttpResult r = clients.back()->Login(kRegistrar, kRegistrarPassword); r.status != 200) {
      throw std::runtime_error("registrar login failed: " + r.body);
    }
  }

  Rng rng(opt.seed);
  std::vector<uint64_t> letter_ids;
  const Plan plan = MakePlan(opt, samples, target_bytes, 0, rng);
  Upload("upload", samples, plan, 0, 0, letter_ids, clients, opt.seed);

  size_t blob_files = 0;
  const uint64_t blob_bytes = TreeBytes(data + "/blobs", &blob_files);
  const uint64_t store_bytes = FileBytes(data + "/store/data.mdb");
  const uint64_t bytes = blob_bytes + store_bytes;
  const uint64_t dir_bytes = TreeBytes(data);
  std::printf(
      "office: %zu blobs, %.1f MB; store/data.mdb %.1f MB; rate basis %.1f MB; whole "
      "folder (what tar reads) %.1f MB\n",
      blob_files, blob_bytes / kMB, store_bytes / kMB, bytes / kMB, dir_bytes / kMB);
  std::printf(
      "zstd: ours = libarchive's zstd filter, level 3, no worker threads (compresses in "
      "the backup's one thread); peer = zstd -3 -T1 (one worker thread) in a 3-process "
      "pipeline\n");

  // Peer, backup.
  const std::string peer_out = run.Sub("peer.tar.zst.enc"), peer_new = run.Sub("peer-restore");
  const std::string pass = "file:" + pass_file;
  // GNU tar exits 1 when a file changed while it was read (the live store):
  // accepted, as the copy is for throughput only.
  const std::string peer_backup = "tar -C " + Quote(data) + " -cf - . | zstd -q -T1 -3" +
                                  " | openssl enc -aes-256-cbc -pbkdf2 -pass " + Quote(pass) +
                                  " -out " + Quote(peer_out) +
                                  "; s=(\"${PIPESTATUS[@]}\"); [ \"${s[0]}\" -le 1 ] &&" +
                                  " [ \"${s[1]}\" -eq 0 ] && [ \"${s[2]}\" -eq 0 ]";
  const Timed peer_create = RunShell(peer_backup, run.path());
  const double peer_create_sync = FsyncTree(peer_out);
  const uint64_t peer_archive = FileBytes(peer_out);
  // Peer, restore.
  fs::create_directories(peer_new);
  const Timed peer_restore = RunShell(
      "set -o pipefail; openssl enc -d -aes-256-cbc -pbkdf2 -pass " + Quote(pass) + " -in " +
          Quote(peer_out) + " | zstd -q -d | tar -C " + Quote(peer_new) + " -xf -",
      run.path());
  const double peer_restore_sync = FsyncTree(peer_new);
  const uint64_t peer_restored = TreeBytes(peer_new + "/blobs");
  if (peer_restored != blob_bytes) {
    throw std::runtime_error("the peer restored " + std::to_string(peer_restored) +
                             " blob bytes of " + std::to_string(blob_bytes));
  }
  Remove(peer_new);
  Remove(peer_out);

  // One Argon2id derivation (what every create and restore pays once), as
  // `saraban backup setup` into a scratch folder: process start included.
  Timed argon;
  {
    const std::string scratch = run.Sub("keys-scratch");
    fs::create_directories(scratch);
    CommandResult r;
    argon = RunSarabanTimed(
        {"backup", "setup", "--data", scratch, "--passphrase-file", pass_file, "--no-recovery-key"},
        &r);
    Remove(scratch);
  }

  // Ours, full backup.
  CommandResult created;
  const Timed create = RunSarabanTimed(
      {"backup", "create", "--data", data, "--to", target, "--passphrase-file", pass_file},
      &created);
  const std::string archive = Field(created.out, "backup written: ");
  const uint64_t archive_bytes = FileBytes(archive);
  const std::string full_new_files = Field(created.out, "new files: ", ';');
  // Ours, restore.
  const std::string restored = run.Sub("restored");
  CommandResult restore_out;
  const Timed restore = RunSarabanTimed(
      {"backup", "restore", archive, "--data", restored, "--passphrase-file", pass_file},
      &restore_out);
  const std::string indexed = Field(restore_out.out, "restored into ");
  const uint64_t restored_blobs = TreeBytes(restored + "/blobs");
  if (restored_blobs != blob_bytes) {
    throw std::runtime_error("the restore wrote " + std::to_string(restored_blobs) +
                             " blob bytes of " + std::to_string(blob_bytes));
  }
  Remove(restored);

  // +1%, incremental.
  Rng more_rng(opt.seed + 1000);
  const Plan more =
      MakePlan(opt, samples,
               static_cast<uint64_t>(static_cast<double>(blob_bytes) * opt.increment_percent / 100),
               plan.letters, more_rng);
  Upload("upload +" + std::to_string(opt.increment_percent).substr(0, 4) + "%", samples, more,
         plan.items.size(), plan.letters, letter_ids, clients, opt.seed);
  CommandResult incremental_out;
  const Timed incremental = RunSarabanTimed(
      {"backup", "create", "--data", data, "--to", target, "--passphrase-file", pass_file},
      &incremental_out);
  const std::string incremental_archive = Field(incremental_out.out, "backup written: ");
  const uint64_t incremental_bytes = FileBytes(incremental_archive);
  const std::string new_files = Field(incremental_out.out, "new files: ", ';');
  const std::string reused = Field(incremental_out.out, "files already on the drive: ");

  const int stop_code = daemon.Stop();
  if (stop_code != 0) std::printf("daemon exited with %d:\n%s\n", stop_code, daemon.Log().c_str());

  std::printf("\nrate basis: %.1f MB (attachments %.1f MB + store %.1f MB)\n", bytes / kMB,
              blob_bytes / kMB, store_bytes / kMB);
  PrintTimed("peer backup (tar|zstd|openssl)", peer_create, bytes);
  std::printf("%-34s %8.2f s  %7.1f MB/s  (archive %.1f MB, %.4f of the folder)\n",
              "  + fsync of its output", peer_create.seconds + peer_create_sync,
              Rate(bytes, peer_create.seconds + peer_create_sync), peer_archive / kMB,
              static_cast<double>(peer_archive) / static_cast<double>(dir_bytes));
  PrintTimed("saraban backup create (full)", create, bytes);
  std::printf("  archive %.1f MB (%.4f of the rate basis), new files: %s\n", archive_bytes / kMB,
              static_cast<double>(archive_bytes) / static_cast<double>(bytes),
              full_new_files.c_str());
  PrintTimed("peer restore (openssl|zstd|tar)", peer_restore, bytes);
  std::printf("%-34s %8.2f s  %7.1f MB/s\n", "  + fsync of every file",
              peer_restore.seconds + peer_restore_sync,
              Rate(bytes, peer_restore.seconds + peer_restore_sync));
  PrintTimed("saraban backup restore", restore, bytes);
  std::printf("  restored into %s\n", indexed.c_str());
  std::printf("one Argon2id (m=64 MiB, t=3, p=1) as `saraban backup setup`: %.2f s\n",
              argon.seconds);
  std::printf("ratio backup/peer  (MB/s): %.3f  (peer with fsync: %.3f)\n",
              peer_create.seconds / create.seconds,
              (peer_create.seconds + peer_create_sync) / create.seconds);
  std::printf("ratio restore/peer (MB/s): %.3f  (peer with fsync: %.3f)\n",
              peer_restore.seconds / restore.seconds,
              (peer_restore.seconds + peer_restore_sync) / restore.seconds);
  std::printf(
      "incremental backup after +%.1f MB in %zu attachments: %.2f s (CPU %.2f s), "
      "archive %.1f MB, new files: %s, files already on the drive: %s; vs full: %.3f "
      "of the time, %.4f of the size\n",
      more.bytes / kMB, more.items.size(), incremental.seconds, incremental.cpu_seconds,
      incremental_bytes / kMB, new_files.c_str(), reused.c_str(),
      incremental.seconds / create.seconds,
      static_cast<double>(incremental_bytes) / static_cast<double>(archive_bytes));
  std::fflush(stdout);
  const bool ok = stop_code == 0 && new_files == std::to_string(more.items.size());
  if (!ok) std::printf("FAIL: expected new files: %zu\n", more.items.size());
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Backup and restore throughput of saraban against tar | zstd | openssl"};
  Options opt;
  app.add_option("--gigabytes", opt.gigabytes, "Attachments to upload, in GB (10^9 bytes)")
      ->check(CLI::Range(0.001, 1000.0))
      ->capture_default_str();
  app.add_option("--workdir", opt.workdir,
                 "Where the office, backups and restores go (default: $TMPDIR or /tmp)");
  app.add_option("--samples", opt.samples, "Folder with the sample scans and texts")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();
  app.add_option("--scan-min-mb", opt.scan_min_mb, "Smallest scan, MB")
      ->check(CLI::Range(0.001, 100.0))
      ->capture_default_str();
  app.add_option("--scan-max-mb", opt.scan_max_mb, "Largest scan, MB")
      ->check(CLI::Range(0.001, 100.0))
      ->capture_default_str();
  app.add_option("--increment-percent", opt.increment_percent,
                 "New attachments before the incremental backup, % of the attachment bytes")
      ->check(CLI::Range(0.01, 100.0))
      ->capture_default_str();
  app.add_option("--upload-clients", opt.upload_clients, "Concurrent uploading clients")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--seed", opt.seed, "Seed of the letters and attachments")->capture_default_str();
  app.add_flag("--keep", opt.keep, "Keep the work folder (and print where it is)");
  CLI11_PARSE(app, argc, argv);

  try {
    std::printf("backup_bench: %.2f GB of attachments\n", opt.gigabytes);
    return Run(opt);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::cerr << "backup_bench: " << e.what() << "\n";
    return 2;
  }
}
