// testdata/v1-sample.sbk is a backup written by the first version of this
// code and committed unchanged: every later Saraban must still restore it
// (docs/backup-format.md, "Compatibility"). Never regenerate it to make this
// test pass; a failure here means a change broke reading version 1 files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "backup/backup.h"
#include "core/crypto.h"
#include "temp_dir.h"

namespace saraban::backup {
namespace {

namespace fs = std::filesystem;

constexpr char kSample[] = SARABAN_BACKUP_TESTDATA "/v1-sample.sbk";
constexpr char kSamplePassphrase[] = "saraban v1 sample ສາລະບັນ";
constexpr char kSampleCard[] =
    "SRBK-J05D-3MWV-AH8D-5E1S-XWXV-6995-BBYJ-14ZE-2WWT-6CK5-5A9N-J4JV-TX40-10YX";
constexpr char kSnapshot[] = "saraban v1 sample snapshot: ทะเบียนหนังสือรับ ປື້ມລົງທະບຽນ\n";
constexpr char kLaoBlob[] = "ໜັງສືແຈ້ງການ ເລກທີ 001/ຫສ ລົງວັນທີ 1 ມັງກອນ 2024";
constexpr char kThaiBlob[] = "หนังสือราชการ ที่ ศธ ๐๔๐๑/๒๕๖๗ เรื่อง ขอเชิญประชุม";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string BlobPath(const std::string& dir, const std::string& content) {
  const std::string sha = Sha256Hex(content);
  return dir + "/blobs/" + sha.substr(0, 2) + "/" + sha;
}

TEST(V1SampleTest, RestoresWithThePassphrase) {
  const std::string bytes = ReadFile(kSample);
  ASSERT_FALSE(bytes.empty()) << "missing " << kSample;
  ASSERT_EQ(bytes.substr(0, 20), std::string("SARABAN-BACKUP\0\0\0\0\0\1", 20));
  testing::TempDir tmp;
  const std::string dir = tmp.Sub("restored");
  Result<VerifyResult> r = Restore(kSample, Unlock{.passphrase = kSamplePassphrase}, dir);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->manifest["format_version"], 1);
  EXPECT_EQ(r->manifest["summary"]["office"], "ຫ້ອງການ ສາລະບັນ ຕົວຢ່າງ");
  EXPECT_EQ(r->manifest["summary"]["letters"], 2);
  EXPECT_EQ(r->blobs_checked, 2u);
  EXPECT_EQ(ReadFile(dir + "/store/data.mdb"), kSnapshot);
  EXPECT_EQ(ReadFile(BlobPath(dir, kLaoBlob)), kLaoBlob);
  EXPECT_EQ(ReadFile(BlobPath(dir, kThaiBlob)), kThaiBlob);
}

TEST(V1SampleTest, VerifiesWithTheRecoveryCard) {
  Result<VerifyResult> v = Verify(kSample, Unlock{.recovery_card = kSampleCard});
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->blobs_checked, 2u);
}

// Wrote testdata/v1-sample.sbk once; kept to show how it was made. Running
// it again makes a different file (new random keys): do not commit that.
TEST(V1SampleTest, DISABLED_WriteSample) {
  testing::TempDir tmp;
  Result<NewKeys> keys = MakeOfficeKeys(kSamplePassphrase, true);
  ASSERT_TRUE(keys.ok());
  Source source;
  source.snapshot_path = tmp.Sub("snapshot.mdb");
  std::ofstream(source.snapshot_path, std::ios::binary) << kSnapshot;
  for (const char* content : {kLaoBlob, kThaiBlob}) {
    const std::string path = tmp.Sub(Sha256Hex(content));
    std::ofstream(path, std::ios::binary) << content;
    source.blobs.push_back({Sha256Hex(content), path, std::string(content).size()});
  }
  source.summary = {{"letters", 2}, {"office", "ຫ້ອງການ ສາລະບັນ ຕົວຢ່າງ"}};
  const std::string target = tmp.Sub("usb");
  fs::create_directories(target);
  Result<CreateResult> made =
      Create(source, CreateOptions{.target_dir = target, .keys = keys->keys});
  ASSERT_TRUE(made.ok()) << made.error().message;
  const std::string out = std::string(SARABAN_BACKUP_TESTDATA) + "/v1-sample.sbk.new";
  fs::copy_file(made->archive_path, out, fs::copy_options::overwrite_existing);
  std::printf("wrote %s\nrecovery card: %s\n", out.c_str(), keys->recovery_card.c_str());
}

}  // namespace
}  // namespace saraban::backup
