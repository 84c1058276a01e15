// Password hashing (Argon2id via libargon2) and the password policy.
// Thread-safety: all functions are safe from any thread. Hashing costs about
// 30 ms and 19 MiB per call, by design.
#ifndef SARABAN_DAEMON_SERVICES_PASSWORDS_H_
#define SARABAN_DAEMON_SERVICES_PASSWORDS_H_

#include <string>
#include <string_view>

#include "core/error.h"

namespace saraban::services {

// An Argon2id encoded hash ("$argon2id$v=19$m=19456,t=2,p=1$...").
// Fails with kInternal only if libargon2 does.
Result<std::string> HashPassword(std::string_view password);
// True if `password` matches `encoded`. A malformed hash never matches.
bool VerifyPassword(std::string_view encoded, std::string_view password);
// kInvalidArgument unless 8 to 256 characters (Unicode code points count).
Status CheckPasswordPolicy(std::string_view password);
// A random password of 16 characters that is easy to read aloud and type.
std::string GeneratePassword();

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_PASSWORDS_H_
