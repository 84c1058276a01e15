#include "store/blob_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.h"
#include "temp_dir.h"

namespace saraban::store {
namespace {

using saraban::testing::TempDir;

// A reader over a string, delivering it in small pieces.
BlobStore::Reader ReaderOf(const std::string& data, size_t piece = 7) {
  auto pos = std::make_shared<size_t>(0);
  return [data, pos, piece](char* buf, size_t n) -> Result<size_t> {
    const size_t take = std::min({n, piece, data.size() - *pos});
    std::copy_n(data.data() + *pos, take, buf);
    *pos += take;
    return take;
  };
}

size_t FilesUnder(const std::string& dir) {
  size_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) n += e.is_regular_file();
  return n;
}

TEST(BlobStoreTest, WritesContentAddressedFiles) {
  TempDir dir;
  BlobStore blobs(dir.Sub("blobs"));
  const std::string data = "ໜັງສືແຈ້ງການ / หนังสือราชการ\n";
  auto w = blobs.Write(ReaderOf(data), 1 << 20);
  ASSERT_TRUE(w.ok()) << w.error().message;
  EXPECT_EQ(w->sha256, Sha256Hex(data));
  EXPECT_EQ(w->size, data.size());
  std::ifstream in(blobs.PathOf(w->sha256), std::ios::binary);
  std::stringstream got;
  got << in.rdbuf();
  EXPECT_EQ(got.str(), data);
  EXPECT_TRUE(blobs.Exists(w->sha256));
  auto again = blobs.Write(ReaderOf(data), 1 << 20);  // same content, same name
  EXPECT_EQ(again->sha256, w->sha256);
  EXPECT_EQ(FilesUnder(dir.Sub("blobs")), 1u);
}

TEST(BlobStoreTest, OverTheLimitLeavesNothingBehind) {
  TempDir dir;
  BlobStore blobs(dir.Sub("blobs"));
  auto w = blobs.Write(ReaderOf(std::string(1000, 'x'), 100), 999);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().code, Errc::kTooLarge);
  EXPECT_EQ(FilesUnder(dir.Sub("blobs")), 0u);
}

TEST(BlobStoreTest, ARejectedCheckOrReaderErrorLeavesNothingBehind) {
  TempDir dir;
  BlobStore blobs(dir.Sub("blobs"));
  auto refused = blobs.Write(ReaderOf("not an image"), 1 << 20, [](const std::string& path) {
    EXPECT_TRUE(std::filesystem::exists(path));
    return Status(MakeError(Errc::kUnsupported, "not a scan"));
  });
  EXPECT_EQ(refused.error().code, Errc::kUnsupported);
  auto broken = blobs.Write(
      [](char*, size_t) -> Result<size_t> { return MakeError(Errc::kIo, "client went away"); },
      1 << 20);
  EXPECT_EQ(broken.error().code, Errc::kIo);
  EXPECT_EQ(FilesUnder(dir.Sub("blobs")), 0u);
}

}  // namespace
}  // namespace saraban::store
