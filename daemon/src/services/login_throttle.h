// Failed logins counted per source address. The per-account lockout stops
// guessing one account's password; this stops one machine from trying a
// few passwords on every account in turn (each staying under the lockout)
// and from keeping the box busy with Argon2 hashes. Counts live in memory
// only: a restart forgets them, which costs an attacker a reboot of the box
// they cannot cause remotely.
// Thread-safety: all calls may be made from any thread.
#ifndef SARABAN_DAEMON_SERVICES_LOGIN_THROTTLE_H_
#define SARABAN_DAEMON_SERVICES_LOGIN_THROTTLE_H_

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.h"

namespace saraban::services {

class LoginThrottle {
 public:
  // kTooManyRequests, with the minutes to wait, when `address` had `limit` or
  // more failed logins in the `window_ms` before `now`.
  Status Check(std::string_view address, int64_t now, int limit, int64_t window_ms);

  // Counts one failed login from `address` at `now`; keeps at most `limit`
  // times per address and forgets addresses quiet for `window_ms`.
  void RecordFailure(std::string_view address, int64_t now, int limit, int64_t window_ms);

  // Addresses currently remembered (memory is bounded by sweeping quiet ones).
  size_t addresses();

 private:
  void ForgetQuiet(int64_t now, int64_t window_ms);  // mu_ held

  std::mutex mu_;
  std::unordered_map<std::string, std::deque<int64_t>> failures_;  // oldest first
};

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_LOGIN_THROTTLE_H_
