#include "api/router.h"

#include <gtest/gtest.h>

namespace saraban::api {
namespace {

TEST(RouterTest, MatchesPatternsWithParameters) {
  std::map<std::string, std::string> params;
  EXPECT_TRUE(MatchPattern("/api/v1/letters/{id}/register", "/api/v1/letters/42/register", &params));
  EXPECT_EQ(params["id"], "42");
  EXPECT_FALSE(MatchPattern("/api/v1/letters/{id}", "/api/v1/letters/", &params));
  EXPECT_FALSE(MatchPattern("/api/v1/letters/{id}", "/api/v1/letters/1/x", &params));
  EXPECT_FALSE(MatchPattern("/api/v1/letters", "/api/v1/letters/", &params));
  EXPECT_TRUE(MatchPattern("/api/v1/books/{code}", "/api/v1/books/contract_hire", &params));
  EXPECT_EQ(params["code"], "contract_hire");
}

TEST(RouterTest, EveryRouteIsUniqueAndUnderApiV1) {
  std::set<std::string> seen;
  for (const Route& r : Routes()) {
    EXPECT_EQ(r.pattern.rfind("/api/v1/", 0), 0u) << r.pattern;
    EXPECT_TRUE(seen.insert(std::string(r.method) + " " + std::string(r.pattern)).second)
        << r.method << " " << r.pattern;
    EXPECT_NE(r.handler, nullptr);
  }
}

}  // namespace
}  // namespace saraban::api
