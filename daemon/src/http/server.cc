#include "http/server.h"

#include <civetweb.h>
#include <strings.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

namespace saraban::http {

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  mg_context* ctx = nullptr;
  bool tls = false;
  int https_port = 0;  // where plain-HTTP requests are redirected to
  // Open websockets and their users. Writers hold ws_mu while writing, so a
  // connection cannot be closed under them.
  mutable std::mutex ws_mu;
  std::map<const mg_connection*, uint64_t> ws_users;
  ~Impl() {
    if (ctx) mg_stop(ctx);
  }
};

namespace {

constexpr char kSecurityPolicy[] = "default-src 'none'; frame-ancestors 'none'";

// Copies the request line and headers; the body is read on demand through
// read_body, so uploads can stream to disk instead of into memory.
HttpRequest ReadRequest(const mg_connection* conn) {
  const mg_request_info* ri = mg_get_request_info(conn);
  HttpRequest req;
  req.method = ri->request_method ? ri->request_method : "";
  req.path = ri->local_uri ? ri->local_uri : "";
  if (ri->query_string) req.query = ParseQuery(ri->query_string);
  for (int i = 0; i < ri->num_headers; ++i) {
    std::string name = ri->http_headers[i].name;
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    req.headers[name] = ri->http_headers[i].value ? ri->http_headers[i].value : "";
  }
  req.remote_addr = ri->remote_addr;
  req.tls = ri->is_ssl != 0;
  req.content_length = ri->content_length;
  return req;
}

// Streams a file as the body; false if it cannot be opened.
bool SendFile(mg_connection* conn, const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (mg_write(conn, buf, n) <= 0) break;
  }
  std::fclose(f);
  return true;
}

// Tracks how much of the body a handler read: an answer given before the
// body's end must close the connection (the rest of the body is still on it).
struct BodyProgress {
  int64_t read = 0;
  bool ended = false;
  bool Complete(const HttpRequest& req) const {
    const bool chunked = req.Header("transfer-encoding").find("chunked") != std::string::npos;
    if (!chunked && req.content_length <= 0) return true;  // there is no body
    return ended || (req.content_length >= 0 && read >= req.content_length);
  }
};

