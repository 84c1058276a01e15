// A small HTTP client for integration tests and benchmarks, on libcurl. It
// keeps the session cookie and the CSRF token of its last login, like a
// browser tab. Not thread-safe: one client per thread.
#ifndef SARABAN_TESTS_SUPPORT_HTTP_CLIENT_H_
#define SARABAN_TESTS_SUPPORT_HTTP_CLIENT_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace saraban::testing {

struct HttpResult {
  long status = 0;  // 0 when the request never got an answer
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::vector<std::string> set_cookies;
  std::string error;  // libcurl's message when status is 0

  // The body parsed as JSON; a null value if it is not JSON.
  nlohmann::json json() const;
  // error.code of the JSON error shape, or "" if the body has none.
  std::string error_code() const;
};

// Percent-encodes everything but unreserved ASCII (for Lao/Thai query values).
std::string UrlEncode(const std::string& s);

class HttpClient {
 public:
  explicit HttpClient(std::string base_url);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResult Get(const std::string& path);
  HttpResult Post(const std::string& path, const nlohmann::json& body);
  HttpResult Patch(const std::string& path, const nlohmann::json& body);
  HttpResult Delete(const std::string& path);
  // Any method, raw body, extra "Name: value" headers. Adds the CSRF header
  // when a token is known and send_csrf is on.
  HttpResult Request(const std::string& method, const std::string& path, const std::string& body,
                     const std::vector<std::string>& headers = {});

  // POST /api/v1/session; on success remembers the CSRF token.
  HttpResult Login(const std::string& username, const std::string& password);

  void set_send_csrf(bool on) { send_csrf_ = on; }
  // Connects from this local address (e.g. "127.0.0.2": another computer
  // as the daemon on 127.0.0.1 sees it).
  void set_source_address(const std::string& ip);
  const std::string& csrf_token() const { return csrf_; }
  const std::string& base_url() const { return base_url_; }

 private:
  std::string base_url_;
  void* curl_;
  std::string csrf_;
  bool send_csrf_ = true;
};

}  // namespace saraban::testing

#endif  // SARABAN_TESTS_SUPPORT_HTTP_CLIENT_H_
