#include "smtp_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace saraban::testing {
namespace {

std::string Base64Decode(const std::string& in) {
  std::string clean;
  for (char c : in) {
    if (!std::isspace(static_cast<unsigned char>(c))) clean += c;
  }
  std::string out(clean.size() / 4 * 3 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(clean.data()),
                                static_cast<int>(clean.size()));
  if (n < 0) return "";
  out.resize(static_cast<size_t>(n));
  // EVP_DecodeBlock counts padding as zero bytes.
  for (size_t i = clean.size(); i > 0 && clean[i - 1] == '='; --i) out.pop_back();
  return out;
}

// "=?UTF-8?B?...?=" words, possibly folded over several lines.
std::string DecodeHeader(const std::string& value) {
  std::string out;
  size_t pos = 0;
  while ((pos = value.find("=?UTF-8?B?", pos)) != std::string::npos) {
    const size_t start = pos + 10;
    const size_t end = value.find("?=", start);
    if (end == std::string::npos) break;
    out += Base64Decode(value.substr(start, end - start));
    pos = end + 2;
  }
  return out.empty() ? value : out;
}

bool Accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

MailMessage Parse(const std::string& raw) {
  MailMessage m;
  const size_t split = raw.find("\n\n");
  const std::string head = raw.substr(0, split);
  const std::string body = split == std::string::npos ? "" : raw.substr(split + 2);
  // Unfold headers, then pick the ones we need.
  std::string unfolded;
  for (size_t i = 0; i < head.size(); ++i) {
    if (head[i] == '\n' && i + 1 < head.size() && (head[i + 1] == ' ' || head[i + 1] == '\t')) {
      continue;
    }
    unfolded += head[i];
  }
  std::istringstream lines(unfolded);
  bool base64 = false;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("To: ", 0) == 0) m.to = line.substr(4);
    if (line.rfind("Subject: ", 0) == 0) m.subject = DecodeHeader(line.substr(9));
    if (line == "Content-Transfer-Encoding: base64") base64 = true;
  }
  m.body = base64 ? Base64Decode(body) : body;
  m.body.erase(std::remove(m.body.begin(), m.body.end(), '\r'), m.body.end());
  return m;
}

}  // namespace

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    throw std::runtime_error("no free port");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

SmtpSink::SmtpSink(int port) : port_(port == 0 ? FreePort() : port) {
  const std::string listen = "127.0.0.1:" + std::to_string(port_);
  const std::string maildir = dir_.Sub("mail");
  std::vector<std::string> args = {
      "/usr/bin/python3",          "-m",   "aiosmtpd", "-n", "-l", listen, "-c",
      "aiosmtpd.handlers.Mailbox", maildir};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    throw std::runtime_error("cannot start aiosmtpd (install python3-aiosmtpd)");
  }
  for (int i = 0; i < 100 && !Accepts(port_); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!Accepts(port_)) throw std::runtime_error("aiosmtpd did not start on " + listen);
}

SmtpSink::~SmtpSink() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
}

std::vector<MailMessage> SmtpSink::Messages() const {
  namespace fs = std::filesystem;
  std::vector<std::pair<fs::file_time_type, std::string>> files;
  const fs::path fresh = dir_.Sub("mail") + "/new";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fresh, ec)) {
    files.emplace_back(e.last_write_time(), e.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<MailMessage> out;
  for (const auto& [time, path] : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    out.push_back(Parse(ss.str()));
  }
  return out;
}

std::vector<MailMessage> SmtpSink::WaitFor(size_t count, int seconds) const {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  std::vector<MailMessage> got = Messages();
  while (got.size() < count && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    got = Messages();
  }
  return got;
}

}  // namespace saraban::testing
