#include "http/multipart.h"

#include <gtest/gtest.h>

namespace saraban::http {
namespace {

// A request whose body arrives in pieces of `piece` bytes.
HttpRequest RequestWithBody(const std::string& boundary, const std::string& body, size_t piece) {
  HttpRequest req;
  req.headers["content-type"] = "multipart/form-data; boundary=" + boundary;
  auto pos = std::make_shared<size_t>(0);
  req.read_body = [body, pos, piece](char* buf, size_t n) -> int64_t {
    const size_t take = std::min({n, piece, body.size() - *pos});
    std::copy_n(body.data() + *pos, take, buf);
    *pos += take;
    return static_cast<int64_t>(take);
  };
  return req;
}

std::string ReadAll(MultipartFileReader& r) {
  std::string out;
  char buf[5];
  for (;;) {
    auto n = r.Read(buf, sizeof buf);
    EXPECT_TRUE(n.ok());
    if (!n.ok() || *n == 0) return out;
    out.append(buf, *n);
  }
}

TEST(MultipartTest, StreamsTheFilePartWhateverThePieceSize) {
  const std::string file = "PNG\r\n--not-the-boundary\r\nໜັງສື\r\n-";
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nສະບາຍດີ\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\fakepath\\\\ສະແກນ 1.png\"\r\n"
      "Content-Type: image/png\r\n\r\n" +
      file + "\r\n--XyZ--\r\n";
  for (size_t piece : {1u, 3u, 7u, 64u, 100000u}) {
    HttpRequest req = RequestWithBody("XyZ", body, piece);
    auto reader = MultipartFileReader::Open(req);
    ASSERT_TRUE(reader.ok());
    auto name = reader->NextFile();
    ASSERT_TRUE(name.ok()) << name.error().message;
    EXPECT_EQ(*name, "ສະແກນ 1.png");
    EXPECT_EQ(ReadAll(*reader), file) << "piece " << piece;
  }
}

TEST(MultipartTest, RejectsBodiesWithoutAFileOrTruncated) {
  HttpRequest no_file = RequestWithBody(
      "b", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--\r\n", 4);
  auto r1 = MultipartFileReader::Open(no_file);
  EXPECT_EQ(r1->NextFile().error().code, Errc::kMalformed);

  HttpRequest truncated = RequestWithBody(
      "b", "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4", 4);
  auto r2 = MultipartFileReader::Open(truncated);
  ASSERT_TRUE(r2->NextFile().ok());
  char buf[64];
  Result<size_t> n = size_t{1};
  while (n.ok() && *n > 0) n = r2->Read(buf, sizeof buf);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, Errc::kMalformed);

  HttpRequest not_multipart;
  not_multipart.headers["content-type"] = "application/json";
  EXPECT_FALSE(MultipartFileReader::Open(not_multipart).ok());
}

TEST(MultipartTest, HeaderParamsQuotedAndBare) {
  EXPECT_EQ(HeaderParam("form-data; name=\"file\"; filename=\"a b.pdf\"", "filename"), "a b.pdf");
  EXPECT_EQ(HeaderParam("form-data; name=\"file\"; filename=\"a b.pdf\"", "name"), "file");
  EXPECT_EQ(HeaderParam("multipart/form-data; boundary=----abc123", "boundary"), "----abc123");
  EXPECT_EQ(HeaderParam("form-data; name=\"x\"", "filename"), "");
}

}  // namespace
}  // namespace saraban::http
