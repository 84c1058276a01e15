// Plain values for one HTTP exchange. The CivetWeb edge (server.cc) copies a
// request into HttpRequest, the router and handlers work on plain C++, and the
// edge writes the HttpResponse back. Handlers are testable without a socket.
#ifndef SARABAN_DAEMON_HTTP_HTTP_TYPES_H_
#define SARABAN_DAEMON_HTTP_HTTP_TYPES_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace saraban::http {

struct HttpRequest {
  std::string method;                         // upper-case, e.g. "POST"
  std::string path;                           // decoded, without the query string
  std::map<std::string, std::string> query;   // decoded; last value wins
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;  // filled by ReadBody; empty for streaming routes
  std::string remote_addr;
  bool tls = false;
  int64_t content_length = -1;  // -1 when the client sent none (chunked)
  // Reads the next bytes of the body: the count, 0 at the end, < 0 when the
  // connection failed. Valid only while the request is being handled.
  std::function<int64_t(char* buf, size_t n)> read_body;

  // Reads the whole body into `body`. False (and `body` empty) when it is
  // larger than `limit`; the rest is then left unread.
  bool ReadBody(size_t limit);

  // Header value or "" (name in lower case).
  std::string Header(const std::string& name) const;
  std::optional<std::string> Query(const std::string& name) const;
  std::optional<std::string> Cookie(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string body_file;  // when set, the edge streams this file as the body instead
  std::vector<std::pair<std::string, std::string>> headers;
};

// The project's one error shape, {"error": {"code", "message", "hint"}}: for
// the API's answers and for the errors the CivetWeb edge raises itself.
HttpResponse JsonErrorResponse(int status, std::string_view code, std::string_view message,
                               std::string_view hint);

// Decodes %XX escapes (and '+' as space when `plus_is_space`). Returns nullopt
// on a malformed escape.
std::optional<std::string> PercentDecode(const std::string& s, bool plus_is_space);
// Parses "a=1&b=%E0%B8%81" into a map; malformed pairs are skipped.
std::map<std::string, std::string> ParseQuery(const std::string& query);

}  // namespace saraban::http

#endif  // SARABAN_DAEMON_HTTP_HTTP_TYPES_H_
