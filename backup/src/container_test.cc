#include "container.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "core/crypto.h"
#include "file_util.h"
#include "temp_dir.h"

namespace saraban::backup {
namespace {

OfficeKeys TestKeys(bool with_recovery, std::string* recovery_private = nullptr) {
  OfficeKeys keys;
  keys.kdf_salt = RandomBytes(kSaltLen);
  keys.passphrase_key = RandomBytes(kKeyLen);
  if (with_recovery) {
    Result<X25519Pair> pair = X25519Generate();
    EXPECT_TRUE(pair.ok());
    keys.recovery_public = pair->public_key;
    if (recovery_private) *recovery_private = pair->private_key;
  }
  return keys;
}

// Writes `bytes` to a file and opens it for reading.
UniqueFd FileWith(const testing::TempDir& tmp, const std::string& bytes) {
  const std::string path = tmp.Sub("f");
  UniqueFd w(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600));
  EXPECT_TRUE(WriteAll(w.get(), bytes.data(), bytes.size(), path).ok());
  return UniqueFd(::open(path.c_str(), O_RDONLY));
}

TEST(ContainerTest, HeaderRoundTripsAndBothSlotsOpen) {
  testing::TempDir tmp;
  std::string recovery_private;
  const OfficeKeys keys = TestKeys(true, &recovery_private);
  const std::string file_key = RandomBytes(kKeyLen);
  Result<Header> h = NewHeader(keys, file_key);
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(h->raw.substr(0, 16), std::string("SARABAN-BACKUP\0\0", 16));
  ASSERT_EQ(h->slots.size(), 2u);
  EXPECT_EQ(h->slots[0].body.size(), 60u);
  EXPECT_EQ(h->slots[1].body.size(), 92u);

  UniqueFd fd = FileWith(tmp, h->raw + "rest");
  Result<Header> back = ReadHeader(fd.get(), "f");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->raw, h->raw);
  EXPECT_EQ(back->salt, keys.kdf_salt);
  EXPECT_EQ(back->memory_kib, keys.kdf_memory_kib);
  EXPECT_EQ(back->iterations, keys.kdf_iterations);
  EXPECT_EQ(back->parallelism, 1u);
  EXPECT_EQ(back->stream_id, h->stream_id);

  Unlocker by_key = Unlocker::WithPassphraseKey(keys.passphrase_key);
  Result<std::string> k1 = by_key.FileKey(*back, "f");
  ASSERT_TRUE(k1.ok()) << k1.error().message;
  EXPECT_EQ(*k1, file_key);
  Unlocker by_card = Unlocker::WithRecoveryKey(recovery_private);
  Result<std::string> k2 = by_card.FileKey(*back, "f");
  ASSERT_TRUE(k2.ok()) << k2.error().message;
  EXPECT_EQ(*k2, file_key);

  Unlocker other = Unlocker::WithPassphraseKey(RandomBytes(kKeyLen));
  Result<std::string> k3 = other.FileKey(*back, "f");
  ASSERT_FALSE(k3.ok());
  EXPECT_EQ(k3.error().code, Errc::kUnauthenticated);
}

TEST(ContainerTest, HeaderWithoutRecoverySaysSo) {
  testing::TempDir tmp;
  Result<Header> h = NewHeader(TestKeys(false), RandomBytes(kKeyLen));
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->slots.size(), 1u);
  Result<X25519Pair> pair = X25519Generate();
  ASSERT_TRUE(pair.ok());
  Unlocker by_card = Unlocker::WithRecoveryKey(pair->private_key);
  Result<std::string> k = by_card.FileKey(*h, "f");
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.error().code, Errc::kUnauthenticated);
  EXPECT_NE(k.error().message.find("without a recovery key"), std::string::npos);
}

