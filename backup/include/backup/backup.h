// Encrypted, incremental backups of an office to a directory (a USB drive),
// and their verification and restore. Format: docs/backup-format.md.
//
// A backup is one file TARGET/saraban-YYYYMMDD-HHMMSS-XXXX.sbk: a pax
// archive, zstd-compressed, encrypted in chunks with AES-256-GCM under a
// random file key. The file key is wrapped by a key derived from the office
// passphrase (Argon2id) and, when the office has one, by its recovery key (an
// X25519 key pair whose private half exists only on the paper key card). The
// archive holds a manifest, a consistent LMDB snapshot, and the blobs that no
// earlier backup in TARGET holds; the manifest names, for every blob the
// snapshot references, the backup file that holds it, so each backup restores
// on its own from what is in TARGET.
//
// This component knows nothing of HTTP and nothing of LMDB: the caller hands
// it a snapshot file and the list of blobs that snapshot references.
// Thread-safety: functions only; two backups into one TARGET at once are
// refused (a lock file).
//
// Errors: kInvalidArgument (bad options), kUnauthenticated (wrong passphrase
// or recovery key), kCorruption (a chunk or blob fails its check; the message
// says which and how: flipped bit, truncated, reordered or missing chunk,
// trailing bytes, wrong blob hash, missing backup file), kUnsupported (a
// format version newer than this reader), kFull (target full), kIo (target
// missing or read-only, and everything else the OS refuses), kConflict (a
// backup into TARGET is already running, or restore target not empty).
// A recovery card that does not check out (a mistyped character) is
// kInvalidArgument, before any file is opened.
#ifndef SARABAN_BACKUP_BACKUP_H_
#define SARABAN_BACKUP_BACKUP_H_

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace saraban::backup {

inline constexpr uint32_t kFormatVersion = 1;

// The office's backup keys, kept by the daemon in DATA/backup-keys.json
// (mode 0600; outside LMDB, so never inside a backup). Holding them lets the
// daemon make scheduled backups without anyone typing the passphrase.
struct OfficeKeys {
  std::string kdf_salt;  // 16 random bytes
  uint32_t kdf_memory_kib = 65536;
  uint32_t kdf_iterations = 3;
  std::string passphrase_key;   // 32 bytes: Argon2id(passphrase, salt)
  std::string recovery_public;  // 32-byte X25519 public key, or empty
};

// Derives keys from a passphrase (at least 12 characters: kInvalidArgument
// otherwise). With `with_recovery`, also makes a recovery key pair and
// returns the paper card text of its private half (shown once, never stored).
struct NewKeys {
  OfficeKeys keys;
  std::string recovery_card;  // e.g. "SRBK-7Q2M-...": empty without recovery
};
// The passphrase is used as the UTF-8 bytes given (no normalisation): the
// caller should normalise (NFC) what a person typed, here and at restore.
Result<NewKeys> MakeOfficeKeys(const std::string& passphrase, bool with_recovery);
// Writes atomically (temporary file, fsync, rename) with mode 0600.
Status SaveOfficeKeys(const std::string& path, const OfficeKeys& keys);
// kNotFound when there is no file yet, kCorruption when it does not parse,
// kUnsupported when a newer Saraban wrote it, kIo otherwise.
Result<OfficeKeys> LoadOfficeKeys(const std::string& path);
// The keys an existing backup was made with, from its passphrase: the salt
// and Argon2id parameters of its header, checked by opening its passphrase
// slot. Lets a one-off backup given only the passphrase continue that
// backup's chain (reuse its blobs, apply retention to it) instead of starting
// a new one, as MakeOfficeKeys (a new salt) would. recovery_public is empty:
// the file does not hold it. kUnauthenticated (wrong passphrase),
// kCorruption, kUnsupported, kIo.
Result<OfficeKeys> OfficeKeysFromBackup(const std::string& archive_path,
                                        const std::string& passphrase);

struct BlobRef {
  std::string sha256;  // hex; the blob's name and its check
  std::string path;    // where to read it
  uint64_t size = 0;
};

// What to back up, prepared by the caller from one consistent snapshot.
struct Source {
  std::string snapshot_path;   // a compact LMDB copy (store/data.mdb of the restored office)
  std::vector<BlobRef> blobs;  // every blob the snapshot references
  nlohmann::json summary;      // shown by verify: date, letters, attachments, register numbers
};

struct Progress {
  uint64_t bytes_done = 0, bytes_total = 0;
  uint64_t files_done = 0, files_total = 0;
};
using ProgressFn = std::function<void(const Progress&)>;

struct CreateOptions {
  std::string target_dir;
  OfficeKeys keys;
  int keep_last =
      0;  // > 0: afterwards remove backups beyond the newest N (and files no kept one needs)
  ProgressFn progress;
};

struct CreateResult {
  std::string archive_path;
  uint64_t archive_bytes = 0;
  uint64_t blobs_written = 0;        // new in this backup
  uint64_t blobs_reused = 0;         // held by earlier backups in the target
  std::vector<std::string> removed;  // by retention
};

// Writes the backup to a temporary name in the target, fsyncs it and renames
// it into place: a failure leaves no file that looks like a finished backup.
// Blobs already held by an earlier backup in the target (one readable with
// the same keys) are not written again. Retention counts only backups made
// with these keys, and never removes a file a kept backup still needs; it is
// best effort (a file that cannot be removed stays, unreported).
Result<CreateResult> Create(const Source& source, const CreateOptions& options);

// How to open a backup: the passphrase, or the recovery card text.
struct Unlock {
  std::string passphrase;
  std::string recovery_card;
};

struct VerifyResult {
  nlohmann::json manifest;  // format version, created, summary, blobs
  uint64_t chunks = 0;
  uint64_t blobs_checked = 0;
};
// Decrypts and checks every chunk of the backup and of every file it needs
// from the same directory, and every blob's SHA-256, writing nothing.
Result<VerifyResult> Verify(const std::string& archive_path, const Unlock& unlock,
                            const ProgressFn& progress = {});

// Restores into `dir`, which must be empty or absent: dir/store/data.mdb
// (the snapshot) and dir/blobs/ab/abcd... (every referenced blob, checked).
// Nothing is left in `dir` when it fails.
Result<VerifyResult> Restore(const std::string& archive_path, const Unlock& unlock,
                             const std::string& dir, const ProgressFn& progress = {});

}  // namespace saraban::backup

#endif  // SARABAN_BACKUP_BACKUP_H_
