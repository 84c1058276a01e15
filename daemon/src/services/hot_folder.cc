#include "services/hot_folder.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

#include "ocr/ocr.h"
#include "services/attachments.h"
#include "services/letters.h"
#include "services/ocr_pool.h"

namespace saraban::services {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr char kDone[] = "done";
constexpr char kFailed[] = "failed";
// Unit folders are made again this often, so a new unit gets one.
constexpr auto kUnitRefresh = std::chrono::seconds(5);
// Without inotify events the tree is still looked at this often (a missed
// event, a file whose size stays but whose time moves).
constexpr int kIdlePollMs = 2000;
constexpr int kBusyPollMs = 250;

// Hidden files are the scanner's or Samba's own temporaries (".~lock", ".tmp").
bool Hidden(const fs::path& p) { return p.filename().string().starts_with("."); }

bool IsRegular(const fs::path& p) {
  std::error_code ec;
  return fs::symlink_status(p, ec).type() == fs::file_type::regular;
}
bool IsDirectory(const fs::path& p) {
  std::error_code ec;
  return fs::symlink_status(p, ec).type() == fs::file_type::directory;
}

// The regular files of an item in name order: itself, or everything under a
// job folder. Symbolic links are never followed: a share user must not make
// the daemon read its own files.
std::vector<fs::path> FilesOf(const fs::path& item) {
  std::vector<fs::path> files;
  if (IsRegular(item)) {
    files.push_back(item);
    return files;
  }
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(item, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (Hidden(it->path())) {
      if (IsDirectory(it->path())) it.disable_recursion_pending();
      continue;
    }
    if (IsRegular(it->path())) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// A free name in `dir` for `name`: "scan.pdf", then "scan (2).pdf", ...
fs::path FreeName(const fs::path& dir, const fs::path& name) {
  std::error_code ec;
  fs::path target = dir / name;
  for (int i = 2; fs::exists(fs::symlink_status(target, ec)); ++i) {
    target =
        dir / (name.stem().string() + " (" + std::to_string(i) + ")" + name.extension().string());
  }
  return target;
}

Result<size_t> ReadSome(int fd, char* buf, size_t n) {
  for (;;) {
    const ssize_t got = ::read(fd, buf, n);
    if (got >= 0) return static_cast<size_t>(got);
    if (errno != EINTR) return MakeError(Errc::kIo, std::string("read: ") + strerror(errno));
  }
}

}  // namespace

HotFolder::HotFolder(store::Store& store, store::BlobStore& blobs, OcrPool* ocr,
                     HotFolderOptions options)
    : store_(store), blobs_(blobs), ocr_(ocr), options_(std::move(options)) {}

std::string HotFolder::FolderName(const std::string& unit_code) {
  std::string name = unit_code;
  for (char& c : name) {
    if (std::string_view("/\\:*?\"<>|").find(c) != std::string_view::npos ||
        static_cast<unsigned char>(c) < 0x20) {
      c = '_';
    }
  }
  if (name == kDone || name == kFailed || name.empty() || name.starts_with(".")) name = "_" + name;
  return name;
}

Status HotFolder::Start() {
  std::error_code ec;
  fs::create_directories(options_.root, ec);
  if (ec) {
    return MakeError(Errc::kIo,
                     "cannot create the hot folder " + options_.root + ": " + ec.message(),
                     "check --hot-folder and the service's ReadWritePaths");
  }
  inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  stop_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (inotify_fd_ < 0 || stop_fd_ < 0) {
    return MakeError(Errc::kIo, std::string("inotify: ") + strerror(errno),
                     "raise fs.inotify.max_user_instances");
  }
  MakeUnitFolders();
  thread_ = std::thread([this] { Loop(); });
  return Status::Ok();
}

void HotFolder::Stop() {
  if (thread_.joinable()) {
    const uint64_t one = 1;
    (void)!::write(stop_fd_, &one, sizeof one);
    thread_.join();
  }
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
  if (stop_fd_ >= 0) ::close(stop_fd_);
  inotify_fd_ = stop_fd_ = -1;
}

void HotFolder::Watch(const std::string& dir) {
  // Adding a watch twice returns the same descriptor; a watch goes away by
  // itself when its folder is deleted or moved off the watched tree's events
  // (done/ and failed/ are never watched).
  (void)inotify_add_watch(inotify_fd_, dir.c_str(),
                          IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM |
                              IN_DELETE | IN_ATTRIB | IN_ONLYDIR);
}

void HotFolder::Loop() {
  for (;;) {
    Scan();
    pollfd fds[2] = {{.fd = stop_fd_, .events = POLLIN}, {.fd = inotify_fd_, .events = POLLIN}};
    const int wait = seen_.empty() ? kIdlePollMs : kBusyPollMs;
    if (::poll(fds, 2, wait) < 0 && errno != EINTR) return;
    if (fds[0].revents & POLLIN) return;
    if (fds[1].revents & POLLIN) {
      // The events only say "look again": the scan reads the tree itself.
      alignas(inotify_event) char buf[16 * 1024];
      while (::read(inotify_fd_, buf, sizeof buf) > 0) {
      }
    }
  }
}

void HotFolder::MakeUnitFolders() {
  units_loaded_ = Clock::now();
  auto units = store_.Read([](const store::ReadTxn& txn) { return txn.ListUnits(); });
  if (!units) {
    std::fprintf(stderr, "saraban: hot folder: cannot list units: %s\n",
                 units.error().message.c_str());
    return;
  }
  units_.clear();
  for (const store::Unit& u : *units) {
    if (!u.active || !u.keeps_books) continue;
    const std::string name = FolderName(u.code);
    units_[name] = u.id;
    std::error_code ec;
    for (const char* sub : {kDone, kFailed}) {
      fs::create_directories(fs::path(options_.root) / name / sub, ec);
    }
    if (ec) {
      std::fprintf(stderr, "saraban: hot folder: cannot create %s: %s\n", name.c_str(),
                   ec.message().c_str());
    }
  }
}

void HotFolder::Scan() {
  const auto now = Clock::now();
  if (now - units_loaded_ >= kUnitRefresh) MakeUnitFolders();
  Watch(options_.root);
  // (folder, item): files straight in the root are items of the root.
  std::vector<std::pair<std::string, std::string>> items;
  std::error_code ec;
  for (const auto& top : fs::directory_iterator(options_.root, ec)) {
    if (Hidden(top.path())) continue;
    if (IsRegular(top.path())) {
      items.emplace_back(options_.root, top.path().string());
      continue;
    }
    if (!IsDirectory(top.path())) continue;
    Watch(top.path().string());
    std::error_code ec2;
    for (const auto& entry : fs::directory_iterator(top.path(), ec2)) {
      const std::string name = entry.path().filename().string();
      if (Hidden(entry.path()) || name == kDone || name == kFailed) continue;
      if (IsDirectory(entry.path())) {
        for (auto it = fs::recursive_directory_iterator(entry.path(), ec2);
             !ec2 && it != fs::recursive_directory_iterator(); it.increment(ec2)) {
          if (IsDirectory(it->path())) Watch(it->path().string());
        }
        Watch(entry.path().string());
      } else if (!IsRegular(entry.path())) {
        continue;
      }
      items.emplace_back(top.path().string(), entry.path().string());
    }
  }

  std::set<std::string> present;
  for (const auto& [folder, item] : items) {
    if (stuck_.contains(item)) continue;
    present.insert(item);
    Seen now_seen{.since = now};
    for (const fs::path& f : FilesOf(item)) {
      std::error_code e;
      const auto size = fs::file_size(f, e);
      const auto mtime = fs::last_write_time(f, e);
      if (e) continue;
      now_seen.bytes += size;
      now_seen.files += 1;
      now_seen.newest_mtime_ns = std::max<int64_t>(
          now_seen.newest_mtime_ns,
          std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count());
    }
    auto [it, fresh] = seen_.try_emplace(item, now_seen);
    Seen& s = it->second;
    if (!fresh && (s.bytes != now_seen.bytes || s.files != now_seen.files ||
                   s.newest_mtime_ns != now_seen.newest_mtime_ns)) {
      s = now_seen;  // still being written: the quiet time starts again
    }
    // An empty job folder waits for its pages.
    if (s.files == 0 || now - s.since < options_.quiet) continue;
    Take(folder, item);
    seen_.erase(item);
    present.erase(item);
  }
  std::erase_if(seen_, [&](const auto& kv) { return !present.contains(kv.first); });
}

void HotFolder::Take(const std::string& folder, const std::string& item) {
  const fs::path name = fs::path(item).filename();
  const std::string shown = fs::relative(item, options_.root).string();
  Result<uint64_t> letter =
      folder == options_.root
          ? Result<uint64_t>(MakeError(
                Errc::kInvalidArgument, "the scan is not in a unit's folder",
                "scanners must save into the folder named by the unit's code, e.g. " +
                    (units_.empty() ? std::string("ROOT/<code>/") : units_.begin()->first + "/")))
          : Ingest(folder, item);
  std::error_code ec;
  if (letter) {
    const fs::path target = FreeName(fs::path(folder) / kDone, name);
    fs::rename(item, target, ec);
    if (ec) stuck_.insert(item);
    std::fprintf(stderr, "saraban: hot folder: %s -> letter %llu%s\n", shown.c_str(),
                 static_cast<unsigned long long>(*letter),
                 ec ? (" (could not move it to done/: " + ec.message() + ")").c_str() : "");
    return;
  }
  const fs::path failed = fs::path(folder) / kFailed;
  fs::create_directories(failed, ec);
  const fs::path target = FreeName(failed, name);
  fs::rename(item, target, ec);
  if (ec) {
    stuck_.insert(item);
    std::fprintf(stderr, "saraban: hot folder: cannot move %s to failed/: %s\n", shown.c_str(),
                 ec.message().c_str());
    return;
  }
  std::ofstream reason(target.string() + ".reason.txt");
  reason << letter.error().message << "\n";
  if (!letter.error().hint.empty()) reason << letter.error().hint << "\n";
  std::fprintf(stderr, "saraban: hot folder: %s refused: %s\n", shown.c_str(),
               letter.error().message.c_str());
}

Result<uint64_t> HotFolder::Ingest(const std::string& folder, const std::string& item) {
  const std::string code = fs::path(folder).filename().string();
  auto unit = units_.find(code);
  if (unit == units_.end()) {
    return MakeError(Errc::kNotFound, "no unit with the code '" + code + "' keeps register books",
                     "rename the folder to a unit's code, or add the unit in Saraban");
  }
  const std::vector<fs::path> files = FilesOf(item);
  for (const fs::path& f : files) {
    const std::string rel = fs::relative(f, folder).string();
    std::error_code ec;
    if (fs::file_size(f, ec) > options_.max_upload) {
      return MakeError(Errc::kTooLarge, rel + " is larger than the upload limit",
                       "scan at a lower resolution or raise --max-upload");
    }
    auto kind = ocr::DetectKind(f.string());
    if (!kind) {
      return MakeError(kind.error().code, rel + ": " + kind.error().message,
                       "scanners should save PDF, JPEG, PNG or TIFF");
    }
  }
  // The operator of every hot-folder letter: not a stored account, so no one
  // can log in as it; a registrar of this unit only.
  const store::User op{.id = 0,
                       .username = "hot-folder",
                       .display_name = "Hot folder (scanner)",
                       .roles = RoleBit(Role::kUnitRegistrar),
                       .unit_ids = {unit->second}};
  const Actor actor{.user = op, .remote_addr = "hot-folder"};
  const fs::path name = fs::path(item).filename();
  std::string subject = IsRegular(item) ? name.stem().string() : name.string();
  if (subject.empty()) subject = name.string();
  LetterFields fields;
  fields.direction = Direction::kIncoming;
  fields.book = "receive";
  fields.subject = subject;
  auto letter = CreateLetter(store_, actor, unit->second, fields, /*register_now=*/false);
  if (!letter) return letter.error();
  for (const fs::path& f : files) {
    const int fd = ::open(f.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      return MakeError(Errc::kIo, "letter " + std::to_string(letter->id) + " was made, but " +
                                      f.filename().string() +
                                      " cannot be read: " + strerror(errno));
    }
    const Upload upload{.filename = f.filename().string(),
                        .read = [fd](char* buf, size_t n) { return ReadSome(fd, buf, n); },
                        .max_bytes = options_.max_upload};
    auto added = AddAttachment(store_, blobs_, actor, letter->id, upload);
    ::close(fd);
    if (!added) {
      return MakeError(added.error().code,
                       "letter " + std::to_string(letter->id) + " was made, but " +
                           f.filename().string() + " could not be added: " + added.error().message,
                       added.error().hint);
    }
  }
  if (ocr_) ocr_->Wake();
  return letter->id;
}

}  // namespace saraban::services