TEST(ContainerTest, NewerVersionIsUnsupportedAndForeignFileIsNotABackup) {
  testing::TempDir tmp;
  Result<Header> h = NewHeader(TestKeys(false), RandomBytes(kKeyLen));
  ASSERT_TRUE(h.ok());
  std::string v2 = h->raw;
  v2[19] = 2;
  UniqueFd fd = FileWith(tmp, v2);
  Result<Header> r = ReadHeader(fd.get(), "f");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kUnsupported);
  EXPECT_NE(r.error().message.find("format version 2"), std::string::npos);

  fd = FileWith(tmp, "PK\3\4 this is a zip file, not a backup");
  r = ReadHeader(fd.get(), "f");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kCorruption);
  EXPECT_NE(r.error().message.find("not a Saraban backup"), std::string::npos);

  fd = FileWith(tmp, h->raw.substr(0, 30));
  r = ReadHeader(fd.get(), "f");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("truncated inside its header"), std::string::npos);
}

// Streams of various sizes come back byte for byte, in the expected number
// of chunks, the last marked final.
TEST(ContainerTest, ChunkStreamRoundTrips) {
  testing::TempDir tmp;
  const OfficeKeys keys = TestKeys(false);
  for (size_t size :
       {size_t{0}, size_t{1}, kChunkSize - 1, kChunkSize, kChunkSize + 1, 3 * kChunkSize + 12345}) {
    const std::string file_key = RandomBytes(kKeyLen);
    Result<Header> h = NewHeader(keys, file_key);
    ASSERT_TRUE(h.ok());
    const std::string path = tmp.Sub("stream");
    const std::string data = RandomBytes(size);
    {
      UniqueFd w(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600));
      ASSERT_TRUE(WriteAll(w.get(), h->raw.data(), h->raw.size(), path).ok());
      ChunkWriter writer(w.get(), *h, file_key, path);
      // Uneven pieces, as libarchive hands them over.
      for (size_t pos = 0; pos < size; pos += 70001) {
        ASSERT_TRUE(writer.Write(data.data() + pos, std::min<size_t>(70001, size - pos)).ok());
      }
      ASSERT_TRUE(writer.Finish().ok());
      EXPECT_EQ(writer.chunks(), size == 0 ? 1 : (size + kChunkSize - 1) / kChunkSize);
    }
    UniqueFd r(::open(path.c_str(), O_RDONLY));
    Result<Header> rh = ReadHeader(r.get(), "stream");
    ASSERT_TRUE(rh.ok());
    ChunkReader reader(r.get(), *rh, file_key, "stream");
    std::string back;
    while (!reader.finished()) {
      Result<std::string_view> chunk = reader.Next();
      ASSERT_TRUE(chunk.ok()) << size << ": " << chunk.error().message;
      back.append(*chunk);
    }
    EXPECT_EQ(back.size(), data.size());
    EXPECT_TRUE(back == data) << size;
    EXPECT_TRUE(reader.DrainToEnd().ok());
  }
}

TEST(ContainerTest, LengthFieldOverTheLimitIsDamage) {
  testing::TempDir tmp;
  const OfficeKeys keys = TestKeys(false);
  const std::string file_key = RandomBytes(kKeyLen);
  Result<Header> h = NewHeader(keys, file_key);
  ASSERT_TRUE(h.ok());
  UniqueFd fd = FileWith(tmp, h->raw + std::string("\x7f\0\0\0", 4) + std::string(40, 'x'));
  Result<Header> rh = ReadHeader(fd.get(), "f");
  ASSERT_TRUE(rh.ok());
  ChunkReader reader(fd.get(), *rh, file_key, "f");
  Result<std::string_view> chunk = reader.Next();
  ASSERT_FALSE(chunk.ok());
  EXPECT_EQ(chunk.error().code, Errc::kCorruption);
  EXPECT_NE(chunk.error().message.find("chunk 0 is damaged (its length field"), std::string::npos)
      << chunk.error().message;
  // The error sticks.
  EXPECT_FALSE(reader.Next().ok());
}

}  // namespace
}  // namespace saraban::backup
