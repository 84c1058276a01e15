#include "http/static_files.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <string_view>

namespace saraban::http {
namespace {

// connect-src 'self' covers same-origin ws:/wss: in CSP Level 3 browsers
// (the UI's websocket for live notifications); pdf.js runs as a module worker
// from the same origin and never needs eval (isEvalSupported is off).
constexpr char kPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; "
    "img-src 'self' blob: data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const std::map<std::string_view, std::string_view>& Types() {
  static const std::map<std::string_view, std::string_view> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".map", "application/json"},
  };
  return kTypes;
}

std::string Extension(const std::string& path) {
  const size_t slash = path.rfind('/');
  const size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot);
  std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
  return ext;
}

bool IsRegularFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// A path is safe when every segment is a plain name: no "..", no hidden
// files, no backslashes or control characters.
bool SafePath(const std::string& path) {
  if (path.empty() || path[0] != '/') return false;
  for (unsigned char c : path) {
    if (c < 0x20 || c == 0x7f || c == '\\') return false;
  }
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string_view segment(path.data() + start, end - start);
    if (!segment.empty() && segment[0] == '.') return false;
    start = end + 1;
  }
  return true;
}

// True when the client accepts gzip: a "gzip" token whose q is not 0.
bool AcceptsGzip(const std::string& accept) {
  size_t pos = 0;
  while (pos < accept.size()) {
    size_t end = accept.find(',', pos);
    if (end == std::string::npos) end = accept.size();
    std::string item = accept.substr(pos, end - pos);
    item.erase(std::remove_if(item.begin(), item.end(), ::isspace), item.end());
    std::transform(item.begin(), item.end(), item.begin(), ::tolower);
    const size_t semi = item.find(';');
    if (item.substr(0, semi) == "gzip") {
      const size_t q = item.find("q=", semi == std::string::npos ? item.size() : semi);
      return q == std::string::npos || std::strtod(item.c_str() + q + 2, nullptr) > 0;
    }
    pos = end + 1;
  }
  return false;
}

HttpResponse Plain(int status, const std::string& text) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = text + "\n";
  r.headers.emplace_back("Content-Security-Policy", kPolicy);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// The canonical path of `path`, or "" when it does not resolve.
std::string RealPath(const std::string& path) {
  char buf[PATH_MAX];
  return ::realpath(path.c_str(), buf) ? std::string(buf) : std::string();
}

}  // namespace

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

const char* StaticFiles::Policy() { return kPolicy; }

bool StaticFiles::Handles(const HttpRequest& req) {
  return !(req.path == "/api" || req.path.rfind("/api/", 0) == 0);
}

HttpResponse StaticFiles::Serve(const HttpRequest& req) const {
  if (req.method != "GET" && req.method != "HEAD") {
    HttpResponse r = Plain(405, "method not allowed");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  if (!SafePath(req.path)) return Plain(404, "not found");
  const std::string index = root_ + "/index.html";
  if (!IsRegularFile(index)) {
    return Plain(404, "the web UI is not installed in " + root_ +
                          " (build it with cmake, or pass --webui-dir to saraban serve)");
  }
  std::string file = root_ + req.path;
  std::string ext = Extension(req.path);
  if (req.path == "/" || !IsRegularFile(file)) {
    // A missing file with an extension is a missing asset, not a UI route.
    if (req.path != "/" && !ext.empty()) return Plain(404, "not found");
    file = index;
    ext = ".html";
  }
  // A symlink may point anywhere: serve only what resolves inside the root.
  const std::string real_root = RealPath(root_);
  const std::string real_file = RealPath(file);
  if (real_root.empty() || real_file.rfind(real_root + "/", 0) != 0) return Plain(404, "not found");

  HttpResponse r;
  auto type = Types().find(ext);
  r.content_type = type == Types().end() ? "application/octet-stream" : std::string(type->second);
  r.body_file = real_file;
  r.headers.emplace_back("Content-Security-Policy", kPolicy);
  // Files under /assets carry a content hash in their names and never change.
  const bool hashed = req.path.rfind("/assets/", 0) == 0 && file != index;
  r.headers.emplace_back("Cache-Control",
                         hashed ? "public, max-age=31536000, immutable" : "no-cache");
  if (IsRegularFile(real_file + ".gz")) {
    r.headers.emplace_back("Vary", "Accept-Encoding");
    if (AcceptsGzip(req.Header("accept-encoding"))) {
      r.body_file = real_file + ".gz";
      r.headers.emplace_back("Content-Encoding", "gzip");
    }
  }
  return r;
}

}  // namespace saraban::http
