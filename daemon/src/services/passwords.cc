#include "services/passwords.h"

#include <argon2.h>

#include "core/crypto.h"

namespace saraban::services {
namespace {

// OWASP's recommended Argon2id parameters: 19 MiB, 2 passes, 1 lane.
constexpr uint32_t kTimeCost = 2;
constexpr uint32_t kMemoryKiB = 19 * 1024;
constexpr uint32_t kLanes = 1;
constexpr size_t kSaltLen = 16;
constexpr size_t kHashLen = 32;

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  const std::string salt = RandomBytes(kSaltLen);
  const size_t len = argon2_encodedlen(kTimeCost, kMemoryKiB, kLanes, kSaltLen, kHashLen, Argon2_id);
  std::string encoded(len, '\0');
  int rc = argon2id_hash_encoded(kTimeCost, kMemoryKiB, kLanes, password.data(), password.size(),
                                 salt.data(), salt.size(), kHashLen, encoded.data(), len);
  if (rc != ARGON2_OK) {
    return MakeError(Errc::kInternal, std::string("argon2: ") + argon2_error_message(rc));
  }
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool VerifyPassword(std::string_view encoded, std::string_view password) {
  const std::string hash(encoded);  // argon2 wants a NUL-terminated string
  return argon2id_verify(hash.c_str(), password.data(), password.size()) == ARGON2_OK;
}

Status CheckPasswordPolicy(std::string_view password) {
  size_t code_points = 0;
  for (unsigned char c : password) code_points += (c & 0xC0) != 0x80;
  if (code_points < 8 || password.size() > 256) {
    return MakeError(Errc::kInvalidArgument, "a password must have 8 to 256 characters",
                     "choose a longer password; a short sentence is easy to remember");
  }
  return Status::Ok();
}

std::string GeneratePassword() {
  // No 0/O, 1/l/I: these passwords are read off a screen or a sheet of paper.
  static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  constexpr size_t kN = sizeof kAlphabet - 1;
  std::string out;
  while (out.size() < 16) {
    for (unsigned char b : RandomBytes(32)) {
      if (b < 256 - 256 % kN && out.size() < 16) out.push_back(kAlphabet[b % kN]);  // no bias
    }
  }
  return out;
}

}  // namespace saraban::services
