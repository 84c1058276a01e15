// StaticFiles serves the built web UI (webui/dist, installed beside the
// binary in /usr/share/saraban/webui) for every path outside /api: the file
// when it exists, index.html for the UI's own routes (so a reload of
// /letters/42 works), with a Content-Type from the extension, a long cache
// for the content-hashed files under /assets and no-cache for index.html,
// the precompressed .gz beside a file when the client accepts gzip, and the
// UI's strict Content-Security-Policy (no inline script or style).
// Paths with "..", hidden segments or a NUL, and files resolving outside the
// root (symlinks), are refused with a 404; methods other than GET and HEAD
// get a 405.
// Thread-safety: Serve is const and touches only the file system; it may be
// called from many threads at once.
#ifndef SARABAN_DAEMON_HTTP_STATIC_FILES_H_
#define SARABAN_DAEMON_HTTP_STATIC_FILES_H_

#include <string>

#include "http/http_types.h"

namespace saraban::http {

class StaticFiles {
 public:
  // `root` is the directory holding index.html and assets/. It need not exist
  // yet: until it does, every answer is a 404 that says the UI is missing.
  explicit StaticFiles(std::string root);

  // True for requests the UI serves: any path not under /api.
  static bool Handles(const HttpRequest& req);

  HttpResponse Serve(const HttpRequest& req) const;

  // The Content-Security-Policy every UI response carries.
  static const char* Policy();

 private:
  std::string root_;
};

}  // namespace saraban::http

#endif  // SARABAN_DAEMON_HTTP_STATIC_FILES_H_
