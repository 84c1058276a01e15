#include "http/static_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "temp_dir.h"

namespace saraban::http {
namespace {

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string HeaderOf(const HttpResponse& r, const std::string& name) {
  auto it = std::find_if(r.headers.begin(), r.headers.end(),
                         [&](const auto& h) { return h.first == name; });
  return it == r.headers.end() ? "" : it->second;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = dir_.Sub("dist");
    ::mkdir(root_.c_str(), 0755);
    ::mkdir((root_ + "/assets").c_str(), 0755);
    Write(root_ + "/index.html", "<!doctype html><title>ສາລະບັນ</title>");
    Write(root_ + "/assets/index-abc123.js", "console.log(1)");
    Write(root_ + "/assets/index-abc123.js.gz", "GZ");
    Write(root_ + "/assets/sarabun-thai.woff2", "wOF2");
    Write(dir_.Sub("secret.txt"), "secret");
  }
  HttpResponse Get(const std::string& path, const std::string& accept = "") {
    HttpRequest req;
    req.method = "GET";
    req.path = path;
    if (!accept.empty()) req.headers["accept-encoding"] = accept;
    return StaticFiles(root_).Serve(req);
  }
  testing::TempDir dir_;
  std::string root_;
};

TEST_F(StaticFilesTest, ApiPathsAreNotTheUis) {
  HttpRequest req;
  req.path = "/api/v1/letters";
  EXPECT_FALSE(StaticFiles::Handles(req));
  req.path = "/api";
  EXPECT_FALSE(StaticFiles::Handles(req));
  req.path = "/apiary";
  EXPECT_TRUE(StaticFiles::Handles(req));
  req.path = "/letters/42";
  EXPECT_TRUE(StaticFiles::Handles(req));
}

TEST_F(StaticFilesTest, IndexForTheRootAndForClientRoutes) {
  for (const std::string path : {"/", "/letters/42", "/search", "/ລາວ"}) {
    HttpResponse r = Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8") << path;
    EXPECT_EQ(r.body_file.substr(r.body_file.size() - 11), "/index.html") << path;
    EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-cache") << path;
    EXPECT_NE(HeaderOf(r, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
    EXPECT_NE(HeaderOf(r, "Content-Security-Policy").find("frame-ancestors 'none'"),
              std::string::npos);
  }
}

TEST_F(StaticFilesTest, HashedAssetsAreCachedLongAndSentCompressedWhenAccepted) {
  HttpResponse plain = Get("/assets/index-abc123.js");
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(plain.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(plain, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(HeaderOf(plain, "Content-Encoding"), "");
  EXPECT_EQ(HeaderOf(plain, "Vary"), "Accept-Encoding");
  EXPECT_EQ(plain.body_file.substr(plain.body_file.size() - 3), ".js");

  HttpResponse gz = Get("/assets/index-abc123.js", "br, gzip, deflate");
  EXPECT_EQ(HeaderOf(gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(gz.body_file.substr(gz.body_file.size() - 6), ".js.gz");
  EXPECT_EQ(gz.content_type, "text/javascript; charset=utf-8");

  HttpResponse refused = Get("/assets/index-abc123.js", "gzip;q=0, identity");
  EXPECT_EQ(HeaderOf(refused, "Content-Encoding"), "");

  HttpResponse font = Get("/assets/sarabun-thai.woff2", "gzip");
  EXPECT_EQ(font.content_type, "font/woff2");
  EXPECT_EQ(HeaderOf(font, "Content-Encoding"), "");  // no .gz beside it
}

TEST_F(StaticFilesTest, MissingAssetsAre404NotTheIndex) {
  EXPECT_EQ(Get("/assets/gone-123.js").status, 404);
  EXPECT_EQ(Get("/favicon.ico").status, 404);
}

TEST_F(StaticFilesTest, TraversalHiddenFilesAndEscapingSymlinksAreRefused) {
  EXPECT_EQ(Get("/../secret.txt").status, 404);
  EXPECT_EQ(Get("/assets/../../secret.txt").status, 404);
  EXPECT_EQ(Get("/.env").status, 404);
  EXPECT_EQ(Get("/assets\\..\\..\\secret.txt").status, 404);
  EXPECT_EQ(Get(std::string("/index.html\0.js", 15)).status, 404);
  ASSERT_EQ(::symlink(dir_.Sub("secret.txt").c_str(), (root_ + "/leak.txt").c_str()), 0);
  EXPECT_EQ(Get("/leak.txt").status, 404);
}

TEST_F(StaticFilesTest, OnlyGetAndHead) {
  HttpRequest req;
  req.method = "POST";
  req.path = "/";
  HttpResponse r = StaticFiles(root_).Serve(req);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(HeaderOf(r, "Allow"), "GET, HEAD");
  req.method = "HEAD";
  EXPECT_EQ(StaticFiles(root_).Serve(req).status, 200);
}

TEST_F(StaticFilesTest, AMissingUiSaysSo) {
  HttpRequest req;
  req.method = "GET";
  req.path = "/";
  HttpResponse r = StaticFiles(dir_.Sub("nowhere")).Serve(req);
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("--webui-dir"), std::string::npos);
}

}  // namespace
}  // namespace saraban::http
