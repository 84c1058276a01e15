#include "services/login_throttle.h"

#include <gtest/gtest.h>

#include <string>

namespace saraban::services {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kWindow = 15 * kMinute;

TEST(LoginThrottleTest, AnAddressWaitsAfterTheLimitUntilItsOldFailuresAgeOut) {
  LoginThrottle throttle;
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(throttle.Check("10.0.0.7", i * kMinute, 5, kWindow).ok());
    throttle.RecordFailure("10.0.0.7", i * kMinute, 5, kWindow);
  }
  EXPECT_TRUE(throttle.Check("10.0.0.7", 4 * kMinute, 5, kWindow).ok());
  throttle.RecordFailure("10.0.0.7", 4 * kMinute, 5, kWindow);
  Status held = throttle.Check("10.0.0.7", 5 * kMinute, 5, kWindow);
  ASSERT_FALSE(held.ok());
  EXPECT_EQ(held.error().code, Errc::kTooManyRequests);
  // The first failure (at 0) leaves the window at 15 minutes: 10 more to wait.
  EXPECT_NE(held.error().hint.find("wait 11 minutes"), std::string::npos) << held.error().hint;
  EXPECT_TRUE(throttle.Check("10.0.0.8", 5 * kMinute, 5, kWindow).ok());  // another computer
  EXPECT_FALSE(throttle.Check("10.0.0.7", kWindow - 1, 5, kWindow).ok());
  EXPECT_TRUE(throttle.Check("10.0.0.7", kWindow, 5, kWindow).ok());
}

TEST(LoginThrottleTest, ALowerLimitTakesEffectAtOnce) {
  LoginThrottle throttle;
  for (int i = 0; i < 5; ++i) throttle.RecordFailure("fe80::1", i, 30, kWindow);
  EXPECT_TRUE(throttle.Check("fe80::1", 10, 30, kWindow).ok());
  EXPECT_FALSE(throttle.Check("fe80::1", 10, 5, kWindow).ok());
}

TEST(LoginThrottleTest, QuietAddressesAreForgottenUnderAFlood) {
  LoginThrottle throttle;
  for (int i = 0; i < 5000; ++i) {
    throttle.RecordFailure("10.1." + std::to_string(i / 256) + "." + std::to_string(i % 256), 0, 5,
                           kWindow);
  }
  // After the window, the next failure sweeps the quiet addresses away.
  throttle.RecordFailure("10.9.9.9", kWindow + 1, 5, kWindow);
  EXPECT_EQ(throttle.addresses(), 1u);
}

}  // namespace
}  // namespace saraban::services
