// Small cryptographic helpers every component needs: random tokens and
// SHA-256. OpenSSL stays behind this header.
// Thread-safety: all functions are safe to call from any thread.
#ifndef SARABAN_CORE_CRYPTO_H_
#define SARABAN_CORE_CRYPTO_H_

#include <string>
#include <string_view>

namespace saraban {

// `n` bytes from the operating system's CSPRNG. Aborts if it is unavailable:
// without randomness no session or key is safe, so there is nothing to degrade to.
std::string RandomBytes(size_t n);
// Random bytes as lower-case hex (2n characters).
std::string RandomHex(size_t n);
// Lower-case hex of raw bytes.
std::string HexEncode(std::string_view bytes);
// Standard base64 (RFC 4648, with padding, no line breaks).
std::string Base64Encode(std::string_view bytes);
// Raw 32-byte SHA-256 digest, and its hex form.
std::string Sha256(std::string_view data);
std::string Sha256Hex(std::string_view data);
// SHA-256 over data that arrives in pieces (uploads are never held in memory).
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void Update(std::string_view data);
  // Lower-case hex digest; the stream cannot be updated afterwards.
  std::string FinishHex();

 private:
  void* ctx_;  // EVP_MD_CTX
};

// Compares two secrets in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace saraban

#endif  // SARABAN_CORE_CRYPTO_H_
