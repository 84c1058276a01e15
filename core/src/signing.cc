#include "core/signing.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstdint>
#include <memory>

#include "core/crypto.h"

namespace saraban {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

constexpr char kMagic[] = {'S', 'R', 'B', 'K'};
constexpr uint8_t kVersion = 1;
constexpr uint8_t kLog2N = 15;
constexpr uint8_t kR = 8;
constexpr uint8_t kP = 1;
constexpr size_t kSaltSize = 16;
constexpr size_t kNonceSize = 12;
constexpr size_t kTagSize = 16;
constexpr size_t kKeySize = 32;
constexpr size_t kHeaderSize = sizeof kMagic + 4 + kSaltSize + kNonceSize;
constexpr size_t kMaxSecret = 1 << 20;
constexpr uint64_t kMaxScryptMemory = uint64_t{256} << 20;

// The OpenSSL error queue's oldest message, emptying the queue.
Error OpenSslError(std::string_view what) {
  const unsigned long code = ERR_get_error();
  std::string message(what);
  if (code != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    message += ": ";
    message += buf;
  }
  ERR_clear_error();
  return MakeError(Errc::kInternal, message);
}

const unsigned char* Bytes(std::string_view s) {
  static const unsigned char kEmpty = 0;
  return s.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(s.data());
}

unsigned char* MutableBytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

Result<Pkey> PrivateKey(std::string_view private_key) {
  if (private_key.size() != kEd25519KeySize) {
    return MakeError(Errc::kInvalidArgument, "an Ed25519 private key is 32 bytes, not " +
                                                 std::to_string(private_key.size()));
  }
  Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, Bytes(private_key),
                                        private_key.size()));
  if (!key) return OpenSslError("loading an Ed25519 private key");
  return key;
}

Result<std::string> RawKey(EVP_PKEY* key, bool private_half) {
  std::string out(kEd25519KeySize, '\0');
  size_t len = out.size();
  const int ok = private_half ? EVP_PKEY_get_raw_private_key(key, MutableBytes(out), &len)
                              : EVP_PKEY_get_raw_public_key(key, MutableBytes(out), &len);
  if (ok != 1 || len != kEd25519KeySize) {
    WipeSecret(out);
    return OpenSslError("reading an Ed25519 key");
  }
  return out;
}

// scrypt(password, salt) -> 32-byte key.
Result<std::string> DeriveKey(std::string_view password, std::string_view salt, uint8_t log2_n,
                              uint8_t r, uint8_t p) {
  const uint64_t n = uint64_t{1} << log2_n;
  // scrypt needs 128 * r * (N + p + 2) bytes; OpenSSL's default ceiling (32 MiB)
  // is just below what N = 2^15, r = 8 takes.
  const uint64_t max_memory = 128 * uint64_t{r} * (n + p + 2) + (uint64_t{1} << 20);
  std::string key(kKeySize, '\0');
  if (EVP_PBE_scrypt(reinterpret_cast<const char*>(Bytes(password)), password.size(), Bytes(salt),
                     salt.size(), n, r, p, max_memory, MutableBytes(key), key.size()) != 1) {
    WipeSecret(key);
    return OpenSslError("scrypt");
  }
  return key;
}

}  // namespace

void WipeSecret(std::string& secret) {
  if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
  secret.clear();
}

Result<Ed25519KeyPair> GenerateEd25519KeyPair() {
  PkeyCtx ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) {
    return OpenSslError("preparing Ed25519 key generation");
  }
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_keygen(ctx.get(), &raw) != 1) return OpenSslError("generating an Ed25519 key");
  Pkey key(raw);
  auto pub = RawKey(key.get(), false);
  if (!pub) return pub.error();
  auto priv = RawKey(key.get(), true);
  if (!priv) return priv.error();
  return Ed25519KeyPair{std::move(*pub), std::move(*priv)};
}

Result<std::string> Ed25519PublicKey(std::string_view private_key) {
  auto key = PrivateKey(private_key);
  if (!key) return key.error();
  return RawKey(key->get(), false);
}

Result<std::string> Ed25519Sign(std::string_view private_key, std::string_view message) {
  auto key = PrivateKey(private_key);
  if (!key) return key.error();
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key->get()) != 1) {
    return OpenSslError("preparing an Ed25519 signature");
  }
  std::string signature(kEd25519SignatureSize, '\0');
  size_t len = signature.size();
  if (EVP_DigestSign(ctx.get(), MutableBytes(signature), &len, Bytes(message), message.size()) !=
          1 ||
      len != kEd25519SignatureSize) {
    return OpenSslError("signing with Ed25519");
  }
  return signature;
}

