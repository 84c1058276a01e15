// The names a server certificate must cover, and whether one covers them.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "tls/tls.h"

namespace saraban::tls {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// An address in inet_ntop's canonical form, so "::0001" and "::1" compare equal.
std::string Canonical(const std::string& name) {
  unsigned char buf[16];
  char text[INET6_ADDRSTRLEN] = {};
  if (inet_pton(AF_INET, name.c_str(), buf) == 1) return inet_ntop(AF_INET, buf, text, sizeof text);
  if (inet_pton(AF_INET6, name.c_str(), buf) == 1)
    return inet_ntop(AF_INET6, buf, text, sizeof text);
  return Lower(name);
}

bool PlainHostName(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

}  // namespace

std::vector<std::string> LocalNames(const std::vector<std::string>& extra) {
  std::set<std::string> names = {"localhost", "127.0.0.1", "::1"};
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) {
    const std::string h = Lower(host);
    if (PlainHostName(h) && h != "localhost") {
      names.insert(h);
      // Windows 10 and later resolve <host>.local over mDNS (avahi on the box).
      if (h.find('.') == std::string::npos) names.insert(h + ".local");
    }
  }
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) == 0) {
    for (ifaddrs* a = list; a; a = a->ifa_next) {
      if (!a->ifa_addr || !(a->ifa_flags & IFF_UP)) continue;
      char text[INET6_ADDRSTRLEN] = {};
      if (a->ifa_addr->sa_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
        if (inet_ntop(AF_INET, &in->sin_addr, text, sizeof text)) names.insert(text);
      } else if (a->ifa_addr->sa_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(a->ifa_addr);
        if (IN6_IS_ADDR_LINKLOCAL(&in6->sin6_addr)) continue;  // needs a scope a URL rarely has
        if (inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text)) names.insert(text);
      }
    }
    freeifaddrs(list);
  }
  for (const auto& e : extra) {
    if (!e.empty()) names.insert(Canonical(e));
  }
  return {names.begin(), names.end()};
}

std::vector<std::string> Uncovered(const CertificateInfo& info,
                                   const std::vector<std::string>& wanted) {
  std::set<std::string> have;
  for (const auto& n : info.names) have.insert(Canonical(n));
  std::vector<std::string> missing;
  for (const auto& w : wanted) {
    const std::string name = Canonical(w);
    if (have.count(name)) continue;
    const size_t dot = name.find('.');
    if (dot != std::string::npos && have.count("*" + name.substr(dot))) continue;
    missing.push_back(w);
  }
  return missing;
}

}  // namespace saraban::tls
