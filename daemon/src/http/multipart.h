// A streaming reader for the file part of a multipart/form-data body, so a
// browser form upload goes to disk without being held in memory. Our own
// code on purpose: CivetWeb's mg_handle_form_request loops forever on some
// bodies (DESIGN.md).
// Thread-safety: one reader per request.
// Errors: kMalformed for a body that is not well-formed multipart (missing
// boundary, truncated part, oversized part headers), kIo when the
// connection fails.
#ifndef SARABAN_DAEMON_HTTP_MULTIPART_H_
#define SARABAN_DAEMON_HTTP_MULTIPART_H_

#include <string>

#include "core/error.h"
#include "http/http_types.h"

namespace saraban::http {

class MultipartFileReader {
 public:
  // kMalformed unless the request is multipart/form-data with a boundary.
  static Result<MultipartFileReader> Open(HttpRequest& request);

  // Skips to the next part that carries a file and returns its file name.
  // kMalformed if the body has no file part.
  Result<std::string> NextFile();
  // Reads the current file part's bytes; 0 at the end of the part.
  Result<size_t> Read(char* buf, size_t n);

 private:
  MultipartFileReader(HttpRequest& request, std::string boundary);
  // Appends more of the body to buffer_; false at the end of the body.
  Result<bool> Fill();

  HttpRequest* request_;
  std::string delimiter_;  // "\r\n--" + boundary
  std::string buffer_;
  bool body_ended_ = false;
  bool in_part_ = false;
};

// Extracts a parameter such as boundary= or filename= from a header value.
std::string HeaderParam(const std::string& header, const std::string& name);

}  // namespace saraban::http

#endif  // SARABAN_DAEMON_HTTP_MULTIPART_H_
