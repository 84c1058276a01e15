#include "http/multipart.h"

#include <algorithm>
#include <cctype>

namespace saraban::http {
namespace {

constexpr size_t kMaxPartHeaders = 16 * 1024;

Error Malformed(const std::string& why) {
  return MakeError(Errc::kMalformed, "malformed multipart body: " + why,
                   "send the file as the raw body with ?filename=, or as a browser form");
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

std::string HeaderParam(const std::string& header, const std::string& name) {
  const std::string lower = Lower(header);
  size_t pos = 0;
  while ((pos = lower.find(name + "=", pos)) != std::string::npos) {
    // Only a whole parameter name: preceded by start, ';' or space.
    if (pos == 0 || lower[pos - 1] == ';' || lower[pos - 1] == ' ') break;
    pos += name.size();
  }
  if (pos == std::string::npos) return "";
  size_t start = pos + name.size() + 1;
  if (start < header.size() && header[start] == '"') {
    const size_t end = header.find('"', start + 1);
    return end == std::string::npos ? "" : header.substr(start + 1, end - start - 1);
  }
  const size_t end = header.find(';', start);
  std::string value = header.substr(start, end == std::string::npos ? end : end - start);
  value.erase(value.find_last_not_of(" \t") + 1);
  return value;
}

MultipartFileReader::MultipartFileReader(HttpRequest& request, std::string boundary)
    : request_(&request), delimiter_("\r\n--" + boundary) {}

Result<MultipartFileReader> MultipartFileReader::Open(HttpRequest& request) {
  const std::string type = request.Header("content-type");
  if (Lower(type).rfind("multipart/form-data", 0) != 0) {
    return Malformed("Content-Type is not multipart/form-data");
  }
  const std::string boundary = HeaderParam(type, "boundary");
  if (boundary.empty() || boundary.size() > 200) return Malformed("no boundary");
  MultipartFileReader reader(request, boundary);
  // The body starts with "--boundary"; treat it as if a CRLF preceded it.
  reader.buffer_ = "\r\n";
  return reader;
}

Result<bool> MultipartFileReader::Fill() {
  if (body_ended_) return false;
  char buf[65536];
  const int64_t n = request_->read_body ? request_->read_body(buf, sizeof buf) : 0;
  if (n < 0) return MakeError(Errc::kIo, "the connection failed while reading the upload");
  if (n == 0) {
    body_ended_ = true;
    return false;
  }
  buffer_.append(buf, static_cast<size_t>(n));
  return true;
}

Result<std::string> MultipartFileReader::NextFile() {
  for (;;) {
    // Skip to the next delimiter (the rest of a part we do not want).
    size_t at;
    while ((at = buffer_.find(delimiter_)) == std::string::npos) {
      if (buffer_.size() > delimiter_.size()) buffer_.erase(0, buffer_.size() - delimiter_.size());
      auto more = Fill();
      if (!more) return more.error();
      if (!*more) return Malformed("no file part");
    }
    buffer_.erase(0, at + delimiter_.size());
    // "--" after the delimiter closes the body.
    while (buffer_.size() < 2) {
      auto more = Fill();
      if (!more) return more.error();
      if (!*more) return Malformed("truncated after a boundary");
    }
    if (buffer_.compare(0, 2, "--") == 0) return Malformed("no file part");
    size_t headers_end;
    while ((headers_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (buffer_.size() > kMaxPartHeaders) return Malformed("part headers too long");
      auto more = Fill();
      if (!more) return more.error();
      if (!*more) return Malformed("truncated part headers");
    }
    const std::string headers = buffer_.substr(0, headers_end);
    buffer_.erase(0, headers_end + 4);
    std::string disposition;
    size_t line_start = 0;
    while (line_start < headers.size()) {
      size_t line_end = headers.find("\r\n", line_start);
      if (line_end == std::string::npos) line_end = headers.size();
      const std::string line = headers.substr(line_start, line_end - line_start);
      if (Lower(line).rfind("content-disposition:", 0) == 0) disposition = line.substr(20);
      line_start = line_end + 2;
    }
    const std::string filename = HeaderParam(disposition, "filename");
    if (!filename.empty()) {
      in_part_ = true;
      // Browsers may send a path (C:\fakepath\scan.pdf); keep the last component.
      const size_t slash = filename.find_last_of("/\\");
      return slash == std::string::npos ? filename : filename.substr(slash + 1);
    }
  }
}

Result<size_t> MultipartFileReader::Read(char* buf, size_t n) {
  if (!in_part_) return size_t{0};
  for (;;) {
    const size_t at = buffer_.find(delimiter_);
    if (at != std::string::npos) {
      const size_t take = std::min(n, at);
      std::copy_n(buffer_.data(), take, buf);
      buffer_.erase(0, take);
      if (take == 0) in_part_ = false;  // the part ends here
      return take;
    }
    // Bytes that cannot be the start of a delimiter are safe to hand out.
    if (buffer_.size() >= delimiter_.size()) {
      const size_t safe = buffer_.size() - (delimiter_.size() - 1);
      const size_t take = std::min(n, safe);
      std::copy_n(buffer_.data(), take, buf);
      buffer_.erase(0, take);
      return take;
    }
    auto more = Fill();
    if (!more) return more.error();
    if (!*more) return Malformed("the file part is truncated");
  }
}

}  // namespace saraban::http
