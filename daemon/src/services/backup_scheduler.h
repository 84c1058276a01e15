// BackupScheduler runs the office's daily backup at the configured time to
// the configured target, and "back up now" from the admin API; it keeps the
// progress of a running backup and records every outcome (success with size
// and duration, or failure with its reason) in the store for the admin page.
// Thread-safety: all methods may be called from any thread; one backup runs
// at a time.
#ifndef SARABAN_DAEMON_SERVICES_BACKUP_SCHEDULER_H_
#define SARABAN_DAEMON_SERVICES_BACKUP_SCHEDULER_H_

#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "backup/backup.h"
#include "core/error.h"
#include "store/store.h"

namespace saraban::services {

class BackupScheduler {
 public:
  BackupScheduler(store::Store& store, std::string data_dir)
      : store_(store), data_dir_(std::move(data_dir)) {}
  ~BackupScheduler() { Stop(); }
  BackupScheduler(const BackupScheduler&) = delete;
  BackupScheduler& operator=(const BackupScheduler&) = delete;

  // Checks the schedule every 30 seconds.
  void Start();
  void Stop();

  // Starts a backup now in the background. kConflict if one is running or
  // backups are not set up (no keys, no target).
  Status RunNow();
  // {"running", "progress", "last_success", "last_failure", "history", ...}
  Result<nlohmann::json> Report();

 private:
  void Loop();
  void RunOnce();  // one backup, recorded
  Result<bool> Due(int64_t now);

  store::Store& store_;
  std::string data_dir_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool running_ = false;
  int64_t started_at_ = 0;
  backup::Progress progress_;
  std::thread loop_, worker_;
};

// The recorded backup outcomes: {"last_success", "last_failure", "history",
// ...}, each outcome {"ok", "at" (Unix ms), ...}; an empty history when none.
Result<nlohmann::json> LoadBackupState(const store::ReadTxn& txn);
// Records one outcome (scheduled, "back up now" or `saraban backup create`)
// for the admin page and `saraban doctor`.
Status RecordBackupOutcome(store::Store& store, const nlohmann::json& outcome);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_BACKUP_SCHEDULER_H_
