// Electronic signatures: Ed25519 key pairs, signing and verification, and
// sealing a secret (a private key) under a password so that using it needs
// the password. OpenSSL stays behind this header.
//
// Keys and signatures are raw bytes in std::string: a public or private key
// is 32 bytes (RFC 8032), a signature 64 bytes. Signing is deterministic: the
// same key and message always give the same signature.
//
// Sealed format, version 1 (all integers single bytes):
//
//   "SRBK" | version=1 | log2(N) | r | p | salt[16] | nonce[12] | ciphertext | tag[16]
//
// The key is scrypt(password, salt, N, r, p) -> 32 bytes (N = 2^15, r = 8,
// p = 1 when sealing; about 32 MiB and 50-150 ms), the cipher AES-256-GCM
// with everything before the ciphertext as additional authenticated data, so
// the header cannot be altered either. Opening reads the parameters from the
// header (within fixed bounds), so they can be raised later without breaking
// existing sealed values.
//
// Errors:
//  - OpenWithPassword: kUnauthenticated when the password is wrong. AES-GCM
//    cannot tell a wrong password from an altered sealed value, so tampering
//    also answers kUnauthenticated. kCorruption when the value is not a
//    sealed value at all (too short, wrong magic, unknown version, parameters
//    out of bounds).
//  - Ed25519Sign / Ed25519PublicKey: kInvalidArgument for a key that is not
//    32 bytes.
//  - Every call that returns a Result: kInternal when OpenSSL fails (its
//    error queue's message is kept).
//  - Ed25519Verify answers false for anything that does not verify,
//    including keys and signatures of the wrong size; it never fails.
//
// Thread-safety: all functions are safe to call from any thread. Secrets
// returned in std::string are the caller's to wipe (WipeSecret) when done.
#ifndef SARABAN_CORE_SIGNING_H_
#define SARABAN_CORE_SIGNING_H_

#include <string>
#include <string_view>

#include "core/error.h"

namespace saraban {

inline constexpr size_t kEd25519KeySize = 32;
inline constexpr size_t kEd25519SignatureSize = 64;

struct Ed25519KeyPair {
  std::string public_key;   // 32 bytes
  std::string private_key;  // 32 bytes (the RFC 8032 seed)
};

// A new key pair from the operating system's CSPRNG.
Result<Ed25519KeyPair> GenerateEd25519KeyPair();
// The public key that belongs to a private key.
Result<std::string> Ed25519PublicKey(std::string_view private_key);
// The 64-byte signature of `message`.
Result<std::string> Ed25519Sign(std::string_view private_key, std::string_view message);
// True only if `signature` is a valid signature of `message` under `public_key`.
bool Ed25519Verify(std::string_view public_key, std::string_view message,
                   std::string_view signature);

// Encrypts `secret` under a key derived from `password` (format above). Every
// call uses a fresh random salt and nonce, so sealing twice gives different
// values.
Result<std::string> SealWithPassword(std::string_view secret, std::string_view password);
// The secret sealed by SealWithPassword with the same password.
Result<std::string> OpenWithPassword(std::string_view sealed, std::string_view password);

// Overwrites a secret's bytes (in a way the compiler keeps) and empties it.
void WipeSecret(std::string& secret);

}  // namespace saraban

#endif  // SARABAN_CORE_SIGNING_H_
