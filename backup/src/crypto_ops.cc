#include "crypto_ops.h"

#include <argon2.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <cstring>
#include <memory>

namespace saraban::backup {
namespace {

const unsigned char* U(const void* p) { return static_cast<const unsigned char*>(p); }
unsigned char* U(void* p) { return static_cast<unsigned char*>(p); }
const unsigned char* U(std::string_view s) { return U(static_cast<const void*>(s.data())); }

// The OpenSSL error queue as text, emptied.
std::string OpenSslError(const char* what) {
  std::string out = what;
  unsigned long e;
  while ((e = ERR_get_error()) != 0) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    out += ": ";
    out += buf;
  }
  return out;
}

Error Internal(const char* what) { return MakeError(Errc::kInternal, OpenSslError(what)); }

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct KdfFree {
  void operator()(EVP_KDF* p) const { EVP_KDF_free(p); }
};
struct KdfCtxFree {
  void operator()(EVP_KDF_CTX* p) const { EVP_KDF_CTX_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

}  // namespace

Gcm::Gcm(std::string_view key) : key_(key), ctx_(EVP_CIPHER_CTX_new()) {}

Gcm::~Gcm() { EVP_CIPHER_CTX_free(static_cast<EVP_CIPHER_CTX*>(ctx_)); }

Status Gcm::Seal(std::string_view nonce, std::string_view aad, const void* in, size_t n, void* out,
                 void* tag) {
  auto* ctx = static_cast<EVP_CIPHER_CTX*>(ctx_);
  int len = 0;
  if (ctx == nullptr || key_.size() != kKeyLen || nonce.size() != kGcmNonceLen ||
      EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) !=
          1 ||
      EVP_EncryptInit_ex(ctx, nullptr, nullptr, U(key_), U(nonce)) != 1 ||
      EVP_EncryptUpdate(ctx, nullptr, &len, U(aad), static_cast<int>(aad.size())) != 1) {
    return Internal("AES-GCM setup failed");
  }
  if (n > 0 && EVP_EncryptUpdate(ctx, U(out), &len, U(in), static_cast<int>(n)) != 1) {
    return Internal("AES-GCM encryption failed");
  }
  if (EVP_EncryptFinal_ex(ctx, U(out) + (n > 0 ? len : 0), &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, static_cast<int>(kGcmTagLen), tag) != 1) {
    return Internal("AES-GCM finish failed");
  }
  return Status::Ok();
}

bool Gcm::Open(std::string_view nonce, std::string_view aad, const void* in, size_t n,
               const void* tag, void* out) {
  auto* ctx = static_cast<EVP_CIPHER_CTX*>(ctx_);
  int len = 0;
  unsigned char tag_copy[kGcmTagLen];
  std::memcpy(tag_copy, tag, kGcmTagLen);
  if (ctx == nullptr || key_.size() != kKeyLen || nonce.size() != kGcmNonceLen ||
      EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) !=
          1 ||
      EVP_DecryptInit_ex(ctx, nullptr, nullptr, U(key_), U(nonce)) != 1 ||
      EVP_DecryptUpdate(ctx, nullptr, &len, U(aad), static_cast<int>(aad.size())) != 1) {
    ERR_clear_error();
    return false;
  }
  if (n > 0 && EVP_DecryptUpdate(ctx, U(out), &len, U(in), static_cast<int>(n)) != 1) {
    ERR_clear_error();
    return false;
  }
  if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, static_cast<int>(kGcmTagLen), tag_copy) != 1 ||
      EVP_DecryptFinal_ex(ctx, U(out) + (n > 0 ? len : 0), &len) != 1) {
    ERR_clear_error();
    return false;
  }
  return true;
}

Result<std::string> SealBytes(std::string_view key, std::string_view nonce, std::string_view aad,
                              std::string_view plaintext) {
  Gcm gcm(key);
  std::string out(plaintext.size() + kGcmTagLen, '\0');
  Status s = gcm.Seal(nonce, aad, plaintext.data(), plaintext.size(), out.data(),
                      out.data() + plaintext.size());
  if (!s.ok()) return s.error();
  return out;
}

Result<std::string> OpenBytes(std::string_view key, std::string_view nonce, std::string_view aad,
                              std::string_view sealed) {
  if (sealed.size() < kGcmTagLen) {
    return MakeError(Errc::kUnauthenticated, "sealed data is too short");
  }
  const size_t n = sealed.size() - kGcmTagLen;
  Gcm gcm(key);
  std::string out(n, '\0');
  if (!gcm.Open(nonce, aad, sealed.data(), n, sealed.data() + n, out.data())) {
    return MakeError(Errc::kUnauthenticated, "authentication tag does not match");
  }
  return out;
}

