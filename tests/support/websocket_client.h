// A minimal websocket client for tests: the HTTP upgrade over a plain TCP
// socket and unmasked server text frames. Enough to check what the daemon
// pushes; not a general client.
#ifndef SARABAN_TESTS_SUPPORT_WEBSOCKET_CLIENT_H_
#define SARABAN_TESTS_SUPPORT_WEBSOCKET_CLIENT_H_

#include <optional>
#include <string>
#include <vector>

namespace saraban::testing {

class WebSocketClient {
 public:
  // Connects to base_url ("http://127.0.0.1:PORT") + path with the given
  // extra headers ("Cookie: ...", "Origin: ..."). status() is the HTTP
  // status of the upgrade answer (101 when accepted, 0 on failure).
  WebSocketClient(const std::string& base_url, const std::string& path,
                  const std::vector<std::string>& headers);
  ~WebSocketClient();
  WebSocketClient(const WebSocketClient&) = delete;
  WebSocketClient& operator=(const WebSocketClient&) = delete;

  int status() const { return status_; }
  // The next text frame, waiting at most timeout_ms.
  std::optional<std::string> Receive(int timeout_ms);

 private:
  int fd_ = -1;
  int status_ = 0;
  std::string buffer_;
};

}  // namespace saraban::testing

#endif  // SARABAN_TESTS_SUPPORT_WEBSOCKET_CLIENT_H_
