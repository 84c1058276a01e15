#include "core/domain.h"

#include <gtest/gtest.h>

namespace saraban {
namespace {

TEST(DomainTest, WireNamesRoundTrip) {
  for (Role r : kAllRoles) EXPECT_EQ(ParseRole(RoleName(r)), r);
  EXPECT_EQ(ParseSecrecy("top_secret"), Secrecy::kTopSecret);
  EXPECT_EQ(ParseUrgency("most_urgent"), Urgency::kMostUrgent);
  EXPECT_EQ(ParseDirection("internal"), Direction::kInternal);
  EXPECT_FALSE(ParseRole("root"));
  EXPECT_FALSE(ParseSecrecy("Secret"));  // names are case-sensitive on the wire
}

TEST(DomainTest, SecrecyIsOrdered) {
  EXPECT_LT(Secrecy::kNormal, Secrecy::kConfidential);
  EXPECT_LT(Secrecy::kSecret, Secrecy::kTopSecret);
}

}  // namespace
}  // namespace saraban
