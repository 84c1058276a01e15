// saraban backup setup | create | verify | restore: the IT person's tools
// for the USB drive. Progress bars on a terminal; one clear line on failure.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "indexer/indexer.h"
#include "core/calendar.h"
#include "services/backup_runner.h"
#include "services/backup_scheduler.h"
#include "services/setup.h"

namespace saraban::cli {
namespace {

Result<std::string> FirstLine(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(Errc::kIo, "cannot read " + path);
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The passphrase from --passphrase-file, else $SARABAN_BACKUP_PASSPHRASE,
// normalised (NFC, Thai/Lao AM composed) so that the same words typed on
// another keyboard or box give the same key.
Result<std::string> Passphrase(const std::string& file) {
  std::string raw;
  if (!file.empty()) {
    auto line = FirstLine(file);
    if (!line) return line.error();
    raw = *line;
  } else if (const char* env = std::getenv("SARABAN_BACKUP_PASSPHRASE"); env && *env) {
    raw = env;
  } else {
    return MakeError(Errc::kInvalidArgument, "no backup passphrase given",
                     "pass --passphrase-file FILE or set SARABAN_BACKUP_PASSPHRASE");
  }
  return services::NormalizePassphrase(raw);
}

// Keys for a backup into `target` given only a passphrase: those of the
// newest backup there that the passphrase opens (so the new backup reuses
// its files and retention applies), else new ones.
Result<backup::OfficeKeys> KeysForTarget(const std::string& target, const std::string& passphrase) {
  std::vector<std::filesystem::path> earlier;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(target, ec)) {
    if (e.path().extension() == ".sbk") earlier.push_back(e.path());
  }
  std::sort(earlier.rbegin(), earlier.rend());  // names sort by creation time
  for (const auto& path : earlier) {
    if (auto keys = backup::OfficeKeysFromBackup(path.string(), passphrase)) return keys;
  }
  auto made = backup::MakeOfficeKeys(passphrase, false);
  if (!made) return made.error();
  return made->keys;
}

backup::ProgressFn BarFor(ProgressBar& bar) {
  return [&bar](const backup::Progress& p) { bar.Update(p.bytes_done >> 20, p.bytes_total >> 20); };
}

void PrintSummary(const nlohmann::json& manifest) {
  const auto& s = manifest.value("summary", nlohmann::json::object());
  std::cout << "backup of:     " << s.value("office", "") << "\n"
            << "taken:         " << s.value("created", "") << "\n"
            << "format:        " << manifest.value("format_version", 0) << "\n"
            << "letters:       " << s.value("letters", 0) << "\n"
            << "attachments:   " << s.value("attachments", 0) << "\n";
  for (const auto& r : s.value("registers", nlohmann::json::array())) {
    std::cout << "register:      " << r.value("unit_code", "") << " " << r.value("book", "") << " "
              << r.value("year", 0) << ": last number " << r.value("last_number", 0) << "\n";
  }
}

}  // namespace

int RunBackupSetup(const std::string& data_dir, const std::string& passphrase_file,
                   bool with_recovery) {
  auto passphrase = Passphrase(passphrase_file);
  if (!passphrase) return Fail(passphrase.error());
  // The setup wizard (services/setup.h) makes the keys the same way.
  auto card = services::SetUpBackupKeys(data_dir, *passphrase, with_recovery);
  if (!card) return Fail(card.error());
  std::cout << "backup keys saved in " << services::BackupKeysPath(data_dir) << "\n";
  if (with_recovery) {
    std::cout << "\nRECOVERY KEY CARD - print it or write it down, keep it locked away.\n"
              << "It opens every backup if the passphrase is lost. It is shown only now.\n\n    "
              << *card << "\n\n";
  }
  return 0;
}

int RunBackupCreate(const std::string& data_dir, const std::string& target,
                    const std::string& passphrase_file, int keep_last) {
  auto store = store::Store::Open(data_dir, {});
  if (!store) return Fail(store.error());
  Result<backup::OfficeKeys> keys = MakeError(Errc::kInternal, "unset");
  if (!passphrase_file.empty()) {
    auto passphrase = Passphrase(passphrase_file);
    if (!passphrase) return Fail(passphrase.error());
    keys = KeysForTarget(target, *passphrase);
    if (!keys) return Fail(keys.error());
    // Keep the office's recovery key in this backup too, when it has one.
    if (auto saved = backup::LoadOfficeKeys(services::BackupKeysPath(data_dir))) {
      keys->recovery_public = saved->recovery_public;
    }
  } else {
    keys = backup::LoadOfficeKeys(services::BackupKeysPath(data_dir));
    if (!keys) {
      return Fail(MakeError(Errc::kInvalidArgument, "backups are not set up for " + data_dir,
                            "run 'saraban backup setup' or pass --passphrase-file"));
    }
  }
  ProgressBar bar("backup", "MB");
  const int64_t start = NowMillis();
  auto result = services::BackUpOffice(**store, data_dir, target, *keys, keep_last, BarFor(bar));
  // Into the history the admin page and `saraban doctor` read, like scheduled backups.
  nlohmann::json outcome = {{"ok", result.ok()},
                            {"at", start},
                            {"seconds", (NowMillis() - start) / 1000.0},
                            {"by", "command"}};
  if (result) {
    outcome.update({{"archive", result->archive_path}, {"bytes", result->archive_bytes}});
  } else {
    outcome.update({{"reason", result.error().message}, {"hint", result.error().hint}});
  }
  if (Status s = services::RecordBackupOutcome(**store, outcome); !s) {
    std::cerr << "saraban: the backup's outcome was not recorded: " << s.error().message << "\n";
  }
  if (!result) return Fail(result.error());
  bar.Finish();
  std::cout << "backup written: " << result->archive_path << "\n"
            << "size: " << result->archive_bytes << " bytes; new files: " << result->blobs_written
            << "; files already on the drive: " << result->blobs_reused << "\n";
  for (const auto& removed : result->removed) std::cout << "removed old backup: " << removed << "\n";
  return 0;
}

// The unlock from --passphrase-file or --recovery-file.
Result<backup::Unlock> UnlockFrom(const std::string& passphrase_file,
                                  const std::string& recovery_file) {
  backup::Unlock unlock;
  if (!recovery_file.empty()) {
    auto card = FirstLine(recovery_file);
    if (!card) return card.error();
    unlock.recovery_card = *card;
    return unlock;
  }
  auto passphrase = Passphrase(passphrase_file);
  if (!passphrase) return passphrase.error();
  unlock.passphrase = *passphrase;
  return unlock;
}

int RunBackupVerify(const std::string& archive, const std::string& passphrase_file,
                    const std::string& recovery_file) {
  auto unlock = UnlockFrom(passphrase_file, recovery_file);
  if (!unlock) return Fail(unlock.error());
  ProgressBar bar("verify", "MB");
  auto result = backup::Verify(archive, *unlock, BarFor(bar));
  if (!result) return Fail(result.error());
  bar.Finish();
  PrintSummary(result->manifest);
  std::cout << "OK: " << result->chunks << " chunks and " << result->blobs_checked
            << " files checked\n";
  return 0;
}

int RunBackupRestore(const std::string& archive, const std::string& data_dir,
                     const std::string& passphrase_file, const std::string& recovery_file,
                     bool force) {
  auto unlock = UnlockFrom(passphrase_file, recovery_file);
  if (!unlock) return Fail(unlock.error());
  ProgressBar bar("restore", "MB");
  ProgressBar index_bar("search index", "letters");
  auto result = services::RestoreOffice(
      archive, *unlock, data_dir, force, BarFor(bar),
      [&](size_t done, size_t total) { index_bar.Update(done, total); });
  if (!result) return Fail(result.error());
  bar.Finish();
  index_bar.Finish();
  PrintSummary(result->backup.manifest);
  std::cout << "restored into " << data_dir << "; " << result->letters_indexed
            << " letters indexed.\n"
            << "Run 'saraban backup setup --data " << data_dir
            << "' to set the passphrase for this box's own backups.\n";
  return 0;
}

}  // namespace saraban::cli
