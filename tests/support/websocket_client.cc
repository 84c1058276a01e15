#include "websocket_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace saraban::testing {
namespace {

bool WaitReadable(int fd, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, timeout_ms) > 0;
}

}  // namespace

WebSocketClient::WebSocketClient(const std::string& base_url, const std::string& path,
                                 const std::vector<std::string>& headers) {
  const size_t colon = base_url.rfind(':');
  const std::string host = base_url.substr(7, colon - 7);  // after "http://"
  const int port = std::stoi(base_url.substr(colon + 1));
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return;
  std::string req = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + std::to_string(port) +
                    "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
  for (const auto& h : headers) req += h + "\r\n";
  req += "\r\n";
  if (::send(fd_, req.data(), req.size(), 0) != static_cast<ssize_t>(req.size())) return;
  // Read the answer's head.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (buffer_.find("\r\n\r\n") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    if (!WaitReadable(fd_, 200)) continue;
    char buf[4096];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) break;
    buffer_.append(buf, static_cast<size_t>(n));
  }
  const size_t end = buffer_.find("\r\n\r\n");
  if (end == std::string::npos || buffer_.size() < 12) return;
  status_ = std::stoi(buffer_.substr(9, 3));
  buffer_.erase(0, end + 4);
}

WebSocketClient::~WebSocketClient() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<std::string> WebSocketClient::Receive(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    // A complete frame in the buffer? (server frames are not masked)
    if (buffer_.size() >= 2) {
      const unsigned char b0 = buffer_[0], b1 = buffer_[1];
      size_t len = b1 & 0x7f, head = 2;
      if (len == 126 && buffer_.size() >= 4) {
        len = (static_cast<unsigned char>(buffer_[2]) << 8) | static_cast<unsigned char>(buffer_[3]);
        head = 4;
      } else if (len == 127 && buffer_.size() >= 10) {
        len = 0;
        for (int i = 2; i < 10; ++i) len = (len << 8) | static_cast<unsigned char>(buffer_[i]);
        head = 10;
      }
      if (len < 126 || head > 2) {
        if (buffer_.size() >= head + len) {
          std::string payload = buffer_.substr(head, len);
          buffer_.erase(0, head + len);
          if ((b0 & 0x0f) == 0x1) return payload;  // text
          continue;                                 // ping, pong, others: skip
        }
      }
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0 || fd_ < 0 || !WaitReadable(fd_, static_cast<int>(left))) return std::nullopt;
    char buf[4096];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return std::nullopt;
    buffer_.append(buf, static_cast<size_t>(n));
  }
}

}  // namespace saraban::testing
