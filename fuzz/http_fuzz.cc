// Fuzz target "http": our request parsing at the HTTP edge. CivetWeb parses
// the request line and headers (not ours); everything after that is: the
// streaming multipart reader of uploads, header parameters, the query string
// and percent-decoding, cookies, and matching a path against the route table.
//
// Input: one byte choosing how many body bytes each read returns (uploads
// arrive in arbitrary pieces), a line with the Content-Type, a line used as
// query string, cookie header and path, and the rest as the body.
#include <algorithm>
#include <cstring>

#include "api/call.h"
#include "api/router.h"
#include "fuzz_input.h"
#include "http/http_types.h"
#include "http/multipart.h"

namespace {

using saraban::fuzz::FuzzInput;
namespace http = saraban::http;

void ReadMultipart(const std::string& content_type, const std::string& body, size_t piece) {
  http::HttpRequest req;
  req.method = "POST";
  req.headers["content-type"] = content_type;
  req.content_length = static_cast<int64_t>(body.size());
  size_t offset = 0;
  req.read_body = [&](char* buf, size_t n) -> int64_t {
    const size_t take = std::min({n, piece, body.size() - offset});
    std::memcpy(buf, body.data() + offset, take);
    offset += take;
    return static_cast<int64_t>(take);
  };
  auto reader = http::MultipartFileReader::Open(req);
  if (!reader) return;
  char buf[4096];
  for (int part = 0; part < 8; ++part) {
    auto name = reader->NextFile();
    if (!name) return;
    // The reader promises a base name: never a path separator.
    if (name->find_first_of("/\\") != std::string::npos) __builtin_trap();
    size_t total = 0;
    for (;;) {
      auto n = reader->Read(buf, 1 + (part * 977 + total) % sizeof buf);
      if (!n || *n == 0) break;
      total += *n;
      if (total > body.size()) __builtin_trap();  // more out than went in
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzInput in(data, size);
  const size_t piece = 1 + in.Byte() * 61;
  const std::string content_type = in.Line();
  const std::string line = in.Line();
  const std::string body = in.Rest();

  ReadMultipart(content_type, body, piece);

  (void)http::HeaderParam(content_type, "boundary");
  (void)http::HeaderParam(line, "filename");
  (void)http::PercentDecode(line, true);
  (void)http::PercentDecode(line, false);
  (void)http::ParseQuery(line);
  http::HttpRequest req;
  req.headers["cookie"] = line;
  (void)req.Cookie("saraban_session");
  const auto decoded = http::PercentDecode(line, false).value_or(line);
  for (const saraban::api::Route& r : saraban::api::Routes()) {
    std::map<std::string, std::string> params;
    (void)saraban::api::MatchPattern(r.pattern, decoded, &params);
  }
  return 0;
}
