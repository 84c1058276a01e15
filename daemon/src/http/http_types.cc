#include "http/http_types.h"

#include <nlohmann/json.hpp>

namespace saraban::http {

HttpResponse JsonErrorResponse(int status, std::string_view code, std::string_view message,
                               std::string_view hint) {
  HttpResponse r;
  r.status = status;
  r.body = nlohmann::json{{"error", {{"code", code}, {"message", message}, {"hint", hint}}}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

std::string HttpRequest::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> HttpRequest::Query(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> HttpRequest::Cookie(const std::string& name) const {
  const std::string all = Header("cookie");
  size_t pos = 0;
  while (pos < all.size()) {
    size_t end = all.find(';', pos);
    if (end == std::string::npos) end = all.size();
    std::string pair = all.substr(pos, end - pos);
    pair.erase(0, pair.find_first_not_of(' '));
    const size_t eq = pair.find('=');
    if (eq != std::string::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    pos = end + 1;
  }
  return std::nullopt;
}

bool HttpRequest::ReadBody(size_t limit) {
  body.clear();
  if (!read_body) return true;
  if (content_length > static_cast<int64_t>(limit)) return false;  // not even started
  char buf[16384];
  for (;;) {
    const int64_t n = read_body(buf, sizeof buf);
    if (n <= 0) return true;
    if (body.size() + static_cast<size_t>(n) > limit) {
      body.clear();
      return false;
    }
    body.append(buf, static_cast<size_t>(n));
  }
}

std::optional<std::string> PercentDecode(const std::string& s, bool plus_is_space) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex(s[i + 1]);
      const int lo = hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (s[i] == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::map<std::string, std::string> ParseQuery(const std::string& query) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t end = query.find('&', pos);
    if (end == std::string::npos) end = query.size();
    const std::string pair = query.substr(pos, end - pos);
    if (!pair.empty()) {
      const size_t eq = pair.find('=');
      auto key = PercentDecode(pair.substr(0, eq), true);
      auto value = PercentDecode(eq == std::string::npos ? "" : pair.substr(eq + 1), true);
      if (key && value) out[*key] = *value;
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace saraban::http
