// The encrypted container of a backup file (docs/backup-format.md): the
// header with its key slots, and the stream of AES-256-GCM chunks.
//
// ChunkWriter turns a byte stream into chunks on a file descriptor;
// ChunkReader turns them back, checking every tag and telling apart a damaged
// chunk, a missing or reordered one, a truncated file and trailing bytes.
// Thread-safety: each object belongs to one thread at a time.
#ifndef SARABAN_BACKUP_CONTAINER_H_
#define SARABAN_BACKUP_CONTAINER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "backup/backup.h"
#include "core/error.h"
#include "crypto_ops.h"

namespace saraban::backup {

inline constexpr std::string_view kMagic{"SARABAN-BACKUP\0\0", 16};
inline constexpr size_t kPreambleLen = 24;  // magic, version, body length
inline constexpr uint32_t kMaxHeaderBodyLen = 65536;
inline constexpr size_t kChunkSize = 1u << 20;
inline constexpr size_t kStreamIdLen = 8;
inline constexpr size_t kSaltLen = 16;
inline constexpr uint8_t kKdfArgon2id = 1;
inline constexpr uint8_t kSlotPassphrase = 1;
inline constexpr uint8_t kSlotRecovery = 2;
inline constexpr std::string_view kRecoveryInfo = "saraban backup recovery v1";

// Limits a reader enforces so a damaged header cannot make it allocate or
// compute without bound.
inline constexpr uint32_t kMaxMemoryKib = 4u << 20;  // 4 GiB
inline constexpr uint32_t kMaxIterations = 64;
inline constexpr uint32_t kMaxParallelism = 64;

struct KeySlot {
  uint8_t type = 0;
  std::string body;
};

struct Header {
  uint32_t version = kFormatVersion;
  uint8_t kdf = kKdfArgon2id;
  std::string salt;
  uint32_t memory_kib = 0;
  uint32_t iterations = 0;
  uint32_t parallelism = 1;
  std::string stream_id;
  std::vector<KeySlot> slots;
  // The exact bytes of the header as stored (preamble and body); their
  // SHA-256 is in every chunk's associated data.
  std::string raw;
};

// Makes a header for a new file: wraps `file_key` in a passphrase slot under
// keys.passphrase_key and, when keys.recovery_public is set, in a recovery
// slot. Fills `raw`.
Result<Header> NewHeader(const OfficeKeys& keys, std::string_view file_key);

// Reads and parses the header at the start of `fd`. `name` is used in
// messages. kCorruption (not a backup, damaged header), kUnsupported (newer
// format version), kIo.
Result<Header> ReadHeader(int fd, const std::string& name);

// The way a caller proves it may open backups; remembers derived passphrase
// keys so that a set of files made with the same office keys pays for
// Argon2id once.
class Unlocker {
 public:
  static Unlocker WithPassphraseKey(std::string key);  // OfficeKeys::passphrase_key
  static Unlocker WithPassphrase(std::string passphrase);
  static Unlocker WithRecoveryKey(std::string private_key);

  // The file key of a backup with this header. kUnauthenticated when no
  // slot opens ("wrong passphrase", "the recovery card does not open ...").
  Result<std::string> FileKey(const Header& header, const std::string& name);
  // The key that opens passphrase slots of files with this header's KDF
  // parameters (derived once, then remembered). Not for a recovery key.
  Result<std::string> PassphraseKek(const Header& header);

 private:
  enum class Kind { kPassphraseKey, kPassphrase, kRecovery };
  Unlocker(Kind kind, std::string secret) : kind_(kind), secret_(std::move(secret)) {}
  Kind kind_;
  std::string secret_;
  std::map<std::tuple<std::string, uint32_t, uint32_t, uint32_t>, std::string> kek_cache_;
};

// Associated data and nonce of chunk `counter`.
std::string ChunkNonce(std::string_view stream_id, uint32_t counter);
std::string ChunkAad(std::string_view header_hash, bool final);

class ChunkWriter {
 public:
  // `header` must already be written to fd; `what` names the file in errors.
  ChunkWriter(int fd, const Header& header, std::string_view file_key, std::string what);
  Status Write(const void* data, size_t n);
  // Writes the buffered rest as the final chunk. Nothing may follow.
  Status Finish();
  uint64_t chunks() const { return counter_; }

 private:
  Status Emit(bool final);
  int fd_;
  std::string stream_id_;
  std::string header_hash_;
  Gcm gcm_;
  std::string what_;
  std::string buffer_;
  std::string out_;
  uint32_t counter_ = 0;
  bool finished_ = false;
};

class ChunkReader {
 public:
  // `fd` is positioned just after the header.
  ChunkReader(int fd, const Header& header, std::string_view file_key, std::string name);

  // The plaintext of the next chunk; an empty view once the final chunk has
  // been returned. The view is valid until the next call. Errors are
  // kCorruption with messages naming the chunk, or kIo; once an error is
  // returned, every later call returns it again.
  Result<std::string_view> Next();
  // Reads (and checks) every remaining chunk, through the final one, and
  // that nothing follows it.
  Status DrainToEnd();

  bool finished() const { return finished_; }
  uint64_t chunks() const { return counter_; }
  // The first error returned, if any (for callers behind a C callback).
  const Status& status() const { return status_; }

 private:
  Result<std::string_view> ReadChunk();
  Error Diagnose(const char* sealed, size_t n, const char* tag);
  Error Fail(Error e);

  int fd_;
  std::string stream_id_;
  std::string header_hash_;
  Gcm gcm_;
  std::string name_;
  std::string in_;
  std::string plain_;
  uint32_t counter_ = 0;
  bool finished_ = false;
  Status status_;
};

}  // namespace saraban::backup

#endif  // SARABAN_BACKUP_CONTAINER_H_
