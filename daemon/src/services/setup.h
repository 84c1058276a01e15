// First boot: making a new office, or restoring one from a backup, in an
// empty data directory. One code path for `saraban init`, `saraban backup
// setup` and the web UI's setup wizard (api/setup_api.cc), which
// `saraban serve` offers while the data directory holds no office.
//
// The wizard is guarded by a one-time setup code that serve prints on the
// console at start: a stranger on the LAN who reaches the box first cannot
// make themselves its administrator without it.
// Thread-safety: the free functions are not safe to run twice at once on one
// data directory; SetupMode is safe to call from any thread.
//
// Errors: kConflict (the data directory already holds an office, or a setup
// or restore is already running or done), kInvalidArgument (bad fields, an
// archive outside the media root), kForbidden (wrong setup code), kIo.
#ifndef SARABAN_DAEMON_SERVICES_SETUP_H_
#define SARABAN_DAEMON_SERVICES_SETUP_H_

#include <atomic>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "backup/backup.h"
#include "core/error.h"
#include "services/org.h"
#include "store/store.h"

namespace saraban::services {

// Whether `data_dir` holds no office: absent, or an empty directory.
bool DataDirIsEmpty(const std::string& data_dir);

// Creates `data_dir` (mode 0700) and a new office in it, then runs `more`
// on the new store (demo data, backup target, ...). Refuses a non-empty
// directory; when anything fails, removes everything it wrote, so the
// directory is empty again.
Status CreateOfficeIn(const std::string& data_dir, const OfficeSetup& setup,
                      const std::function<Status(store::Store&)>& more = {});

// Makes the office's backup keys from an already normalised passphrase (see
// NormalizePassphrase) and saves them in DATA/backup-keys.json. Returns the
// recovery key card text (empty without `with_recovery`): shown once, never
// stored.
Result<std::string> SetUpBackupKeys(const std::string& data_dir, const std::string& passphrase,
                                    bool with_recovery);

// What a person typed as a passphrase, normalised (NFC, Thai/Lao AM
// composed) so the same words typed on another keyboard give the same key.
std::string NormalizePassphrase(const std::string& typed);

// What the wizard asks for a new office.
struct NewOffice {
  OfficeSetup office;
  std::string backup_passphrase;  // as typed
  std::string backup_target;      // folder for the daily backup ("": none yet)
};

// The state of first boot while serve runs in setup mode.
class SetupMode {
 public:
  SetupMode(std::string data_dir, std::string media_root);
  ~SetupMode();  // waits for a running restore
  SetupMode(const SetupMode&) = delete;
  SetupMode& operator=(const SetupMode&) = delete;

  // The one-time code, "1234-5678".
  const std::string& code() const { return code_; }
  const std::string& media_root() const { return media_root_; }
  // kForbidden for a missing or wrong code; after 20 wrong codes every code
  // is refused until the daemon restarts (and prints a new one).
  Status CheckCode(const std::string& given);
  // An office exists now: serve should leave setup mode.
  bool finished() const { return finished_; }

  // Creates the office and its backup keys; returns the recovery card text.
  Result<std::string> CreateOffice(const NewOffice& request);
  // Starts restoring `archive` (a .sbk file under the media root) in the
  // background; RestoreStatus tells how it goes.
  Status StartRestore(const std::string& archive, const backup::Unlock& unlock);
  // {"state": "idle"|"running"|"done"|"failed", "phase", "bytes_done",
  //  "bytes_total", "letters_done", "letters_total", "error"?}
  nlohmann::json RestoreStatus() const;

 private:
  Status Claim();  // kConflict when a setup or restore is running or done

  const std::string data_dir_;
  const std::string media_root_;
  const std::string code_;
  mutable std::mutex mu_;
  int wrong_codes_ = 0;
  bool busy_ = false;
  nlohmann::json restore_;
  std::thread restore_thread_;
  std::atomic<bool> finished_{false};
};

// Whether `path` names a backup archive (.sbk regular file) under
// `media_root`, after resolving links and "..": only what is on a USB drive
// may be restored through the web.
Status CheckArchiveUnderMediaRoot(const std::string& path, const std::string& media_root);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_SETUP_H_
