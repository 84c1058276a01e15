#include "api/json_io.h"

namespace saraban::api {
namespace {

std::string Trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace

int HttpStatusFor(Errc code) {
  switch (code) {
    case Errc::kMalformed:
      return 400;
    case Errc::kInvalidArgument:
      return 422;
    case Errc::kNotFound:
      return 404;
    case Errc::kConflict:
      return 409;
    case Errc::kUnauthenticated:
      return 401;
    case Errc::kForbidden:
      return 403;
    case Errc::kTooLarge:
      return 413;
    case Errc::kUnsupported:
      return 415;
    case Errc::kTooManyRequests:
      return 429;
    case Errc::kFull:
      return 507;
    case Errc::kCorruption:
    case Errc::kIo:
    case Errc::kInternal:
      return 500;
  }
  return 500;
}

http::HttpResponse NoContent() {
  http::HttpResponse r;
  r.status = 204;
  return r;
}

http::HttpResponse NoContentOr(const Status& s) {
  return s ? NoContent() : ErrorResponse(s.error());
}

http::HttpResponse JsonResponse(int status, const json& body) {
  http::HttpResponse r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

http::HttpResponse ErrorResponse(const Error& error) {
  return http::JsonErrorResponse(HttpStatusFor(error.code), ErrcName(error.code), error.message,
                                 error.hint);
}

std::optional<uint64_t> ParseCount(std::string_view s) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

Result<JsonBody> JsonBody::Parse(const http::HttpRequest& request) {
  const std::string type = request.Header("content-type");
  if (!type.empty() && type.rfind("application/json", 0) != 0) {
    return MakeError(Errc::kUnsupported, "request body must be application/json, not " + type,
                     "send JSON with Content-Type: application/json");
  }
  // An empty body is an empty object: action routes such as /register take no fields.
  json parsed = request.body.empty()
                    ? json::object()
                    : json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return MakeError(Errc::kMalformed, "request body is not valid JSON (UTF-8)",
                     "send one JSON object");
  }
  if (!parsed.is_object()) {
    return MakeError(Errc::kMalformed, "request body must be a JSON object",
                     "send one JSON object");
  }
  return JsonBody(std::move(parsed));
}

const json* JsonBody::Take(const std::string& key, bool required) {
  used_.insert(key);
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) {
    if (required) Fail(key, "is required");
    return nullptr;
  }
  return &*it;
}

void JsonBody::Fail(const std::string& key, const std::string& why) {
  if (!error_) {
    error_ = MakeError(Errc::kInvalidArgument, "field '" + key + "' " + why,
                       "see docs/api.md for the fields this request takes");
  }
}

std::optional<std::string> JsonBody::String(const std::string& key, bool required, size_t max_len) {
  const json* v = Take(key, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Fail(key, "must be a string");
    return std::nullopt;
  }
  std::string s = Trim(v->get<std::string>());
  if (s.find('\0') != std::string::npos) {
    Fail(key, "must not contain NUL characters");
    return std::nullopt;
  }
  if (s.size() > max_len) {
    Fail(key, "is longer than " + std::to_string(max_len) + " bytes");
    return std::nullopt;
  }
  if (required && s.empty()) {
    Fail(key, "must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> JsonBody::Secret(const std::string& key, bool required) {
  const json* v = Take(key, required);
  if (!v) return std::nullopt;
  if (!v->is_string() || v->get<std::string>().size() > 256) {
    Fail(key, "must be a string of at most 256 bytes");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<int64_t> JsonBody::Int(const std::string& key, bool required, int64_t min,
                                     int64_t max) {
  const json* v = Take(key, required);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    Fail(key, "must be an integer");
    return std::nullopt;
  }
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    Fail(key, "is out of range");
    return std::nullopt;
  }
  const int64_t n = v->get<int64_t>();
  if (n < min || n > max) {
    Fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> JsonBody::Bool(const std::string& key, bool required) {
  const json* v = Take(key, required);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    Fail(key, "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::vector<std::string>> JsonBody::StringList(const std::string& key,
                                                             bool required) {
  const json* v = Take(key, required);
  if (!v) return std::nullopt;
  std::vector<std::string> out;
  if (v->is_array()) {
    for (const auto& item : *v) {
      if (!item.is_string()) break;
      out.push_back(item.get<std::string>());
    }
  }
  if (!v->is_array() || out.size() != v->size()) {
    Fail(key, "must be a list of strings");
    return std::nullopt;
  }
  return out;
}

std::optional<std::vector<uint64_t>> JsonBody::IdList(const std::string& key, bool required) {
  const json* v = Take(key, required);
  if (!v) return std::nullopt;
  std::vector<uint64_t> out;
  if (v->is_array()) {
    for (const auto& item : *v) {
      if (!item.is_number_unsigned() || item.get<uint64_t>() == 0) break;
      out.push_back(item.get<uint64_t>());
    }
  }
  if (!v->is_array() || out.size() != v->size()) {
    Fail(key, "must be a list of positive integer ids");
    return std::nullopt;
  }
  return out;
}

std::optional<json> JsonBody::Raw(const std::string& key) {
  const json* v = Take(key, false);
  if (!v) return std::nullopt;
  return *v;
}

Status JsonBody::Finish() const {
  if (error_) return *error_;
  for (const auto& [key, value] : object_.items()) {
    if (!used_.count(key)) {
      return MakeError(Errc::kInvalidArgument, "unknown field '" + key + "'",
                       "see docs/api.md for the fields this request takes");
    }
  }
  return Status::Ok();
}

}  // namespace saraban::api
