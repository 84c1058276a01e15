// Backing up and restoring a whole office: the glue between the live store,
// the blob store and the backup component, shared by `saraban backup` and the
// daemon's scheduled backups.
// Thread-safety: functions only; backup::Create refuses two backups into one
// target at once.
#ifndef SARABAN_DAEMON_SERVICES_BACKUP_RUNNER_H_
#define SARABAN_DAEMON_SERVICES_BACKUP_RUNNER_H_

#include <functional>
#include <string>

#include "backup/backup.h"
#include "core/error.h"
#include "store/store.h"

namespace saraban::services {

// DATA/backup-keys.json: the office's backup keys (outside LMDB, so never
// inside a backup).
std::string BackupKeysPath(const std::string& data_dir);

// Takes a consistent snapshot of the live store while it keeps serving,
// lists every blob the snapshot references, summarises it (letters,
// attachments, latest number of each register book) and writes an encrypted
// backup into `target`.
Result<backup::CreateResult> BackUpOffice(store::Store& live, const std::string& data_dir,
                                          const std::string& target, const backup::OfficeKeys& keys,
                                          int keep_last, const backup::ProgressFn& progress);

struct RestoreOutcome {
  backup::VerifyResult backup;
  size_t letters_indexed = 0;
};

// Restores `archive` as the office in `data_dir` and rebuilds its search
// index. `data_dir` must be empty or absent unless `force`, in which case
// the existing office is swapped out only after the restore fully succeeded
// (and removed). On failure `data_dir` is as it was.
Result<RestoreOutcome> RestoreOffice(const std::string& archive, const backup::Unlock& unlock,
                                     const std::string& data_dir, bool force,
                                     const backup::ProgressFn& progress,
                                     const std::function<void(size_t, size_t)>& index_progress);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_BACKUP_RUNNER_H_
