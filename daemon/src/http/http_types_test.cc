#include "http/http_types.h"

#include <gtest/gtest.h>

namespace saraban::http {
namespace {

TEST(HttpTypesTest, DecodesThaiAndLaoQueryValues) {
  auto q = ParseQuery("book=receive&q=%E0%B8%AA%E0%B8%B2%E0%B8%A3&x=a+b&bad=%G1&empty=");
  EXPECT_EQ(q["book"], "receive");
  EXPECT_EQ(q["q"], "สาร");
  EXPECT_EQ(q["x"], "a b");
  EXPECT_EQ(q.count("bad"), 0u);  // malformed escapes are dropped, not half-decoded
  EXPECT_EQ(q["empty"], "");
}

TEST(HttpTypesTest, PercentDecodeRejectsTruncatedEscapes) {
  EXPECT_FALSE(PercentDecode("abc%4", false));
  EXPECT_FALSE(PercentDecode("%", false));
  EXPECT_EQ(PercentDecode("%41%42", false), "AB");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
}

TEST(HttpTypesTest, FindsCookieAmongOthers) {
  HttpRequest req;
  req.headers["cookie"] = "theme=dark; saraban_session=abc123; other=1";
  EXPECT_EQ(req.Cookie("saraban_session"), "abc123");
  EXPECT_EQ(req.Cookie("theme"), "dark");
  EXPECT_FALSE(req.Cookie("missing"));
}

}  // namespace
}  // namespace saraban::http
