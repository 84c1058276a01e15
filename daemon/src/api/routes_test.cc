// The OpenAPI document and the route table must describe the same API.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "api/call.h"

namespace saraban::api {
namespace {

nlohmann::json LoadOpenApi() {
  std::ifstream in(SARABAN_OPENAPI);
  return nlohmann::json::parse(in);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST(RoutesTest, OpenApiDocumentsEveryRouteAndNothingElse) {
  const nlohmann::json doc = LoadOpenApi();
  std::set<std::string> documented, routed;
  for (const auto& [path, ops] : doc.at("paths").items()) {
    for (const auto& [method, op] : ops.items()) {
      if (method == "parameters") continue;
      documented.insert(method + " " + path);
    }
  }
  for (const Route& r : Routes()) routed.insert(Lower(r.method) + " " + std::string(r.pattern));
  for (const auto& r : routed) EXPECT_TRUE(documented.count(r)) << "undocumented route: " << r;
  for (const auto& d : documented) EXPECT_TRUE(routed.count(d)) << "documented, not routed: " << d;
}

TEST(RoutesTest, OpenApiStatesWhoMayCallEachRoute) {
  const nlohmann::json doc = LoadOpenApi();
  for (const Route& r : Routes()) {
    const auto& op = doc["paths"][std::string(r.pattern)][Lower(r.method)];
    const bool is_public = op.contains("security") && op["security"].empty();
    EXPECT_EQ(is_public, r.roles == 0) << r.method << " " << r.pattern;
    if (r.roles != 0 && r.roles != kAnyRole) {
      std::set<std::string> roles;
      for (Role role : kAllRoles) {
        if (r.roles & RoleBit(role)) roles.insert(std::string(RoleName(role)));
      }
      const auto doc_roles = op.value("x-roles", std::vector<std::string>{});
      EXPECT_EQ(std::set<std::string>(doc_roles.begin(), doc_roles.end()), roles)
          << r.method << " " << r.pattern;
    }
  }
}

}  // namespace
}  // namespace saraban::api