void WriteResponse(mg_connection* conn, const HttpRequest& req, const HttpResponse& resp,
                   bool close) {
  std::string head = "HTTP/1.1 " + std::to_string(resp.status) + " " +
                     mg_get_response_code_text(conn, resp.status) + "\r\n";
  head += "Content-Type: " + resp.content_type + "\r\n";
  uint64_t length = resp.body.size();
  if (!resp.body_file.empty()) {
    struct stat st {};
    length = ::stat(resp.body_file.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
  }
  head += "Content-Length: " + std::to_string(length) + "\r\n";
  head += "X-Content-Type-Options: nosniff\r\n";
  head += "X-Frame-Options: DENY\r\n";
  head += "Referrer-Policy: no-referrer\r\n";
  // A response may bring its own policy (a printable page with its style);
  // browsers enforce every CSP header they get, so the default must then go.
  const bool own_policy = std::any_of(resp.headers.begin(), resp.headers.end(), [](const auto& h) {
    return strcasecmp(h.first.c_str(), "Content-Security-Policy") == 0;
  });
  if (!own_policy) head += std::string("Content-Security-Policy: ") + kSecurityPolicy + "\r\n";
  // The web UI's hashed assets bring their own (long) cache policy.
  const bool own_cache = std::any_of(resp.headers.begin(), resp.headers.end(), [](const auto& h) {
    return strcasecmp(h.first.c_str(), "Cache-Control") == 0;
  });
  if (!own_cache) head += "Cache-Control: no-store\r\n";
  if (req.tls) head += "Strict-Transport-Security: max-age=31536000\r\n";
  if (close) head += "Connection: close\r\n";
  for (const auto& [name, value] : resp.headers) head += name + ": " + value + "\r\n";
  head += "\r\n";
  // One write: a separate small write for the body would wait for the
  // client's delayed ACK (Nagle), about 40 ms per request on keep-alive.
  if (req.method != "HEAD" && resp.body_file.empty()) head += resp.body;
  mg_write(conn, head.data(), head.size());
  if (req.method != "HEAD" && !resp.body_file.empty()) SendFile(conn, resp.body_file);
}

// Characters a path keeps unescaped in a Location header (RFC 3986 pchar and '/').
bool KeepInPath(unsigned char c) {
  return std::isalnum(c) || std::strchr("-._~/!$&'()*+,;=:@", c) != nullptr;
}

// The HTTPS address of a plain-HTTP request: the host the client asked for
// (Host header without its port) with the HTTPS port, and the same path and
// query. nullopt when the Host header is missing or not a plain host name or
// address (it must not smuggle anything into the header).
std::optional<std::string> HttpsLocation(const mg_connection* conn, int https_port) {
  const mg_request_info* ri = mg_get_request_info(conn);
  const char* host_header = mg_get_header(conn, "Host");
  std::string host = host_header ? host_header : "";
  if (!host.empty() && host.front() == '[') {
    host = host.substr(0, host.find(']') == std::string::npos ? 0 : host.find(']') + 1);
  } else if (host.find(':') != std::string::npos) {
    host = host.substr(0, host.find(':'));
  }
  const bool plain = !host.empty() && std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
  });
  if (!plain) return std::nullopt;
  std::string location = "https://" + host;
  if (https_port != 443) location += ":" + std::to_string(https_port);
  static const char kHex[] = "0123456789ABCDEF";
  for (const char* p = ri->local_uri ? ri->local_uri : "/"; *p; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (KeepInPath(c)) {
      location += static_cast<char>(c);
    } else {
      location += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  // The query string arrives still encoded; keep it unless it could split the header.
  if (ri->query_string && *ri->query_string &&
      std::none_of(ri->query_string, ri->query_string + std::strlen(ri->query_string),
                   [](unsigned char c) { return c <= ' ' || c == 0x7f; })) {
    location += std::string("?") + ri->query_string;
  }
  return location;
}

// Answers a request that came to the plain-HTTP listener of a TLS server.
int Redirect(mg_connection* conn, int https_port) {
  const mg_request_info* ri = mg_get_request_info(conn);
  auto location = HttpsLocation(conn, https_port);
  if (!location) {
    mg_send_http_error(conn, 400, "%s", "use https:// with this server's name or address");
    return 400;
  }
  // 301 is what every browser follows; 308 keeps the method and body of
  // anything else (an API client that posted to http://).
  const std::string method = ri->request_method ? ri->request_method : "";
  const int status = method == "GET" || method == "HEAD" ? 301 : 308;
  const std::string body = "Moved to " + *location + "\n";
  std::string head = "HTTP/1.1 " + std::to_string(status) + " " +
                     mg_get_response_code_text(conn, status) + "\r\n" + "Location: " + *location +
                     "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
  if (method != "HEAD") head += body;
  mg_write(conn, head.data(), head.size());
  return status;
}

// Errors CivetWeb answers by itself, before a handler runs (a request line
// it cannot parse, a header too long), and mg_send_http_error: the same JSON
// error shape as every API answer, so a client needs one error parser.
int HttpError(mg_connection* conn, int status, const char* message) noexcept {
  if (status < 400) return 1;  // 204, 304: CivetWeb's own answer has no body to shape
  try {
    const Errc code = status == 403   ? Errc::kForbidden
                      : status == 404 ? Errc::kNotFound
                      : status == 413 ? Errc::kTooLarge
                      : status >= 500 ? Errc::kInternal
                                      : Errc::kMalformed;
    const HttpResponse resp = JsonErrorResponse(status, ErrcName(code), message ? message : "", "");
    const mg_request_info* ri = mg_get_request_info(conn);
    HttpRequest req;
    req.method = ri && ri->request_method ? ri->request_method : "";
    req.tls = ri && ri->is_ssl;
    WriteResponse(conn, req, resp, true);
    return 0;
  } catch (...) {
    return 1;  // CivetWeb's own plain-text page, rather than nothing
  }
}

// The only function CivetWeb calls for requests.
int Dispatch(mg_connection* conn, void* cbdata) noexcept {
  auto* impl = static_cast<Server::Impl*>(cbdata);
  try {
    if (impl->tls && !mg_get_request_info(conn)->is_ssl) return Redirect(conn, impl->https_port);
    HttpRequest req = ReadRequest(conn);
    BodyProgress body;
    req.read_body = [conn, &body](char* buf, size_t n) -> int64_t {
      const int got = mg_read(conn, buf, n);
      if (got > 0) body.read += got;
      if (got == 0) body.ended = true;
      return got;
    };
    HttpResponse resp = impl->handler(req);
    WriteResponse(conn, req, resp, !body.Complete(req));
    if (resp.status >= 500) {
      std::fprintf(stderr, "saraban: %s %s -> %d %s\n", req.method.c_str(), req.path.c_str(),
                   resp.status, resp.body.c_str());
    }
    return resp.status;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "saraban: request failed: %s\n", e.what());
    mg_send_http_error(conn, 500, "%s", "internal error");
    return 500;
  } catch (...) {
    mg_send_http_error(conn, 500, "%s", "internal error");
    return 500;
  }
}

int WebSocketConnect(const mg_connection* conn, void* cbdata) {
  auto* impl = static_cast<Server::Impl*>(cbdata);
  try {
    if (impl->tls && !mg_get_request_info(conn)->is_ssl) return 1;  // only over TLS when it is on
    auto user = impl->options.authorize_websocket(ReadRequest(conn));
    if (!user) return 1;  // refuse: no valid session, or a foreign origin
    std::lock_guard lock(impl->ws_mu);
    impl->ws_users[conn] = *user;
    return 0;
  } catch (...) {
    return 1;
  }
}

