// The cryptographic primitives of the backup format on raw byte strings:
// AES-256-GCM, X25519, HKDF-SHA256 and Argon2id. OpenSSL and libargon2 stay
// inside crypto_ops.cc.
// Thread-safety: functions are safe from any thread; a Gcm object belongs to
// one thread at a time.
#ifndef SARABAN_BACKUP_CRYPTO_OPS_H_
#define SARABAN_BACKUP_CRYPTO_OPS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace saraban::backup {

inline constexpr size_t kKeyLen = 32;
inline constexpr size_t kGcmNonceLen = 12;
inline constexpr size_t kGcmTagLen = 16;

// AES-256-GCM with one key and many nonces. Failures of Seal are OpenSSL
// failures (kInternal); Open answers false when the tag does not match.
class Gcm {
 public:
  explicit Gcm(std::string_view key);  // kKeyLen bytes
  ~Gcm();
  Gcm(const Gcm&) = delete;
  Gcm& operator=(const Gcm&) = delete;

  // Encrypts n bytes from `in` into `out` (n bytes) and writes the tag.
  Status Seal(std::string_view nonce, std::string_view aad, const void* in, size_t n, void* out,
              void* tag);
  // Decrypts n bytes into `out` when the tag matches.
  bool Open(std::string_view nonce, std::string_view aad, const void* in, size_t n, const void* tag,
            void* out);

 private:
  std::string key_;
  void* ctx_;  // EVP_CIPHER_CTX
};

// Whole-buffer helpers for the key slots: out = ciphertext || tag.
Result<std::string> SealBytes(std::string_view key, std::string_view nonce, std::string_view aad,
                              std::string_view plaintext);
// Empty optional-like: ok() with the plaintext, or kUnauthenticated.
Result<std::string> OpenBytes(std::string_view key, std::string_view nonce, std::string_view aad,
                              std::string_view sealed);

struct X25519Pair {
  std::string private_key;  // 32 bytes
  std::string public_key;   // 32 bytes
};
Result<X25519Pair> X25519Generate();
Result<std::string> X25519PublicOf(std::string_view private_key);
// The shared secret; fails (kUnauthenticated) for a peer key of small order.
Result<std::string> X25519Shared(std::string_view private_key, std::string_view peer_public);

Result<std::string> HkdfSha256(std::string_view ikm, std::string_view salt, std::string_view info,
                               size_t length);

// Argon2id (version 0x13) raw hash of kKeyLen bytes.
Result<std::string> Argon2idKey(std::string_view passphrase, std::string_view salt,
                                uint32_t memory_kib, uint32_t iterations, uint32_t parallelism);

// Lower-case hex to bytes; nullopt for anything else.
std::optional<std::string> HexDecode(std::string_view hex);

}  // namespace saraban::backup

#endif  // SARABAN_BACKUP_CRYPTO_OPS_H_
