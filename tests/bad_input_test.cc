// Bad input gets a clear error in the one JSON shape and changes nothing.
#include "office_fixture.h"

namespace saraban::testing {
namespace {

using BadInputTest = OfficeTest;
using nlohmann::json;

void ExpectErrorShape(const HttpResult& r) {
  json j = r.json();
  ASSERT_TRUE(j.is_object()) << r.body;
  ASSERT_TRUE(j.contains("error")) << r.body;
  EXPECT_TRUE(j["error"]["code"].is_string());
  EXPECT_TRUE(j["error"]["message"].is_string());
  EXPECT_TRUE(j["error"]["hint"].is_string());
  EXPECT_EQ(r.headers.at("content-type"), "application/json");
}

TEST_F(BadInputTest, EachKindOfBadBodyIsRefusedAndNothingIsWritten) {
  auto reg = Client("reg_a");
  struct Case {
    std::string body;
    long status;
  };
  const std::string unit = std::to_string(unit_a_);
  const Case cases[] = {
      {"{not json", 400},
      {"[1,2,3]", 400},
      {"\"just a string\"", 400},
      {"{\"unit_id\":\"" + unit + "\",\"book\":\"receive\",\"subject\":\"x\"}", 422},
      {"{\"unit_id\":" + unit + ",\"book\":\"receive\",\"subject\":42}", 422},
      {"{\"unit_id\":" + unit + ",\"book\":\"receive\",\"subject\":\"x\",\"colour\":\"red\"}", 422},
      {"{\"unit_id\":" + unit + ",\"book\":\"receive\"}", 422},
      {"{\"unit_id\":" + unit + ",\"book\":\"receive\",\"subject\":\"   \"}", 422},
      {"{\"unit_id\":" + unit + ",\"book\":\"receive\",\"subject\":\"x\",\"document_date\":\"2024-02-30\"}", 422},
      {"{\"unit_id\":" + unit + ",\"book\":\"receive\",\"subject\":\"x\",\"urgency\":\"whenever\"}", 422},
      {"{\"unit_id\":" + unit + ",\"book\":\"receive\",\"subject\":\"x\",\"due_days\":-3}", 422},
      {"{\"unit_id\":-1,\"book\":\"receive\",\"subject\":\"x\"}", 422},
      {"{\"unit_id\":" + unit + ",\"book\":\"receive\",\"subject\":\"\xff\xfe\"}", 400},
      {"{\"unit_id\":" + unit + ",\"book\":\"receive\",\"subject\":\"a\\u0000b\"}", 422},
  };
  for (const Case& c : cases) {
    HttpResult r = reg->Request("POST", "/api/v1/letters", c.body);
    EXPECT_EQ(r.status, c.status) << c.body << " -> " << r.body;
    ExpectErrorShape(r);
  }
  EXPECT_EQ(reg->Get("/api/v1/letters").json()["total"], 0);
  EXPECT_EQ(Register(*reg, unit_a_, "ທຳອິດ")["register_no"], 1);  // no number was burned
}

TEST_F(BadInputTest, OversizedBodiesGet413) {
  auto reg = Client("reg_a");
  const std::string huge = "{\"unit_id\":1,\"book\":\"receive\",\"subject\":\"" +
                           std::string(2 << 20, 'x') + "\"}";
  HttpResult r = reg->Request("POST", "/api/v1/letters", huge);
  EXPECT_EQ(r.status, 413);
  ExpectErrorShape(r);
  auto fresh = Client("reg_a");  // the daemon still serves
  EXPECT_EQ(fresh->Get("/api/v1/letters").json()["total"], 0);
}

TEST_F(BadInputTest, UnknownRoutesMethodsAndIds) {
  auto reg = Client("reg_a");
  HttpResult unknown = reg->Get("/api/v1/nothing-here");
  EXPECT_EQ(unknown.status, 404);
  ExpectErrorShape(unknown);
  HttpResult method = reg->Request("PUT", "/api/v1/letters", "{}");
  EXPECT_EQ(method.status, 405);
  ExpectErrorShape(method);
  EXPECT_EQ(method.headers.at("allow"), "GET, POST");
  EXPECT_EQ(reg->Get("/api/v1/letters/abc").status, 404);
  EXPECT_EQ(reg->Get("/api/v1/letters/0").status, 404);
  EXPECT_EQ(reg->Get("/api/v1/letters/99999999999999999999").status, 404);
  EXPECT_EQ(reg->Get("/api/v1/letters/..%2f..%2fetc%2fpasswd").status, 404);
}

TEST_F(BadInputTest, ARequestLineTheServerCannotParseGetsTheSameErrorShape) {
  // Raw (not percent-encoded) Lao in a query string is refused by the HTTP
  // server before any route: still the JSON shape.
  auto reg = Client("reg_a");
  HttpResult r = reg->Get("/api/v1/letters?limit=ສາມ");
  EXPECT_EQ(r.status, 400);
  ExpectErrorShape(r);
  EXPECT_EQ(r.json()["error"]["code"], "malformed_request") << r.body;
  EXPECT_EQ(reg->Get("/api/v1/letters").status, 200);  // and the server goes on serving
}

TEST_F(BadInputTest, WrongContentTypeIs415) {
  auto reg = Client("reg_a");
  HttpResult r = reg->Request("POST", "/api/v1/letters", "unit_id=1",
                              {"Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(r.status, 415);
  ExpectErrorShape(r);
}

TEST_F(BadInputTest, ResponsesCarrySecurityHeaders) {
  HttpClient anon(daemon_->base_url());
  HttpResult r = anon.Get("/api/v1/health");
  EXPECT_EQ(r.headers.at("x-content-type-options"), "nosniff");
  EXPECT_NE(r.headers.at("content-security-policy").find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(r.headers.at("cache-control"), "no-store");
}

}  // namespace
}  // namespace saraban::testing
