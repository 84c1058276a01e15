// USB drives plugged into the box, as the daemon sees them: every mount point
// directly under the media root (/media/saraban/<label>, mounted by the udev
// rule in packaging/; see docs/operations.md) is a drive, offered as a backup
// target and as a restore source. A folder there that is not a mount point is
// a drive's leftover mount point, not a drive.
//
// Ejecting syncs the drive's file system, then unmounts it. The daemon
// unmounts by itself when it may (root, as in tests); the packaged service
// may not (no CAP_SYS_ADMIN, and its mount namespace is its own), so it asks
// the root helper (saraban-eject.path/.service) by writing
// RUN_DIR/eject/<name> and waits for RUN_DIR/eject/<name>.done, which holds
// "ok" or the reason.
// Thread-safety: functions only.
//
// Errors: kNotFound (no such drive), kInvalidArgument (a name that is not a
// plain folder name), kConflict (the drive is busy: a backup is being written
// to it), kIo.
#ifndef SARABAN_DAEMON_SERVICES_DRIVES_H_
#define SARABAN_DAEMON_SERVICES_DRIVES_H_

#include <chrono>
#include <string>
#include <vector>

#include "core/error.h"

namespace saraban::services {

struct DriveBackup {
  std::string name;  // file name of the .sbk
  uint64_t size = 0;
  int64_t modified_at = 0;  // ms since the epoch
};

struct Drive {
  std::string name;  // folder name under the media root (the drive's label)
  std::string path;
  std::string file_system;  // "vfat", "exfat", ...
  std::string device;       // "/dev/sdb1"
  uint64_t total_bytes = 0;
  uint64_t free_bytes = 0;
  std::vector<DriveBackup> backups;  // newest first, top folder and saraban/ on the drive
};

struct DriveOptions {
  std::string media_root = "/media/saraban";
  std::string run_dir = "/run/saraban";  // where eject requests go for the root helper
  std::chrono::seconds helper_timeout{60};
};

Result<std::vector<Drive>> ListDrives(const DriveOptions& options);
// The drive mounted at media_root/name, or kNotFound.
Result<Drive> FindDrive(const DriveOptions& options, const std::string& name);
// Syncs and unmounts; returns when the drive may be pulled out.
Status EjectDrive(const DriveOptions& options, const std::string& name);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_DRIVES_H_
