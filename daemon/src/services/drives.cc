#include "services/drives.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace saraban::services {
namespace {

namespace fs = std::filesystem;

struct Mount {
  std::string point, fs_type, source;
};

// /proc/self/mountinfo escapes space, tab, newline and backslash as \ooo.
std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && std::isdigit(s[i + 1]) && std::isdigit(s[i + 2]) &&
        std::isdigit(s[i + 3])) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 3), nullptr, 8));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Mounts whose mount point is directly inside `root` (the last one of a
// point wins: it is the one on top).
Result<std::vector<Mount>> MountsUnder(const std::string& root) {
  std::ifstream in("/proc/self/mountinfo");
  if (!in) return MakeError(Errc::kIo, "cannot read /proc/self/mountinfo");
  std::error_code ec;
  const fs::path canonical_root = fs::weakly_canonical(root, ec);
  std::vector<Mount> mounts;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, parent, devno, rootfield, point;
    fields >> id >> parent >> devno >> rootfield >> point;
    std::string word;
    while (fields >> word && word != "-") {
    }
    Mount m;
    fields >> m.fs_type >> m.source;
    m.point = Unescape(point);
    if (fs::path(m.point).parent_path() != canonical_root) continue;
    std::erase_if(mounts, [&](const Mount& o) { return o.point == m.point; });
    mounts.push_back(std::move(m));
  }
  return mounts;
}

bool PlainName(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
         name.size() <= 255;
}

void AddBackupsIn(const fs::path& dir, std::vector<DriveBackup>& out) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::error_code e2;
    if (e.path().extension() != ".sbk" || !e.is_regular_file(e2)) continue;
    DriveBackup b;
    b.name = fs::relative(e.path(), dir.parent_path()).string();
    b.size = e.file_size(e2);
    const auto mtime = e.last_write_time(e2);
    b.modified_at = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::file_clock::to_sys(mtime).time_since_epoch())
                        .count();
    out.push_back(std::move(b));
  }
}

Drive Describe(const Mount& m) {
  Drive d;
  d.path = m.point;
  d.name = fs::path(m.point).filename().string();
  d.file_system = m.fs_type;
  d.device = m.source;
  struct statvfs st {};
  if (::statvfs(m.point.c_str(), &st) == 0) {
    d.total_bytes = uint64_t{st.f_blocks} * st.f_frsize;
    d.free_bytes = uint64_t{st.f_bavail} * st.f_frsize;
  }
  // Backups straight on the drive, and in its first-level folders (a
  // backup_target such as /media/saraban/USB/saraban).
  std::vector<DriveBackup> backups;
  AddBackupsIn(m.point, backups);
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(m.point, ec)) {
    std::error_code e2;
    if (e.is_directory(e2) && !e.is_symlink(e2)) {
      std::vector<DriveBackup> inner;
      AddBackupsIn(e.path(), inner);
      for (auto& b : inner) {
        b.name = e.path().filename().string() + "/" + fs::path(b.name).filename().string();
        backups.push_back(std::move(b));
      }
    }
  }
  for (auto& b : backups) {
    if (b.name.starts_with(d.name + "/")) b.name = b.name.substr(d.name.size() + 1);
  }
  std::sort(backups.begin(), backups.end(), [](const DriveBackup& a, const DriveBackup& b) {
    return a.modified_at != b.modified_at ? a.modified_at > b.modified_at : a.name > b.name;
  });
  d.backups = std::move(backups);
  return d;
}

// Flushes everything written to the drive before it may be pulled out.
Status SyncDrive(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return MakeError(Errc::kIo, "cannot open " + path + ": " + strerror(errno));
  const int rc = ::syncfs(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return MakeError(Errc::kIo, "cannot sync " + path + ": " + strerror(err));
  return Status::Ok();
}

// The packaged service may not unmount: the root helper does it.
Status AskHelper(const DriveOptions& o, const std::string& name) {
  const fs::path dir = fs::path(o.run_dir) / "eject";
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path done = dir / (name + ".done");
  fs::remove(done, ec);
  {
    std::ofstream req(dir / name);
    req << name << "\n";
    if (!req.flush()) {
      return MakeError(Errc::kIo, "cannot ask the eject helper (" + dir.string() + ")",
                       "is saraban-eject.path enabled? systemctl enable --now saraban-eject.path");
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + o.helper_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(done, ec)) {
      std::ifstream in(done);
      std::string answer((std::istreambuf_iterator<char>(in)), {});
      fs::remove(done, ec);
      while (!answer.empty() && std::isspace(static_cast<unsigned char>(answer.back()))) {
        answer.pop_back();
      }
      if (answer == "ok") return Status::Ok();
      return MakeError(answer.find("busy") != std::string::npos ? Errc::kConflict : Errc::kIo,
                       "the drive was not ejected: " + answer,
                       "wait for a running backup to finish, then try again");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  fs::remove(dir / name, ec);
  return MakeError(Errc::kIo, "the eject helper did not answer",
                   "systemctl status saraban-eject.path; the drive is synced but still mounted");
}

}  // namespace

Result<std::vector<Drive>> ListDrives(const DriveOptions& options) {
  auto mounts = MountsUnder(options.media_root);
  if (!mounts) return mounts.error();
  std::vector<Drive> drives;
  for (const Mount& m : *mounts) drives.push_back(Describe(m));
  std::sort(drives.begin(), drives.end(),
            [](const Drive& a, const Drive& b) { return a.name < b.name; });
  return drives;
}

Result<Drive> FindDrive(const DriveOptions& options, const std::string& name) {
  if (!PlainName(name)) {
    return MakeError(Errc::kInvalidArgument, "a drive name is a folder name, without '/'");
  }
  auto drives = ListDrives(options);
  if (!drives) return drives.error();
  for (Drive& d : *drives) {
    if (d.name == name) return std::move(d);
  }
  return MakeError(Errc::kNotFound, "no drive '" + name + "' is plugged in",
                   "GET /api/v1/drives lists the drives");
}

Status EjectDrive(const DriveOptions& options, const std::string& name) {
  auto drive = FindDrive(options, name);
  if (!drive) return drive.error();
  if (Status s = SyncDrive(drive->path); !s) return s;
  if (::umount2(drive->path.c_str(), UMOUNT_NOFOLLOW) == 0) {
    std::error_code ec;
    fs::remove(drive->path, ec);  // the empty mount point
    return Status::Ok();
  }
  if (errno == EBUSY) {
    return MakeError(Errc::kConflict, "drive '" + name + "' is busy (a file on it is open)",
                     "wait for a running backup or restore to finish, then eject again");
  }
  if (errno != EPERM) {
    return MakeError(Errc::kIo, "cannot unmount " + drive->path + ": " + strerror(errno));
  }
  return AskHelper(options, name);
}

}  // namespace saraban::services
