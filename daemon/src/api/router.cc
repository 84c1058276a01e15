#include "api/router.h"

#include "api/json_io.h"
#include "core/calendar.h"
#include "core/crypto.h"
#include "services/sessions.h"

namespace saraban::api {
namespace {

bool IsSafeMethod(const std::string& m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

// A browser sends Origin on cross-site requests; it must name this server.
bool OriginAllowed(const http::HttpRequest& req) {
  const std::string origin = req.Header("origin");
  if (origin.empty()) return true;  // not a browser, or a same-origin GET
  const std::string host = req.Header("host");
  return origin == "http://" + host || origin == "https://" + host;
}

std::vector<std::string_view> Split(std::string_view s) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t end = s.find('/', pos);
    if (end == std::string_view::npos) end = s.size();
    out.push_back(s.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

}  // namespace

std::optional<uint64_t> AuthorizeWebSocket(Services& services, const http::HttpRequest& req) {
  if (req.Header("origin").empty() || !OriginAllowed(req)) return std::nullopt;
  auto token = req.Cookie("saraban_session");
  auto found = services::Authenticate(services.store, token.value_or(""), NowMillis());
  if (!found || !*found) return std::nullopt;
  return (*found)->second.id;
}

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>* params) {
  const auto want = Split(pattern), got = Split(path);
  if (want.size() != got.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < want.size(); ++i) {
    const auto w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (got[i].empty()) return false;
      found[std::string(w.substr(1, w.size() - 2))] = std::string(got[i]);
    } else if (w != got[i]) {
      return false;
    }
  }
  *params = std::move(found);
  return true;
}

http::HttpResponse Router::Handle(http::HttpRequest& req) const noexcept {
  try {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    std::string allowed;
    for (const Route& r : Routes()) {
      std::map<std::string, std::string> p;
      if (!MatchPattern(r.pattern, req.path, &p)) continue;
      allowed += (allowed.empty() ? "" : ", ") + std::string(r.method);
      if (r.method == req.method) {
        route = &r;
        params = std::move(p);
      }
    }
    if (!route && allowed.empty()) {
      return ErrorResponse(MakeError(Errc::kNotFound, "no such API route: " + req.path,
                                     "see docs/api.md for the routes"));
    }
    if (!route) {
      http::HttpResponse r = JsonResponse(
          405, {{"error",
                 {{"code", "method_not_allowed"},
                  {"message", req.method + " is not allowed on " + req.path},
                  {"hint", "allowed: " + allowed}}}});
      r.headers.emplace_back("Allow", allowed);
      return r;
    }
    if (!route->streams_body && !req.ReadBody(max_json_body_)) {
      return ErrorResponse(MakeError(Errc::kTooLarge, "request body is too large",
                                     "API requests carry small JSON bodies"));
    }
    if (!IsSafeMethod(req.method) && !OriginAllowed(req)) {
      return ErrorResponse(MakeError(Errc::kForbidden, "request from a foreign origin refused",
                                     "use Saraban from its own address"));
    }
    Principal principal;
    const bool needs_session = route->roles != 0;
    if (needs_session) {
      auto token = req.Cookie("saraban_session");
      auto found = services::Authenticate(services_.store, token.value_or(""), NowMillis());
      if (!found) return ErrorResponse(found.error());
      if (!*found) {
        return ErrorResponse(MakeError(Errc::kUnauthenticated, "please log in",
                                       "your session is missing or has expired"));
      }
      principal.session = std::move((*found)->first);
      principal.user = std::move((*found)->second);
      if (!IsSafeMethod(req.method) &&
          !ConstantTimeEquals(req.Header("x-csrf-token"), principal.session.csrf_token)) {
        return ErrorResponse(MakeError(Errc::kForbidden, "missing or wrong CSRF token",
                                       "send the X-CSRF-Token header from the login answer"));
      }
      if ((principal.user.roles & route->roles) == 0) {
        return ErrorResponse(MakeError(Errc::kForbidden, "your role does not allow this",
                                       "ask the administrator if you need it"));
      }
    }
    Call call{req, std::move(params), needs_session ? &principal : nullptr, services_};
    return route->handler(call);
  } catch (const std::exception& e) {
    return ErrorResponse(MakeError(Errc::kInternal, std::string("internal error: ") + e.what()));
  } catch (...) {
    return ErrorResponse(MakeError(Errc::kInternal, "internal error"));
  }
}

}  // namespace saraban::api
