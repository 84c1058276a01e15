#include "http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace saraban::testing {
namespace {

size_t OnBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t OnHeader(char* data, size_t size, size_t n, void* out) {
  auto* result = static_cast<HttpResult*>(out);
  std::string line(data, size * n);
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    value.erase(value.find_last_not_of("\r\n \t") + 1);
    if (name == "set-cookie") result->set_cookies.push_back(value);
    result->headers[name] = value;
  }
  return size * n;
}

}  // namespace

std::string UrlEncode(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

nlohmann::json HttpResult::json() const {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

std::string HttpResult::error_code() const {
  auto j = json();
  if (j.is_object() && j.contains("error") && j["error"].contains("code")) {
    return j["error"]["code"].get<std::string>();
  }
  return "";
}

HttpClient::HttpClient(std::string base_url) : base_url_(std::move(base_url)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
  curl_easy_setopt(curl_, CURLOPT_COOKIEFILE, "");  // in-memory cookie jar
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 120L);
}

HttpClient::~HttpClient() { curl_easy_cleanup(curl_); }

void HttpClient::set_source_address(const std::string& ip) {
  curl_easy_setopt(curl_, CURLOPT_INTERFACE, ("host!" + ip).c_str());
}

HttpResult HttpClient::Request(const std::string& method, const std::string& path,
                               const std::string& body, const std::vector<std::string>& headers) {
  HttpResult result;
  CURL* c = curl_;
  const std::string url = base_url_ + path;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(c, CURLOPT_NOBODY, method == "HEAD" ? 1L : 0L);
  const bool has_body = method != "GET" && method != "HEAD";
  if (has_body) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  } else {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  curl_slist* list = nullptr;
  bool has_content_type = false;
  for (const auto& h : headers) {
    list = curl_slist_append(list, h.c_str());
    if (h.rfind("Content-Type:", 0) == 0) has_content_type = true;
  }
  if (has_body && !has_content_type) list = curl_slist_append(list, "Content-Type: application/json");
  if (send_csrf_ && !csrf_.empty()) list = curl_slist_append(list, ("X-CSRF-Token: " + csrf_).c_str());
  list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &result);
  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) {
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &result.status);
  } else {
    result.error = curl_easy_strerror(rc);
  }
  curl_slist_free_all(list);
  return result;
}

HttpResult HttpClient::Get(const std::string& path) { return Request("GET", path, ""); }
HttpResult HttpClient::Post(const std::string& path, const nlohmann::json& body) {
  return Request("POST", path, body.dump());
}
HttpResult HttpClient::Patch(const std::string& path, const nlohmann::json& body) {
  return Request("PATCH", path, body.dump());
}
HttpResult HttpClient::Delete(const std::string& path) { return Request("DELETE", path, ""); }

HttpResult HttpClient::Login(const std::string& username, const std::string& password) {
  HttpResult r = Post("/api/v1/session", {{"username", username}, {"password", password}});
  if (r.status == 200) csrf_ = r.json().value("csrf_token", "");
  return r;
}

}  // namespace saraban::testing
