// Server is the HTTP(S) edge: the only code that touches CivetWeb. It copies
// each request line and headers into an HttpRequest whose body is read on
// demand, passes it to the handler, and writes the HttpResponse back with
// security headers. civetweb.h is included only in server.cc.
// Thread-safety: the handler is called from CivetWeb's worker threads
// concurrently and must be thread-safe. Destroying the Server stops it and
// waits for running requests.
#ifndef SARABAN_DAEMON_HTTP_SERVER_H_
#define SARABAN_DAEMON_HTTP_SERVER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "http/http_types.h"

namespace saraban::http {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free port
  int threads = 64;
  std::string tls_certificate;  // PEM file with certificate and key; empty serves plain HTTP
  // With TLS only: a plain-HTTP HOST:PORT (port 0 picks one) that answers
  // every request with a redirect to the same path on the HTTPS address
  // (301 for GET/HEAD, 308 otherwise), the host taken from the Host header.
  std::string redirect_listen;
  // Websocket endpoint for live pushes; `authorize_websocket` gets the
  // upgrade request's headers and returns the user it belongs to, or nullopt
  // to refuse the connection.
  std::string websocket_path;
  std::function<std::optional<uint64_t>(const HttpRequest&)> authorize_websocket;
};

class Server {
 public:
  using Handler = std::function<HttpResponse(HttpRequest&)>;

  // Fails with kIo when the address cannot be bound (in use, not local, no
  // permission), kInvalidArgument when it does not parse.
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // e.g. "http://127.0.0.1:43512", with the port actually bound.
  const std::string& url() const { return url_; }
  // The redirect listener, e.g. "http://127.0.0.1:43513"; "" when there is none.
  const std::string& redirect_url() const { return redirect_url_; }

  // Users with at least one open websocket.
  std::vector<uint64_t> WebSocketUsers() const;
  // Sends a text frame to every websocket of a user.
  void SendToUser(uint64_t user_id, const std::string& text);

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::string url_;
  std::string redirect_url_;
};

}  // namespace saraban::http

#endif  // SARABAN_DAEMON_HTTP_SERVER_H_
