// JSON in and out of handlers: the one error shape, responses, and strict
// request bodies (unknown fields and wrong types are errors, not ignored).
#ifndef SARABAN_DAEMON_API_JSON_IO_H_
#define SARABAN_DAEMON_API_JSON_IO_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "http/http_types.h"

namespace saraban::api {

using nlohmann::json;

// The HTTP status that fits an error code.
int HttpStatusFor(Errc code);
// {"error": {"code", "message", "hint"}} with the fitting status.
http::HttpResponse ErrorResponse(const Error& error);
http::HttpResponse JsonResponse(int status, const json& body);
// 204, for a change that has nothing to show.
http::HttpResponse NoContent();
// 204 when `s` is ok, else its error.
http::HttpResponse NoContentOr(const Status& s);

// A non-negative decimal integer of at most 12 digits (ids, offsets, years).
std::optional<uint64_t> ParseCount(std::string_view s);

// Reads one JSON object body field by field. Each getter returns nullopt when
// the field is absent or invalid; the first problem is kept and reported by
// Finish(), which also rejects any field nobody asked for.
class JsonBody {
 public:
  // kInvalidArgument unless the body is a JSON object.
  static Result<JsonBody> Parse(const http::HttpRequest& request);

  bool Has(const std::string& key) const { return object_.contains(key); }
  // Strings are trimmed of surrounding white space; max_len counts bytes.
  std::optional<std::string> String(const std::string& key, bool required = false,
                                    size_t max_len = 1000);
  // A password: taken exactly as sent, never trimmed.
  std::optional<std::string> Secret(const std::string& key, bool required = false);
  std::optional<int64_t> Int(const std::string& key, bool required = false, int64_t min = INT64_MIN,
                             int64_t max = INT64_MAX);
  std::optional<bool> Bool(const std::string& key, bool required = false);
  std::optional<std::vector<std::string>> StringList(const std::string& key, bool required = false);
  std::optional<std::vector<uint64_t>> IdList(const std::string& key, bool required = false);
  // A raw value for callers with their own validation (marks the key used).
  std::optional<json> Raw(const std::string& key);

  // Records a problem found by the caller's own validation.
  void Fail(const std::string& key, const std::string& why);
  Status Finish() const;

 private:
  explicit JsonBody(json object) : object_(std::move(object)) {}
  const json* Take(const std::string& key, bool required);

  json object_;
  std::set<std::string> used_;
  std::optional<Error> error_;
};

}  // namespace saraban::api

#endif  // SARABAN_DAEMON_API_JSON_IO_H_
