#include "services/sessions.h"

#include <gtest/gtest.h>

#include "core/calendar.h"
#include "services/org.h"
#include "temp_dir.h"

namespace saraban::services {
namespace {

class SessionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Store::Open(dir_.path(), {.map_size = uint64_t{1} << 30, .create = true});
    ASSERT_TRUE(opened.ok());
    store_ = std::move(*opened);
    ASSERT_TRUE(SetUpOffice(*store_, {.org_name = "ຫ້ອງການ", .country = "LA",
                                      .admin_username = "admin",
                                      .admin_password = "ລະຫັດຜ່ານຍາວ"})
                    .ok());
    auto login = Login(*store_, throttle_, "admin", "ລະຫັດຜ່ານຍາວ", "127.0.0.1");
    ASSERT_TRUE(login.ok()) << login.error().message;
    session_ = *login;
  }

  bool Valid(int64_t at) {
    auto found = Authenticate(*store_, session_.token, at);
    EXPECT_TRUE(found.ok());
    return found.ok() && found->has_value();
  }

  saraban::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  LoginThrottle throttle_;
  NewSession session_;
};

TEST_F(SessionsTest, IdleSessionExpiresAfterTheConfiguredMinutes) {
  const int64_t start = session_.session.created_at;
  EXPECT_TRUE(Valid(start + 29 * 60'000));  // also refreshes last_seen
  EXPECT_TRUE(Valid(start + 58 * 60'000));  // 29 idle minutes since the refresh
  EXPECT_FALSE(Valid(start + 90 * 60'000));  // 32 idle minutes: gone
}

TEST_F(SessionsTest, SessionEndsAfterTheAbsoluteLimitEvenWhenUsed) {
  const int64_t start = session_.session.created_at;
  int64_t t = start;
  for (; t < start + 12 * 3'600'000; t += 20 * 60'000) ASSERT_TRUE(Valid(t)) << (t - start);
  EXPECT_FALSE(Valid(start + 12 * 3'600'000 + 60'000));
}

TEST_F(SessionsTest, UnknownOrMalformedTokensAreNotSessions) {
  EXPECT_FALSE(Authenticate(*store_, "", NowMillis())->has_value());
  EXPECT_FALSE(Authenticate(*store_, std::string(64, 'a'), NowMillis())->has_value());
  EXPECT_FALSE(Authenticate(*store_, session_.token + "x", NowMillis())->has_value());
}

TEST_F(SessionsTest, StoredSessionHoldsOnlyTheTokenHash) {
  auto stored = store_->Read(
      [&](const store::ReadTxn& txn) { return txn.GetSession(session_.session.token_hash); });
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_NE((*stored)->token_hash, session_.token);
  auto by_token = store_->Read([&](const store::ReadTxn& txn) { return txn.GetSession(session_.token); });
  EXPECT_FALSE(by_token->has_value());
}

}  // namespace
}  // namespace saraban::services
