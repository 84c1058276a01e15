#include "services/backup_runner.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>

#include "core/calendar.h"
#include "indexer/indexer.h"
#include "services/search_sync.h"
#include "services/settings.h"
#include "store/blob_store.h"

namespace saraban::services {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr char kScratchLock[] = ".in-use";

// A private scratch directory beside the data, removed on every path out.
// A process killed meanwhile (a power cut during a backup) cannot remove
// it, so it holds an flock on a file inside for its lifetime: a later run
// tells an abandoned directory (lock free) from one in use and removes it
// (RemoveAbandoned); otherwise every cut-off backup would leave a full copy
// of the store in the data directory for good.
class Scratch {
 public:
  explicit Scratch(const std::string& base) {
    std::string tmpl = base + "-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) return;
    path_ = tmpl;
    lock_fd_ = ::open((path_ + "/" + kScratchLock).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock_fd_ >= 0) ::flock(lock_fd_, LOCK_EX);
  }
  ~Scratch() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
    if (lock_fd_ >= 0) ::close(lock_fd_);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int lock_fd_ = -1;
};

// Removes the directories `base`-XXXXXX that no live process holds.
void RemoveAbandoned(const std::string& base) {
  const fs::path b(base);
  const std::string prefix = b.filename().string() + "-";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(b.parent_path(), ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || name.size() != prefix.size() + 6 || !e.is_directory(ec)) {
      continue;
    }
    const int fd = ::open((e.path() / kScratchLock).c_str(), O_RDWR | O_CLOEXEC);
    if (fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);  // in use by a running backup or restore
      continue;
    }
    fs::remove_all(e.path(), ec);
    if (fd >= 0) ::close(fd);
  }
}

// Blobs and summary of a snapshot, read from the snapshot itself so that
// they describe exactly what the backup holds.
Result<backup::Source> Describe(const std::string& snapshot_dir, const store::BlobStore& blobs) {
  auto snap = store::Store::Open(snapshot_dir, {.map_size = uint64_t{1} << 40, .read_only = true});
  if (!snap) return snap.error();
  return (*snap)->Read([&](const store::ReadTxn& txn) -> Result<backup::Source> {
    backup::Source src;
    src.snapshot_path = snapshot_dir + "/store/data.mdb";
    auto settings = LoadSettings(txn);
    if (!settings) return settings.error();
    size_t letters = 0, attachments = 0;
    std::map<std::string, backup::BlobRef> unique;
    Status each = txn.ForEachLetter([&](const store::Letter& l) {
      ++letters;
      auto of_letter = txn.AttachmentsOfLetter(l.id);
      if (!of_letter) return false;
      for (const auto& a : *of_letter) {
        ++attachments;
        unique.emplace(a.sha256, backup::BlobRef{a.sha256, blobs.PathOf(a.sha256), a.size});
      }
      return true;
    });
    if (!each) return each.error();
    for (auto& [sha, ref] : unique) src.blobs.push_back(std::move(ref));
    auto counters = txn.ListBookCounters();
    if (!counters) return counters.error();
    json registers = json::array();
    for (const auto& c : *counters) {
      auto unit = txn.GetUnit(c.unit_id);
      if (!unit) return unit.error();
      registers.push_back({{"unit_id", c.unit_id},
                           {"unit_code", *unit ? (*unit)->code : ""},
                           {"book", c.book},
                           {"year", c.year},
                           {"last_number", c.last}});
    }
    src.summary = {{"office", settings->office_name},
                   {"created", FormatTimestamp(NowMillis(), settings->utc_offset_minutes)},
                   {"schema_version", (*snap)->schema_version()},
                   {"letters", letters},
                   {"attachments", attachments},
                   {"blobs", src.blobs.size()},
                   {"registers", registers}};
    return src;
  });
}

bool IsEmptyOrAbsent(const std::string& dir) {
  std::error_code ec;
  return !fs::exists(dir, ec) || (fs::is_directory(dir, ec) && fs::is_empty(dir, ec));
}

}  // namespace

std::string BackupKeysPath(const std::string& data_dir) { return data_dir + "/backup-keys.json"; }

Result<backup::CreateResult> BackUpOffice(store::Store& live, const std::string& data_dir,
                                          const std::string& target, const backup::OfficeKeys& keys,
                                          int keep_last, const backup::ProgressFn& progress) {
  RemoveAbandoned(data_dir + "/.backup-snapshot");
  Scratch scratch(data_dir + "/.backup-snapshot");
  if (scratch.path().empty()) return MakeError(Errc::kIo, "cannot create a scratch directory");
  fs::create_directories(scratch.path() + "/store");
  // mdb_env_copyfd2 with compaction: a consistent copy while writers go on.
  if (Status s = live.CopyTo(scratch.path() + "/store/data.mdb"); !s) return s.error();
  store::BlobStore blobs(data_dir + "/blobs");
  auto source = Describe(scratch.path(), blobs);
  if (!source) return source.error();
  return backup::Create(*source, {.target_dir = target,
                                  .keys = keys,
                                  .keep_last = keep_last,
                                  .progress = progress});
}

Result<RestoreOutcome> RestoreOffice(const std::string& archive, const backup::Unlock& unlock,
                                     const std::string& data_dir, bool force,
                                     const backup::ProgressFn& progress,
                                     const std::function<void(size_t, size_t)>& index_progress) {
  const bool occupied = !IsEmptyOrAbsent(data_dir);
  if (occupied && !force) {
    return MakeError(Errc::kConflict, data_dir + " is not empty",
                     "restore into a new directory, or add --force to replace it");
  }
  const fs::path parent = fs::absolute(data_dir).parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  const std::string staging_base =
      (parent / (fs::path(data_dir).filename().string() + ".restoring")).string();
  RemoveAbandoned(staging_base);
  Scratch staging(staging_base);
  if (staging.path().empty()) return MakeError(Errc::kIo, "cannot create a directory in " +
                                                              parent.string());
  const std::string fresh = staging.path() + "/office";
  RestoreOutcome out;
  auto restored = backup::Restore(archive, unlock, fresh, progress);
  if (!restored) return restored.error();
  out.backup = *restored;
  {
    // Opening migrates an older schema forward; then the index is rebuilt.
    auto opened = store::Store::Open(fresh, {});
    if (!opened) return opened.error();
    auto index = indexer::Index::Open(fresh + "/index");
    if (!index) return index.error();
    SearchSync sync(**opened, **index);
    auto count = sync.Rebuild(index_progress);
    if (!count) return count.error();
    out.letters_indexed = *count;
  }
  // Swap only now that the restored office is complete, in one atomic
  // exchange: two renames would leave no office at `data_dir` for a moment,
  // and a power cut then would leave it missing. Afterwards `fresh` holds the
  // old office, which goes with the staging directory.
  if (occupied) {
    if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, data_dir.c_str(), RENAME_EXCHANGE) != 0) {
      return MakeError(Errc::kIo,
                       "cannot swap the restored office into place: " +
                           std::string(std::strerror(errno)),
                       "restore into a new directory, then point the service at it");
    }
    return out;
  }
  fs::remove(data_dir, ec);  // an empty directory, or nothing
  fs::rename(fresh, data_dir, ec);
  if (ec) return MakeError(Errc::kIo, "cannot move the restored office into place: " + ec.message());
  return out;
}

}  // namespace saraban::services
