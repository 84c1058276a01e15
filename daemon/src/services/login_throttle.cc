#include "services/login_throttle.h"

#include <algorithm>

namespace saraban::services {
namespace {

// Addresses remembered before quiet ones are swept: an office LAN has far
// fewer, so the sweep runs only under a flood of spoofed-looking sources.
constexpr size_t kSweepAbove = 4096;

}  // namespace

Status LoginThrottle::Check(std::string_view address, int64_t now, int limit, int64_t window_ms) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(std::string(address));
  if (it == failures_.end()) return Status::Ok();
  std::deque<int64_t>& times = it->second;
  while (!times.empty() && times.front() <= now - window_ms) times.pop_front();
  if (times.size() < static_cast<size_t>(std::max(limit, 1))) return Status::Ok();
  // Free again when enough of the window's failures have aged out.
  const int64_t free_at = times[times.size() - static_cast<size_t>(limit)] + window_ms;
  return MakeError(Errc::kTooManyRequests, "too many failed logins from this computer",
                   "wait " + std::to_string((free_at - now) / 60'000 + 1) +
                       " minutes and check the username, keyboard language and Caps Lock");
}

void LoginThrottle::RecordFailure(std::string_view address, int64_t now, int limit,
                                  int64_t window_ms) {
  std::lock_guard lock(mu_);
  if (failures_.size() >= kSweepAbove) ForgetQuiet(now, window_ms);
  std::deque<int64_t>& times = failures_[std::string(address)];
  times.push_back(now);
  while (times.size() > static_cast<size_t>(std::max(limit, 1))) times.pop_front();
}

size_t LoginThrottle::addresses() {
  std::lock_guard lock(mu_);
  return failures_.size();
}

void LoginThrottle::ForgetQuiet(int64_t now, int64_t window_ms) {
  std::erase_if(failures_, [&](const auto& entry) {
    return entry.second.empty() || entry.second.back() <= now - window_ms;
  });
}

}  // namespace saraban::services
