// Router turns an HttpRequest into an HttpResponse: it matches the route
// table, and for every non-public route authenticates the session cookie,
// checks Origin and the CSRF token on state-changing methods, and checks the
// route's roles before calling the handler. Handlers never repeat these
// checks; they only decide access to particular letters (authz.h).
// Thread-safety: Handle may be called from many threads at once.
#ifndef SARABAN_DAEMON_API_ROUTER_H_
#define SARABAN_DAEMON_API_ROUTER_H_

#include "api/call.h"
#include "http/http_types.h"

namespace saraban::api {

class Router {
 public:
  Router(Services& services, size_t max_json_body)
      : services_(services), max_json_body_(max_json_body) {}
  // Never throws: a handler's exception becomes a 500 in the JSON error shape.
  http::HttpResponse Handle(http::HttpRequest& request) const noexcept;

 private:
  Services& services_;
  size_t max_json_body_;
};

// The user behind a websocket upgrade: a valid session cookie and an Origin
// header naming this server (browsers always send one on websockets; its
// absence or a foreign one is refused). nullopt refuses the connection.
std::optional<uint64_t> AuthorizeWebSocket(Services& services, const http::HttpRequest& request);

// Matches `path` against a pattern with {name} segments, filling `params`.
bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>* params);

}  // namespace saraban::api

#endif  // SARABAN_DAEMON_API_ROUTER_H_
