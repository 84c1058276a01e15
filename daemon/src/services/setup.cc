#include "services/setup.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "core/crypto.h"
#include "indexer/indexer.h"
#include "services/backup_runner.h"
#include "services/settings.h"

namespace saraban::services {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxWrongCodes = 20;

// Eight random digits as "1234-5678": easy to read off a console and type.
std::string NewCode() {
  const std::string bytes = RandomBytes(8);
  std::string code;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4) code += '-';
    code += static_cast<char>('0' + static_cast<unsigned char>(bytes[i]) % 10);
  }
  return code;
}

// Everything inside `dir`, which was empty before we wrote to it.
void EmptyDirectory(const std::string& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) fs::remove_all(e.path(), ec);
}

// Moves every entry of `from` into `to`, the store file last: until it is
// there, serve finds no office (and says so) rather than half of one.
Status MoveUp(const std::string& from, const std::string& to) {
  std::error_code ec;
  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(from, ec)) entries.push_back(e.path());
  if (ec) return MakeError(Errc::kIo, "cannot read " + from + ": " + ec.message());
  std::stable_partition(entries.begin(), entries.end(),
                        [](const fs::path& p) { return p.filename() != "data.mdb"; });
  for (const auto& p : entries) {
    fs::rename(p, fs::path(to) / p.filename(), ec);
    if (ec)
      return MakeError(Errc::kIo, "cannot move the restored office into place: " + ec.message());
  }
  fs::remove_all(fs::path(from).parent_path(), ec);
  return Status::Ok();
}

}  // namespace

bool DataDirIsEmpty(const std::string& data_dir) {
  std::error_code ec;
  return !fs::exists(data_dir, ec) ||
         (fs::is_directory(data_dir, ec) && fs::is_empty(data_dir, ec));
}

Status CreateOfficeIn(const std::string& data_dir, const OfficeSetup& setup,
                      const std::function<Status(store::Store&)>& more) {
  if (!DataDirIsEmpty(data_dir)) {
    return MakeError(Errc::kConflict, "refusing to initialise a non-empty directory: " + data_dir,
                     "choose a new or empty directory");
  }
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) return MakeError(Errc::kIo, "cannot create " + data_dir + ": " + ec.message());
  ::chmod(data_dir.c_str(), 0700);
  Status s = [&]() -> Status {
    auto store = store::Store::Open(data_dir, {.create = true});
    if (!store) return store.error();
    if (Status made = SetUpOffice(**store, setup); !made) return made;
    if (more) return more(**store);
    return Status::Ok();
  }();
  if (!s) EmptyDirectory(data_dir);
  return s;
}

std::string NormalizePassphrase(const std::string& typed) { return indexer::NormalizeText(typed); }

Result<std::string> SetUpBackupKeys(const std::string& data_dir, const std::string& passphrase,
                                    bool with_recovery) {
  auto made = backup::MakeOfficeKeys(passphrase, with_recovery);
  if (!made) return made.error();
  if (Status s = backup::SaveOfficeKeys(BackupKeysPath(data_dir), made->keys); !s) {
    return s.error();
  }
  return made->recovery_card;
}

Status CheckArchiveUnderMediaRoot(const std::string& path, const std::string& media_root) {
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(media_root, ec);
  const fs::path archive = fs::weakly_canonical(path, ec);
  const std::string prefix = root.string() + "/";
  if (ec || root.empty() || !archive.string().starts_with(prefix) ||
      archive.extension() != ".sbk") {
    return MakeError(Errc::kInvalidArgument,
                     "the archive must be a .sbk file on a USB drive under " + media_root,
                     "pick a backup from the drives list");
  }
  if (!fs::is_regular_file(archive, ec)) {
    return MakeError(Errc::kInvalidArgument, "no backup archive at " + path,
                     "is the drive still plugged in?");
  }
  return Status::Ok();
}

SetupMode::SetupMode(std::string data_dir, std::string media_root)
    : data_dir_(std::move(data_dir)), media_root_(std::move(media_root)), code_(NewCode()) {
  restore_ = {{"state", "idle"}};
}