bool Ed25519Verify(std::string_view public_key, std::string_view message,
                   std::string_view signature) {
  if (public_key.size() != kEd25519KeySize || signature.size() != kEd25519SignatureSize) {
    return false;
  }
  Pkey key(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, Bytes(public_key), public_key.size()));
  MdCtx ctx(EVP_MD_CTX_new());
  const bool ok = key && ctx &&
                  EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
                  EVP_DigestVerify(ctx.get(), Bytes(signature), signature.size(), Bytes(message),
                                   message.size()) == 1;
  ERR_clear_error();  // a signature that does not verify leaves entries behind
  return ok;
}

Result<std::string> SealWithPassword(std::string_view secret, std::string_view password) {
  if (secret.size() > kMaxSecret) {
    return MakeError(Errc::kInvalidArgument, "a sealed secret is at most 1 MiB");
  }
  std::string out(kMagic, sizeof kMagic);
  out.push_back(static_cast<char>(kVersion));
  out.push_back(static_cast<char>(kLog2N));
  out.push_back(static_cast<char>(kR));
  out.push_back(static_cast<char>(kP));
  const std::string salt = RandomBytes(kSaltSize);
  out += salt;
  out += RandomBytes(kNonceSize);
  auto key = DeriveKey(password, salt, kLog2N, kR, kP);
  if (!key) return key.error();

  CipherCtx ctx(EVP_CIPHER_CTX_new());
  const auto* nonce = Bytes(std::string_view(out).substr(kHeaderSize - kNonceSize));
  int len = 0;
  const bool init =
      ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(*key), nonce) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(out), static_cast<int>(out.size())) == 1;
  WipeSecret(*key);
  if (!init) return OpenSslError("preparing AES-256-GCM");
  out.resize(kHeaderSize + secret.size() + kTagSize);
  unsigned char* cipher = MutableBytes(out) + kHeaderSize;
  int final_len = 0;
  if (EVP_EncryptUpdate(ctx.get(), cipher, &len, Bytes(secret), static_cast<int>(secret.size())) !=
          1 ||
      EVP_EncryptFinal_ex(ctx.get(), cipher + len, &final_len) != 1 ||
      static_cast<size_t>(len + final_len) != secret.size() ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, cipher + secret.size()) != 1) {
    return OpenSslError("encrypting with AES-256-GCM");
  }
  return out;
}

Result<std::string> OpenWithPassword(std::string_view sealed, std::string_view password) {
  if (sealed.size() < kHeaderSize + kTagSize ||
      sealed.substr(0, sizeof kMagic) != std::string_view(kMagic, sizeof kMagic)) {
    return MakeError(Errc::kCorruption, "not a sealed secret");
  }
  const auto version = static_cast<uint8_t>(sealed[4]);
  if (version != kVersion) {
    return MakeError(Errc::kCorruption,
                     "sealed secret of unknown version " + std::to_string(version),
                     "it was written by a newer Saraban");
  }
  const auto log2_n = static_cast<uint8_t>(sealed[5]);
  const auto r = static_cast<uint8_t>(sealed[6]);
  const auto p = static_cast<uint8_t>(sealed[7]);
  // Bounds, so that a damaged value cannot ask for unbounded memory or time.
  if (log2_n < 10 || log2_n > 20 || r < 1 || r > 32 || p < 1 || p > 16 ||
      128 * uint64_t{r} * (uint64_t{1} << log2_n) > kMaxScryptMemory) {
    return MakeError(Errc::kCorruption, "sealed secret with out-of-range scrypt parameters");
  }
  const std::string_view header = sealed.substr(0, kHeaderSize);
  const std::string_view salt = header.substr(sizeof kMagic + 4, kSaltSize);
  const std::string_view nonce = header.substr(kHeaderSize - kNonceSize);
  const std::string_view cipher =
      sealed.substr(kHeaderSize, sealed.size() - kHeaderSize - kTagSize);
  std::string tag(sealed.substr(sealed.size() - kTagSize));

  auto key = DeriveKey(password, salt, log2_n, r, p);
  if (!key) return key.error();
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  const bool init =
      ctx &&
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(*key), Bytes(nonce)) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(header), static_cast<int>(header.size())) ==
          1;
  WipeSecret(*key);
  if (!init) return OpenSslError("preparing AES-256-GCM");
  std::string secret(cipher.size(), '\0');
  if (EVP_DecryptUpdate(ctx.get(), MutableBytes(secret), &len, Bytes(cipher),
                        static_cast<int>(cipher.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) != 1) {
    WipeSecret(secret);
    return OpenSslError("decrypting with AES-256-GCM");
  }
  unsigned char end[16];
  int final_len = 0;
  if (EVP_DecryptFinal_ex(ctx.get(), end, &final_len) != 1) {
    WipeSecret(secret);
    ERR_clear_error();
    return MakeError(Errc::kUnauthenticated, "wrong password (or the sealed value was altered)");
  }
  return secret;
}

}  // namespace saraban
