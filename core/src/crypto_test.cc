#include "core/crypto.h"

#include <gtest/gtest.h>

namespace saraban {
namespace {

TEST(Base64Test, MatchesTheRfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("ສະບາຍດີ"), "4Lqq4Lqw4Lqa4Lqy4LqN4LqU4Lq1");
}

}  // namespace
}  // namespace saraban