SetupMode::~SetupMode() {
  if (restore_thread_.joinable()) restore_thread_.join();
}

Status SetupMode::CheckCode(const std::string& given) {
  std::lock_guard lock(mu_);
  if (wrong_codes_ >= kMaxWrongCodes) {
    return MakeError(Errc::kForbidden, "too many wrong setup codes",
                     "restart the box: it shows a new setup code on its console");
  }
  if (given.empty() || !ConstantTimeEquals(given, code_)) {
    ++wrong_codes_;
    return MakeError(Errc::kForbidden, "missing or wrong setup code",
                     "the setup code is shown on the box's console (or in its log)");
  }
  return Status::Ok();
}

Status SetupMode::Claim() {
  std::lock_guard lock(mu_);
  if (finished_) return MakeError(Errc::kConflict, "this box already holds an office");
  if (busy_) return MakeError(Errc::kConflict, "a setup or restore is already running");
  busy_ = true;
  return Status::Ok();
}

Result<std::string> SetupMode::CreateOffice(const NewOffice& request) {
  if (Status s = Claim(); !s) return s.error();
  std::string card;
  const std::string passphrase = NormalizePassphrase(request.backup_passphrase);
  Status s = CreateOfficeIn(data_dir_, request.office, [&](store::Store& store) -> Status {
    if (!request.backup_target.empty()) {
      Status set = store.Write([&](store::WriteTxn& txn) {
        return WriteSettings(txn, {{"backup_target", request.backup_target}});
      });
      if (!set) return set;
    }
    auto made = SetUpBackupKeys(data_dir_, passphrase, true);
    if (!made) return made.error();
    card = *made;
    return Status::Ok();
  });
  std::lock_guard lock(mu_);
  busy_ = false;
  if (!s) return s.error();
  finished_ = true;
  return card;
}

Status SetupMode::StartRestore(const std::string& archive, const backup::Unlock& unlock) {
  if (Status s = CheckArchiveUnderMediaRoot(archive, media_root_); !s) return s;
  if (Status s = Claim(); !s) return s;
  std::lock_guard lock(mu_);
  if (restore_thread_.joinable()) restore_thread_.join();  // an earlier, failed attempt
  restore_ = {{"state", "running"}, {"phase", "restore"}, {"archive", archive}, {"bytes_done", 0},
              {"bytes_total", 0},   {"letters_done", 0},  {"letters_total", 0}};
  restore_thread_ = std::thread([this, archive, unlock] {
    // Restored inside the data directory and moved up afterwards: the
    // packaged service may write only there, not beside it (where
    // RestoreOffice keeps its staging directory).
    const std::string inner = data_dir_ + "/.restore/office";
    auto result = RestoreOffice(
        archive, unlock, inner, false,
        [this](const backup::Progress& p) {
          std::lock_guard l(mu_);
          restore_["bytes_done"] = p.bytes_done;
          restore_["bytes_total"] = p.bytes_total;
        },
        [this](size_t done, size_t total) {
          std::lock_guard l(mu_);
          restore_["phase"] = "index";
          restore_["letters_done"] = done;
          restore_["letters_total"] = total;
        });
    if (result) {
      if (Status moved = MoveUp(inner, data_dir_); !moved) result = moved.error();
    }
    std::lock_guard l(mu_);
    busy_ = false;
    if (result) {
      restore_["state"] = "done";
      restore_["office"] = result->backup.manifest.value("summary", nlohmann::json::object());
      finished_ = true;
    } else {
      EmptyDirectory(data_dir_);  // RestoreOffice leaves it as it was; be sure
      restore_["state"] = "failed";
      restore_["error"] = {{"code", ErrcName(result.error().code)},
                           {"message", result.error().message},
                           {"hint", result.error().hint}};
    }
  });
  return Status::Ok();
}

nlohmann::json SetupMode::RestoreStatus() const {
  std::lock_guard lock(mu_);
  return restore_;
}

}  // namespace saraban::services