int WebSocketData(mg_connection*, int bits, char*, size_t, void*) {
  return (bits & 0x0f) == MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE ? 0 : 1;  // pushes go one way
}

void WebSocketClose(const mg_connection* conn, void* cbdata) {
  auto* impl = static_cast<Server::Impl*>(cbdata);
  std::lock_guard lock(impl->ws_mu);
  impl->ws_users.erase(conn);
}

int LogMessage(const mg_connection*, const char* message) {
  std::fprintf(stderr, "saraban: http: %s\n", message);
  return 1;
}

}  // namespace

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::vector<uint64_t> Server::WebSocketUsers() const {
  std::lock_guard lock(impl_->ws_mu);
  std::vector<uint64_t> users;
  for (const auto& [conn, user] : impl_->ws_users) users.push_back(user);
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  return users;
}

void Server::SendToUser(uint64_t user_id, const std::string& text) {
  std::lock_guard lock(impl_->ws_mu);
  for (const auto& [conn, user] : impl_->ws_users) {
    if (user != user_id) continue;
    auto* c = const_cast<mg_connection*>(conn);
    mg_lock_connection(c);
    mg_websocket_write(c, MG_WEBSOCKET_OPCODE_TEXT, text.data(), text.size());
    mg_unlock_connection(c);
  }
}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, Handler handler) {
  const size_t colon = options.listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == options.listen.size()) {
    return MakeError(Errc::kInvalidArgument, "listen address must be HOST:PORT, not '" +
                                                 options.listen + "'");
  }
  const bool tls = !options.tls_certificate.empty();
  if (!tls && !options.redirect_listen.empty()) {
    return MakeError(Errc::kInvalidArgument, "a redirect listener needs HTTPS",
                     "drop the redirect address, or serve HTTPS");
  }
  if (!options.redirect_listen.empty() && options.redirect_listen.rfind(':') == std::string::npos) {
    return MakeError(Errc::kInvalidArgument,
                     "redirect address must be HOST:PORT, not '" + options.redirect_listen + "'");
  }
  static std::once_flag init_once;
  std::call_once(init_once, [] { mg_init_library(MG_FEATURES_TLS | MG_FEATURES_WEBSOCKET); });

  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->handler = std::move(handler);
  impl->tls = tls;
  std::string ports = options.listen + (tls ? "s" : "");
  if (!options.redirect_listen.empty()) ports += "," + options.redirect_listen;
  const std::string threads = std::to_string(options.threads);
  std::vector<const char*> opts = {
      "listening_ports", ports.c_str(),       "num_threads", threads.c_str(),
      "request_timeout_ms", "30000",          "enable_keep_alive", "yes",
      "enable_directory_listing", "no",       "decode_url", "yes",
      "tcp_nodelay", "1",
  };
  if (tls) {
    // The chain after the first certificate in the file is sent too (an
    // installed certificate may need its intermediates).
    opts.insert(opts.end(), {"ssl_certificate", options.tls_certificate.c_str(),
                             "ssl_certificate_chain", options.tls_certificate.c_str(),
                             "ssl_protocol_version", "4",  // TLS 1.2 and newer only
                             // TLS 1.2: forward-secret AEAD suites only (TLS 1.3 has no others).
                             "ssl_cipher_list",
                             "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                             "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                             "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"});
  }
  opts.push_back(nullptr);
  mg_callbacks callbacks{};
  callbacks.log_message = LogMessage;
  callbacks.http_error = HttpError;
  impl->ctx = mg_start(&callbacks, nullptr, opts.data());
  if (!impl->ctx) {
    return MakeError(Errc::kIo, "cannot listen on " + options.listen,
                     "is the address local and the port free? (see the messages above)");
  }
  mg_server_port bound[2]{};
  const int count = mg_get_server_ports(impl->ctx, 2, bound);
  if (count < (options.redirect_listen.empty() ? 1 : 2)) {
    return MakeError(Errc::kIo, "the server started but reports no listening port");
  }
  impl->https_port = bound[0].port;  // before any request can need it
  mg_set_request_handler(impl->ctx, "**", Dispatch, impl.get());
  if (!options.websocket_path.empty() && options.authorize_websocket) {
    mg_set_websocket_handler(impl->ctx, options.websocket_path.c_str(), WebSocketConnect, nullptr,
                             WebSocketData, WebSocketClose, impl.get());
  }
  std::string host = options.listen.substr(0, colon);
  auto server = std::unique_ptr<Server>(new Server(std::move(impl)));
  server->url_ =
      std::string(tls ? "https" : "http") + "://" + host + ":" + std::to_string(bound[0].port);
  if (count > 1) {
    const std::string& r = options.redirect_listen;
    server->redirect_url_ =
        "http://" + r.substr(0, r.rfind(':')) + ":" + std::to_string(bound[1].port);
  }
  return server;
}

}  // namespace saraban::http