Result<X25519Pair> X25519Generate() {
  PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"));
  if (!key) return Internal("X25519 key generation failed");
  X25519Pair pair;
  pair.private_key.resize(kKeyLen);
  pair.public_key.resize(kKeyLen);
  size_t priv_len = kKeyLen, pub_len = kKeyLen;
  if (EVP_PKEY_get_raw_private_key(key.get(), U(pair.private_key.data()), &priv_len) != 1 ||
      EVP_PKEY_get_raw_public_key(key.get(), U(pair.public_key.data()), &pub_len) != 1 ||
      priv_len != kKeyLen || pub_len != kKeyLen) {
    return Internal("X25519 key export failed");
  }
  return pair;
}

Result<std::string> X25519PublicOf(std::string_view private_key) {
  if (private_key.size() != kKeyLen) {
    return MakeError(Errc::kInvalidArgument, "an X25519 private key has 32 bytes");
  }
  PkeyPtr key(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, U(private_key), private_key.size()));
  if (!key) return Internal("X25519 private key import failed");
  std::string pub(kKeyLen, '\0');
  size_t pub_len = kKeyLen;
  if (EVP_PKEY_get_raw_public_key(key.get(), U(pub.data()), &pub_len) != 1) {
    return Internal("X25519 public key export failed");
  }
  return pub;
}

Result<std::string> X25519Shared(std::string_view private_key, std::string_view peer_public) {
  if (private_key.size() != kKeyLen || peer_public.size() != kKeyLen) {
    return MakeError(Errc::kInvalidArgument, "X25519 keys have 32 bytes");
  }
  PkeyPtr priv(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, U(private_key), private_key.size()));
  PkeyPtr peer(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, U(peer_public), peer_public.size()));
  if (!priv || !peer) return Internal("X25519 key import failed");
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new(priv.get(), nullptr));
  std::string shared(kKeyLen, '\0');
  size_t len = kKeyLen;
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
      EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) != 1 ||
      EVP_PKEY_derive(ctx.get(), U(shared.data()), &len) != 1 || len != kKeyLen) {
    // OpenSSL refuses an all-zero result (a peer key of small order).
    return MakeError(Errc::kUnauthenticated, OpenSslError("X25519 key agreement failed"));
  }
  return shared;
}

Result<std::string> HkdfSha256(std::string_view ikm, std::string_view salt, std::string_view info,
                               size_t length) {
  std::unique_ptr<EVP_KDF, KdfFree> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  if (!kdf) return Internal("HKDF is not available");
  std::unique_ptr<EVP_KDF_CTX, KdfCtxFree> ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) return Internal("HKDF context");
  char digest[] = "SHA256";
  // OSSL_PARAM wants non-const pointers; OpenSSL only reads them.
  std::string ikm_copy(ikm), salt_copy(salt), info_copy(info);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, ikm_copy.data(), ikm_copy.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt_copy.data(), salt_copy.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info_copy.data(), info_copy.size()),
      OSSL_PARAM_construct_end(),
  };
  std::string out(length, '\0');
  if (EVP_KDF_derive(ctx.get(), U(out.data()), out.size(), params) != 1) {
    return Internal("HKDF derivation failed");
  }
  return out;
}

Result<std::string> Argon2idKey(std::string_view passphrase, std::string_view salt,
                                uint32_t memory_kib, uint32_t iterations, uint32_t parallelism) {
  std::string out(kKeyLen, '\0');
  int rc = argon2id_hash_raw(iterations, memory_kib, parallelism, passphrase.data(),
                             passphrase.size(), salt.data(), salt.size(), out.data(), out.size());
  if (rc != ARGON2_OK) {
    return MakeError(rc == ARGON2_MEMORY_ALLOCATION_ERROR ? Errc::kFull : Errc::kInternal,
                     std::string("argon2id: ") + argon2_error_message(rc));
  }
  return out;
}

std::optional<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int v = 0;
    for (size_t j = i; j < i + 2; ++j) {
      const char c = hex[j];
      const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + d;
    }
    out.push_back(static_cast<char>(v));
  }
  return out;
}

}  // namespace saraban::backup
