// Create, Verify and Restore (backup/backup.h); the file format is in
// docs/backup-format.md.
#include "backup/backup.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include "archive_io.h"
#include "container.h"
#include "core/crypto.h"
#include "crypto_ops.h"
#include "file_util.h"
#include "json_read.h"
#include "recovery_card.h"

namespace saraban::backup {
namespace {

constexpr char kManifestEntry[] = "manifest.json";
constexpr char kSnapshotEntry[] = "store/data.mdb";
constexpr std::string_view kBlobPrefix = "blobs/";
constexpr char kManifestFormat[] = "saraban-backup";
constexpr uint64_t kMaxManifestBytes = uint64_t{1} << 30;
constexpr size_t kCopyBuffer = size_t{1} << 20;

const char kDamagedHint[] =
    "the file was damaged on the drive or when it was copied; use another copy or an older backup";

Error Damaged(const std::string& message, const std::string& hint = kDamagedHint) {
  return MakeError(Errc::kCorruption, message, hint);
}

bool IsSha256Hex(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// A backup file name as a manifest may name it: a plain name in the same
// directory, never a path.
bool IsBackupFileName(std::string_view s) {
  return s.size() > 4 && s.size() <= 255 && s.substr(s.size() - 4) == ".sbk" && s[0] != '.' &&
         s.find('/') == std::string_view::npos && s.find('\0') == std::string_view::npos;
}

std::string BlobEntryName(const std::string& sha) {
  return std::string(kBlobPrefix) + sha.substr(0, 2) + "/" + sha;
}

// The SHA-256 named by an entry "blobs/ab/ab...", or empty.
std::string BlobOfEntry(const std::string& path) {
  if (path.size() != kBlobPrefix.size() + 3 + 64 || path.rfind(kBlobPrefix, 0) != 0) return {};
  const std::string shard = path.substr(kBlobPrefix.size(), 2);
  const std::string sha = path.substr(kBlobPrefix.size() + 3);
  if (path[kBlobPrefix.size() + 2] != '/' || !IsSha256Hex(sha) || sha.substr(0, 2) != shard) {
    return {};
  }
  return sha;
}

// "2024-05-01T10:20:30.123456Z" (for the manifest) and "20240501-102030"
// (for the file name), both UTC.
std::pair<std::string, std::string> Timestamps(std::chrono::system_clock::time_point now) {
  const auto us =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(us / 1000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char rfc[64], compact[48];
  std::snprintf(rfc, sizeof rfc, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(us % 1000000));
  std::snprintf(compact, sizeof compact, "%04d%02d%02d-%02d%02d%02d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return {rfc, compact};
}

// ---------------------------------------------------------------------------
// The manifest.

struct BlobInfo {
  std::string sha256;
  uint64_t size = 0;
  std::string file;
};

struct ManifestInfo {
  nlohmann::json json;
  std::string file;  // the name this backup was written as
  std::string created;
  std::string snapshot_sha;
  uint64_t snapshot_size = 0;
  std::vector<BlobInfo> blobs;
  std::map<std::string, std::string> required_files;  // other file name -> its stream id (raw)
};

Result<ManifestInfo> ParseManifest(const std::string& text, const std::string& name) {
  const Error bad = Damaged(name + ": the manifest is malformed",
                            "the backup decrypted but was written by a faulty program");
  ManifestInfo m;
  m.json = nlohmann::json::parse(text, nullptr, false);
  if (!m.json.is_object()) return bad;
  try {
    if (m.json.at("format").get<std::string>() != kManifestFormat) return bad;
    const uint64_t version = UnsignedAt(m.json, "format_version");
    if (version == 0) return bad;
    if (version > kFormatVersion) {
      return MakeError(Errc::kUnsupported,
                       name + " has a manifest of format version " + std::to_string(version),
                       "restore it with the newer Saraban that made it");
    }
    m.file = m.json.at("file").get<std::string>();
    m.created = m.json.at("created").get<std::string>();
    const nlohmann::json& snapshot = m.json.at("snapshot");
    m.snapshot_sha = snapshot.at("sha256").get<std::string>();
    m.snapshot_size = UnsignedAt(snapshot, "size");
    if (!IsBackupFileName(m.file) || !IsSha256Hex(m.snapshot_sha)) return bad;
    for (const nlohmann::json& r : m.json.at("requires")) {
      const std::string file = r.at("file").get<std::string>();
      std::optional<std::string> id = HexDecode(r.at("stream_id").get<std::string>());
      if (!IsBackupFileName(file) || file == m.file || !id || id->size() != kStreamIdLen ||
          !m.required_files.emplace(file, *id).second) {
        return bad;
      }
    }
    std::set<std::string> seen;
    for (const nlohmann::json& b : m.json.at("blobs")) {
      BlobInfo blob{b.at("sha256").get<std::string>(), UnsignedAt(b, "size"),
                    b.at("file").get<std::string>()};
      if (!IsSha256Hex(blob.sha256) || !seen.insert(blob.sha256).second) return bad;
      if (blob.file != m.file && !m.required_files.contains(blob.file)) return bad;
      m.blobs.push_back(std::move(blob));
    }
  } catch (const nlohmann::json::exception&) {
    return bad;
  }
  return m;
}

// ---------------------------------------------------------------------------
// Opening files.

struct OpenedFile {
  UniqueFd fd;
  Header header;
  std::string file_key;
};

Result<OpenedFile> OpenBackup(const std::string& path, const std::string& name,
                              Unlocker& unlocker) {
  Result<UniqueFd> fd = OpenRead(path);
  if (!fd.ok()) return fd.error();
  Result<Header> header = ReadHeader(fd->get(), name);
  if (!header.ok()) return header.error();
  Result<std::string> key = unlocker.FileKey(*header, name);
  if (!key.ok()) return key.error();
  return OpenedFile{std::move(*fd), std::move(*header), std::move(*key)};
}

// The first entry, which must be the manifest.
Result<std::string> ReadManifestText(ArchiveReader& archive, const std::string& name) {
  Result<std::optional<ArchiveReader::Entry>> entry = archive.Next();
  if (!entry.ok()) return entry.error();
  if (!entry->has_value() || (*entry)->path != kManifestEntry) {
    return Damaged(name + ": the backup does not start with its manifest",
                   "the backup decrypted but was written by a faulty program");
  }
  const uint64_t size = (*entry)->size;
  if (size > kMaxManifestBytes) {
    return Damaged(name + ": the manifest is too large to read");
  }
  // Grown as the bytes arrive, not allocated from the size the entry claims:
  // a damaged header must not cost a gigabyte before the data runs out.
  std::string text;
  char buf[64 * 1024];
  while (text.size() < size) {
    Result<size_t> n = archive.Read(buf, std::min<uint64_t>(sizeof buf, size - text.size()));
    if (!n.ok()) return n.error();
    if (*n == 0) break;
    text.append(buf, *n);
  }
  if (text.size() != size) return Damaged(name + ": the manifest is cut short");
  return text;
}

Result<Unlocker> MakeUnlocker(const Unlock& unlock) {
  if (!unlock.recovery_card.empty()) {
    Result<std::string> key = DecodeRecoveryCard(unlock.recovery_card);
    if (!key.ok()) return key.error();
    return Unlocker::WithRecoveryKey(std::move(*key));
  }
  if (!unlock.passphrase.empty()) return Unlocker::WithPassphrase(unlock.passphrase);
  return MakeError(Errc::kInvalidArgument, "give the backup passphrase or the recovery card");
}

// ---------------------------------------------------------------------------
// What an earlier backup in the target holds (read for incremental backups
// and retention).

struct Catalogued {
  std::string name;  // on disk
  std::string created;
  std::string stream_id;
  std::set<std::string> required_streams;
  std::vector<BlobInfo> held;  // blobs inside this very file
};

std::vector<Catalogued> ScanTarget(const std::string& dir, const std::string& passphrase_key) {
  std::vector<std::string> names;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (struct dirent* e = ::readdir(d)) {
      if (IsBackupFileName(e->d_name)) names.emplace_back(e->d_name);
    }
    ::closedir(d);
  }
  std::sort(names.begin(), names.end());
  std::vector<Catalogued> out;
  Unlocker unlocker = Unlocker::WithPassphraseKey(passphrase_key);
  for (const std::string& name : names) {
    struct stat st;
    const std::string path = dir + "/" + name;
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    // Files made with other keys, or too damaged to read, are neither reused
    // nor removed.
    Result<OpenedFile> file = OpenBackup(path, name, unlocker);
    if (!file.ok()) continue;
    ChunkReader chunks(file->fd.get(), file->header, file->file_key, name);
    ArchiveReader archive(&chunks, name);
    if (!archive.Open().ok()) continue;
    Result<std::string> text = ReadManifestText(archive, name);
    if (!text.ok()) continue;
    Result<ManifestInfo> m = ParseManifest(*text, name);
    if (!m.ok()) continue;
    Catalogued c{name, m->created, file->header.stream_id, {}, {}};
    for (const auto& [unused, id] : m->required_files) c.required_streams.insert(id);
    for (BlobInfo& b : m->blobs) {
      if (b.file == m->file) c.held.push_back(std::move(b));
    }
    out.push_back(std::move(c));
  }
  return out;
}

// Removes temporary files a crashed backup left behind (we hold the lock,
// so none of them is being written).
void RemoveStaleTemps(const std::string& dir) {
  if (DIR* d = ::opendir(dir.c_str())) {
    std::vector<std::string> stale;
    while (struct dirent* e = ::readdir(d)) {
      if (std::string_view(e->d_name).rfind(kTempPrefix, 0) == 0) stale.emplace_back(e->d_name);
    }
    ::closedir(d);
    for (const std::string& name : stale) ::unlink((dir + "/" + name).c_str());
  }
}

std::vector<std::string> ApplyRetention(const std::string& dir, std::vector<Catalogued> all,
                                        int keep_last) {
  std::sort(all.begin(), all.end(), [](const Catalogued& a, const Catalogued& b) {
    return std::tie(a.created, a.name) > std::tie(b.created, b.name);
  });
  std::set<std::string> keep, needed;
  for (size_t i = 0; i < all.size() && i < static_cast<size_t>(keep_last); ++i) {
    keep.insert(all[i].stream_id);
    needed.insert(all[i].required_streams.begin(), all[i].required_streams.end());
  }
  std::vector<std::string> removed;
  for (const Catalogued& c : all) {
    if (keep.contains(c.stream_id) || needed.contains(c.stream_id)) continue;
    if (::unlink((dir + "/" + c.name).c_str()) == 0) removed.push_back(c.name);
  }
  if (!removed.empty()) (void)FsyncDir(dir);
  std::sort(removed.begin(), removed.end());
  return removed;
}

// ---------------------------------------------------------------------------
// Writing.

class TempFile {
 public:
  TempFile() = default;
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  Result<UniqueFd> Create(const std::string& dir) {
    std::string tmpl = dir + "/" + kTempPrefix + "XXXXXX";
    UniqueFd fd(mkostemp(tmpl.data(), O_CLOEXEC));
    if (!fd.valid()) return ErrnoError(errno, "cannot create a file in", dir);
    path_ = tmpl;
    return fd;
  }
  const std::string& path() const { return path_; }
  void Keep() { path_.clear(); }

 private:
  std::string path_;
};

struct ProgressState {
  const ProgressFn* fn = nullptr;
  Progress p;
  void Report() const {
    if (fn != nullptr && *fn) (*fn)(p);
  }
};

// Copies `path` (exactly `size` bytes whose SHA-256 is `sha`) into the
// archive as `entry`.
Status CopyIntoArchive(const std::string& path, uint64_t size, const std::string& sha,
                       const std::string& entry, const std::string& label, int64_t mtime,
                       ArchiveWriter& archive, ProgressState& progress, std::string& buffer) {
  Result<UniqueFd> fd = OpenRead(path);
  if (!fd.ok()) return fd.error();
  struct stat st;
  if (::fstat(fd->get(), &st) != 0) return ErrnoError(errno, "cannot stat", path);
  if (static_cast<uint64_t>(st.st_size) != size) {
    return MakeError(Errc::kCorruption,
                     label + " (" + path + ") has " + std::to_string(st.st_size) +
                         " bytes, expected " + std::to_string(size),
                     "the backup was not written; check the office's files");
  }
  Status s = archive.BeginEntry(entry, size, mtime);
  if (!s.ok()) return s;
  Sha256Stream hash;
  uint64_t left = size;
  while (left > 0) {
    Result<size_t> n =
        ReadFull(fd->get(), buffer.data(), std::min<uint64_t>(left, buffer.size()), path);
    if (!n.ok()) return n.error();
    if (*n == 0) {
      return MakeError(Errc::kIo, label + " (" + path + ") became shorter while it was read");
    }
    hash.Update(std::string_view(buffer.data(), *n));
    s = archive.WriteData(buffer.data(), *n);
    if (!s.ok()) return s;
    left -= *n;
    progress.p.bytes_done += *n;
    progress.Report();
  }
  s = archive.FinishEntry();
  if (!s.ok()) return s;
  if (hash.FinishHex() != sha) {
    return MakeError(Errc::kCorruption, label + " (" + path + ") does not match its SHA-256 " + sha,
                     "the backup was not written; the file changed or is damaged");
  }
  ++progress.p.files_done;
  progress.Report();
  return Status::Ok();
}

Result<std::pair<std::string, uint64_t>> HashFile(const std::string& path, std::string& buffer) {
  Result<UniqueFd> fd = OpenRead(path);
  if (!fd.ok()) return fd.error();
  Sha256Stream hash;
  uint64_t size = 0;
  while (true) {
    Result<size_t> n = ReadFull(fd->get(), buffer.data(), buffer.size(), path);
    if (!n.ok()) return n.error();
    if (*n == 0) break;
    hash.Update(std::string_view(buffer.data(), *n));
    size += *n;
  }
  return std::make_pair(hash.FinishHex(), size);
}

Status RenameNoReplace(const std::string& from, const std::string& to) {
  int rc = ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE);
  if (rc != 0 && errno == EINVAL) {  // a filesystem without RENAME_NOREPLACE
    struct stat st;
    if (::stat(to.c_str(), &st) == 0) {
      errno = EEXIST;
    } else {
      rc = ::rename(from.c_str(), to.c_str());
    }
  }
  if (rc == 0) return Status::Ok();
  if (errno == EEXIST) return MakeError(Errc::kConflict, to + " already exists");
  return ErrnoError(errno, "cannot rename to", to);
}

Status ValidateCreate(const Source& source, const CreateOptions& options) {
  if (options.target_dir.empty()) {
    return MakeError(Errc::kInvalidArgument, "no backup target directory given");
  }
  if (options.keep_last < 0) {
    return MakeError(Errc::kInvalidArgument, "keep_last cannot be negative");
  }
  if (source.snapshot_path.empty()) {
    return MakeError(Errc::kInvalidArgument, "no store snapshot given");
  }
  for (const BlobRef& blob : source.blobs) {
    if (!IsSha256Hex(blob.sha256)) {
      return MakeError(Errc::kInvalidArgument,
                       "blob '" + blob.sha256 + "' is not named by a lower-case hex SHA-256");
    }
  }
  struct stat st;
  if (::stat(options.target_dir.c_str(), &st) != 0) {
    if (errno == ENOENT) {
      return MakeError(Errc::kIo, "the backup target " + options.target_dir + " does not exist",
                       "plug in and mount the backup drive, or choose another folder");
    }
    return ErrnoError(errno, "cannot reach the backup target", options.target_dir);
  }
  if (!S_ISDIR(st.st_mode)) {
    return MakeError(Errc::kIo, "the backup target " + options.target_dir + " is not a directory");
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// Restoring.

// The files a restore writes into `dir`, removed again (with the folders it
// made) unless Commit is reached.
class RestoreOutput {
 public:
  explicit RestoreOutput(std::string dir) : dir_(std::move(dir)) {}
  ~RestoreOutput() {
    if (committed_) return;
    for (auto it = files_.rbegin(); it != files_.rend(); ++it) ::unlink(it->c_str());
    for (auto it = dirs_.rbegin(); it != dirs_.rend(); ++it) ::rmdir(it->c_str());
  }
  RestoreOutput(const RestoreOutput&) = delete;
  RestoreOutput& operator=(const RestoreOutput&) = delete;

  Status Check() const {
    struct stat st;
    if (::stat(dir_.c_str(), &st) != 0) {
      if (errno == ENOENT) return Status::Ok();
      return ErrnoError(errno, "cannot reach", dir_);
    }
    if (!S_ISDIR(st.st_mode)) {
      return MakeError(Errc::kConflict, dir_ + " exists and is not a directory",
                       "restore into an empty or new directory");
    }
    DIR* d = ::opendir(dir_.c_str());
    if (d == nullptr) return ErrnoError(errno, "cannot read", dir_);
    bool empty = true;
    while (struct dirent* e = ::readdir(d)) {
      const std::string_view n = e->d_name;
      if (n != "." && n != "..") empty = false;
    }
    ::closedir(d);
    if (!empty) {
      return MakeError(Errc::kConflict, dir_ + " is not empty",
                       "restore into an empty or new directory");
    }
    return Status::Ok();
  }

  // Creates `dir` and any missing parents.
  Status Begin() {
    std::vector<std::filesystem::path> missing;
    std::filesystem::path p = std::filesystem::path(dir_).lexically_normal();
    struct stat st;
    while (!p.empty() && ::stat(p.c_str(), &st) != 0) {
      missing.push_back(p);
      if (!p.has_parent_path() || p.parent_path() == p) break;
      p = p.parent_path();
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
      Status s = MakeDir(it->string());
      if (!s.ok()) return s;
    }
    return Status::Ok();
  }

  Result<UniqueFd> CreateFile(const std::string& rel) {
    size_t pos = 0;
    while ((pos = rel.find('/', pos)) != std::string::npos) {
      const std::string sub = dir_ + "/" + rel.substr(0, pos);
      struct stat st;
      if (::stat(sub.c_str(), &st) != 0) {
        Status s = MakeDir(sub);
        if (!s.ok()) return s.error();
      }
      ++pos;
    }
    const std::string path = dir_ + "/" + rel;
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!fd.valid()) return ErrnoError(errno, "cannot create", path);
    files_.push_back(path);
    return fd;
  }

  Status Commit() {
    for (const std::string& d : dirs_) {
      Status s = FsyncDir(d);
      if (!s.ok()) return s;
    }
    Status s = FsyncDir(dir_);
    if (!s.ok()) return s;
    committed_ = true;
    return Status::Ok();
  }

 private:
  Status MakeDir(const std::string& path) {
    if (::mkdir(path.c_str(), 0700) != 0) return ErrnoError(errno, "cannot create", path);
    dirs_.push_back(path);
    return Status::Ok();
  }

  std::string dir_;
  std::vector<std::string> dirs_;
  std::vector<std::string> files_;
  bool committed_ = false;
};

struct ReadContext {
  explicit ReadContext(Unlocker u) : unlocker(std::move(u)) {}
  Unlocker unlocker;
  RestoreOutput* out = nullptr;
  ProgressState progress;
  VerifyResult result;
  std::string buffer = std::string(kCopyBuffer, '\0');
};

// Reads the current entry, checking its size and SHA-256, and writes it to
// `rel` under the restore directory when restoring.
Status ConsumeEntry(ArchiveReader& archive, const ArchiveReader::Entry& entry, uint64_t size,
                    const std::string& sha, const std::string& rel, const std::string& label,
                    const std::string& name, ReadContext& ctx) {
  if (!entry.regular || entry.size != size) {
    return Damaged(name + ": " + label + " has " + std::to_string(entry.size) +
                   " bytes, the manifest says " + std::to_string(size));
  }
  UniqueFd fd;
  if (ctx.out != nullptr) {
    Result<UniqueFd> created = ctx.out->CreateFile(rel);
    if (!created.ok()) return created.error();
    fd = std::move(*created);
  }
  Sha256Stream hash;
  uint64_t total = 0;
  while (true) {
    Result<size_t> n = archive.Read(ctx.buffer.data(), ctx.buffer.size());
    if (!n.ok()) return n.error();
    if (*n == 0) break;
    hash.Update(std::string_view(ctx.buffer.data(), *n));
    if (fd.valid()) {
      Status s = WriteAll(fd.get(), ctx.buffer.data(), *n, rel);
      if (!s.ok()) return s;
    }
    total += *n;
    ctx.progress.p.bytes_done += *n;
    ctx.progress.Report();
  }
  if (total != size) return Damaged(name + ": " + label + " is cut short");
  if (hash.FinishHex() != sha) return Damaged(name + ": " + label + " does not match its SHA-256");
  if (fd.valid()) {
    Status s = FsyncFd(fd.get(), rel);
    if (!s.ok()) return s;
  }
  ++ctx.progress.p.files_done;
  ctx.progress.Report();
  return Status::Ok();
}

// Reads the blobs `needed` (sha -> manifest entry) from another backup file
// that `name` refers to.
Status ReadReferencedFile(const std::string& dir, const std::string& file,
                          const std::string& stream_id,
                          const std::map<std::string, const BlobInfo*>& needed,
                          const std::string& name, ReadContext& ctx) {
  const std::string path = dir + "/" + file;
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return Damaged(name + " needs " + file + ", which is missing from " + dir + " (it holds " +
                       std::to_string(needed.size()) + " of the blobs this backup restores)",
                   "copy " + file +
                       " back into the same folder, or use a backup that does not "
                       "need it");
  }
  Result<OpenedFile> opened = OpenBackup(path, file, ctx.unlocker);
  if (!opened.ok()) return opened.error();
  if (opened->header.stream_id != stream_id) {
    return Damaged(file + " in " + dir + " is not the backup file that " + name + " was made with",
                   "put the right " + file + " back into the folder");
  }
  ChunkReader chunks(opened->fd.get(), opened->header, opened->file_key, file);
  ArchiveReader archive(&chunks, file);
  Status s = archive.Open();
  if (!s.ok()) return s;
  std::set<std::string> seen;
  while (true) {
    Result<std::optional<ArchiveReader::Entry>> entry = archive.Next();
    if (!entry.ok()) return entry.error();
    if (!entry->has_value()) break;
    const std::string sha = BlobOfEntry((*entry)->path);
    auto it = needed.find(sha);
    if (sha.empty() || it == needed.end() || seen.contains(sha)) continue;
    seen.insert(sha);
    s = ConsumeEntry(archive, **entry, it->second->size, sha, BlobEntryName(sha), "blob " + sha,
                     file, ctx);
    if (!s.ok()) return s;
    ++ctx.result.blobs_checked;
  }
  s = chunks.DrainToEnd();
  ctx.result.chunks += chunks.chunks();
  if (!s.ok()) return s;
  for (const auto& [sha, unused] : needed) {
    if (!seen.contains(sha)) {
      return Damaged(file + " does not hold blob " + sha + ", which " + name + " needs from it");
    }
  }
  return Status::Ok();
}

Result<VerifyResult> ReadBackupSet(const std::string& archive_path, const Unlock& unlock,
                                   RestoreOutput* out, const ProgressFn& progress) {
  Result<Unlocker> unlocker = MakeUnlocker(unlock);
  if (!unlocker.ok()) return unlocker.error();
  if (out != nullptr) {
    Status s = out->Check();
    if (!s.ok()) return s.error();
  }
  const std::filesystem::path ap(archive_path);
  const std::string dir = ap.has_parent_path() ? ap.parent_path().string() : std::string(".");
  const std::string name = ap.filename().string();

  ReadContext ctx(std::move(*unlocker));
  ctx.out = out;
  ctx.progress.fn = &progress;

  Result<OpenedFile> opened = OpenBackup(archive_path, name, ctx.unlocker);
  if (!opened.ok()) return opened.error();
  ChunkReader chunks(opened->fd.get(), opened->header, opened->file_key, name);
  ArchiveReader archive(&chunks, name);
  Status s = archive.Open();
  if (!s.ok()) return s.error();
  Result<std::string> text = ReadManifestText(archive, name);
  if (!text.ok()) return text.error();
  Result<ManifestInfo> m = ParseManifest(*text, name);
  if (!m.ok()) return m.error();

  ctx.progress.p.bytes_total = m->snapshot_size;
  ctx.progress.p.files_total = 1 + m->blobs.size();
  std::map<std::string, const BlobInfo*> inside;
  std::map<std::string, std::map<std::string, const BlobInfo*>> elsewhere;
  for (const BlobInfo& b : m->blobs) {
    ctx.progress.p.bytes_total += b.size;
    if (b.file == m->file) {
      inside[b.sha256] = &b;
    } else {
      elsewhere[b.file][b.sha256] = &b;
    }
  }
  ctx.progress.Report();
  if (out != nullptr) {
    s = out->Begin();
    if (!s.ok()) return s.error();
  }

  bool snapshot_seen = false;
  std::set<std::string> seen;
  while (true) {
    Result<std::optional<ArchiveReader::Entry>> entry = archive.Next();
    if (!entry.ok()) return entry.error();
    if (!entry->has_value()) break;
    const ArchiveReader::Entry& e = **entry;
    if (e.path == kSnapshotEntry) {
      if (snapshot_seen) return Damaged(name + ": the store snapshot appears twice");
      snapshot_seen = true;
      s = ConsumeEntry(archive, e, m->snapshot_size, m->snapshot_sha, kSnapshotEntry,
                       "the store snapshot", name, ctx);
      if (!s.ok()) return s.error();
      continue;
    }
    const std::string sha = BlobOfEntry(e.path);
    if (sha.empty()) {
      if (e.path == kManifestEntry) return Damaged(name + ": the manifest appears twice");
      continue;  // an entry this version does not know: authenticated, skipped
    }
    auto it = inside.find(sha);
    if (it == inside.end() || !seen.insert(sha).second) {
      return Damaged(name + ": blob " + sha + " is not in the manifest, or appears twice");
    }
    s = ConsumeEntry(archive, e, it->second->size, sha, BlobEntryName(sha), "blob " + sha, name,
                     ctx);
    if (!s.ok()) return s.error();
    ++ctx.result.blobs_checked;
  }
  s = chunks.DrainToEnd();
  ctx.result.chunks += chunks.chunks();
  if (!s.ok()) return s.error();
  if (!snapshot_seen) return Damaged(name + ": the store snapshot is missing");
  for (const auto& [sha, unused] : inside) {
    if (!seen.contains(sha)) return Damaged(name + ": blob " + sha + " is missing");
  }
  for (const auto& [file, needed] : elsewhere) {
    s = ReadReferencedFile(dir, file, m->required_files.at(file), needed, name, ctx);
    if (!s.ok()) return s.error();
  }
  if (out != nullptr) {
    s = out->Commit();
    if (!s.ok()) return s.error();
  }
  ctx.result.manifest = std::move(m->json);
  return std::move(ctx.result);
}

}  // namespace

Result<CreateResult> Create(const Source& source, const CreateOptions& options) {
  Status s = ValidateCreate(source, options);
  if (!s.ok()) return s.error();
  const std::string& dir = options.target_dir;
  const OfficeKeys& keys = options.keys;
  if (keys.passphrase_key.size() != kKeyLen) {
    return MakeError(Errc::kInvalidArgument, "the office backup keys are incomplete",
                     "set a backup passphrase first");
  }
  Result<TargetLock> lock = TargetLock::Acquire(dir);
  if (!lock.ok()) return lock.error();
  RemoveStaleTemps(dir);

  std::vector<Catalogued> catalog = ScanTarget(dir, keys.passphrase_key);
  // For each blob, the newest earlier backup that holds it.
  std::map<std::string, std::pair<const Catalogued*, uint64_t>> holders;
  for (const Catalogued& c : catalog) {
    for (const BlobInfo& b : c.held) {
      auto [it, added] = holders.try_emplace(b.sha256, &c, b.size);
      if (!added && std::tie(c.created, c.name) >
                        std::tie(it->second.first->created, it->second.first->name)) {
        it->second = {&c, b.size};
      }
    }
  }

  std::string buffer(kCopyBuffer, '\0');
  Result<std::pair<std::string, uint64_t>> snapshot = HashFile(source.snapshot_path, buffer);
  if (!snapshot.ok()) return snapshot.error();

  const auto now = std::chrono::system_clock::now();
  const auto [created, stamp] = Timestamps(now);
  const int64_t mtime =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const std::string name = "saraban-" + stamp + "-" + RandomHex(2) + ".sbk";

  CreateResult result;
  ProgressState progress;
  progress.fn = &options.progress;
  progress.p.bytes_total = snapshot->second;
  progress.p.files_total = 1;
  nlohmann::json blobs = nlohmann::json::array();
  std::map<std::string, std::string> required_files;  // name -> stream id (raw)
  std::vector<const BlobRef*> to_write;
  std::set<std::string> planned;
  Catalogued self{name, created, {}, {}, {}};
  for (const BlobRef& blob : source.blobs) {
    if (!planned.insert(blob.sha256).second) continue;
    auto held = holders.find(blob.sha256);
    if (held != holders.end() && held->second.second == blob.size) {
      const Catalogued& holder = *held->second.first;
      blobs.push_back({{"sha256", blob.sha256}, {"size", blob.size}, {"file", holder.name}});
      required_files[holder.name] = holder.stream_id;
      self.required_streams.insert(holder.stream_id);
      ++result.blobs_reused;
    } else {
      blobs.push_back({{"sha256", blob.sha256}, {"size", blob.size}, {"file", name}});
      to_write.push_back(&blob);
      progress.p.bytes_total += blob.size;
      ++progress.p.files_total;
      ++result.blobs_written;
    }
  }
  nlohmann::json required = nlohmann::json::array();
  for (const auto& [file, id] : required_files) {
    required.push_back({{"file", file}, {"stream_id", HexEncode(id)}});
  }
  const nlohmann::json manifest = {
      {"format", kManifestFormat},
      {"format_version", kFormatVersion},
      {"file", name},
      {"created", created},
      {"summary", source.summary},
      {"snapshot", {{"sha256", snapshot->first}, {"size", snapshot->second}}},
      {"blobs", std::move(blobs)},
      {"requires", std::move(required)},
  };
  const std::string manifest_text =
      manifest.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

  TempFile temp;
  Result<UniqueFd> fd = temp.Create(dir);
  if (!fd.ok()) return fd.error();
  const std::string file_key = RandomBytes(kKeyLen);
  Result<Header> header = NewHeader(keys, file_key);
  if (!header.ok()) return header.error();
  self.stream_id = header->stream_id;
  s = WriteAll(fd->get(), header->raw.data(), header->raw.size(), temp.path());
  if (!s.ok()) return s.error();
  ChunkWriter chunks(fd->get(), *header, file_key, temp.path());
  {
    ArchiveWriter archive(&chunks, temp.path());
    s = archive.Open();
    if (s.ok()) s = archive.BeginEntry(kManifestEntry, manifest_text.size(), mtime);
    if (s.ok()) s = archive.WriteData(manifest_text.data(), manifest_text.size());
    if (s.ok()) s = archive.FinishEntry();
    progress.Report();
    if (s.ok()) {
      s = CopyIntoArchive(source.snapshot_path, snapshot->second, snapshot->first, kSnapshotEntry,
                          "the store snapshot", mtime, archive, progress, buffer);
    }
    for (size_t i = 0; s.ok() && i < to_write.size(); ++i) {
      const BlobRef& blob = *to_write[i];
      s = CopyIntoArchive(blob.path, blob.size, blob.sha256, BlobEntryName(blob.sha256),
                          "blob " + blob.sha256, mtime, archive, progress, buffer);
    }
    if (s.ok()) s = archive.Close();
  }
  if (s.ok()) s = chunks.Finish();
  if (s.ok()) s = FsyncFd(fd->get(), temp.path());
  if (s.ok() && ::close(fd->Release()) != 0) s = ErrnoError(errno, "cannot close", temp.path());
  if (!s.ok()) return s.error();
  const std::string final_path = dir + "/" + name;
  s = RenameNoReplace(temp.path(), final_path);
  if (!s.ok()) return s.error();
  temp.Keep();
  s = FsyncDir(dir);
  if (!s.ok()) return s.error();

  struct stat st;
  if (::stat(final_path.c_str(), &st) == 0)
    result.archive_bytes = static_cast<uint64_t>(st.st_size);
  result.archive_path = final_path;
  if (options.keep_last > 0) {
    catalog.push_back(std::move(self));
    result.removed = ApplyRetention(dir, std::move(catalog), options.keep_last);
  }
  return result;
}

Result<VerifyResult> Verify(const std::string& archive_path, const Unlock& unlock,
                            const ProgressFn& progress) {
  return ReadBackupSet(archive_path, unlock, nullptr, progress);
}

Result<VerifyResult> Restore(const std::string& archive_path, const Unlock& unlock,
                             const std::string& dir, const ProgressFn& progress) {
  if (dir.empty()) return MakeError(Errc::kInvalidArgument, "no restore directory given");
  RestoreOutput out(dir);
  return ReadBackupSet(archive_path, unlock, &out, progress);
}

}  // namespace saraban::backup
