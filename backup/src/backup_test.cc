#include "backup/backup.h"

#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "temp_dir.h"

namespace saraban::backup {
namespace {

namespace fs = std::filesystem;

constexpr char kPassphrase[] = "ສາລະບັນ สารบรรณ backup 2567";
constexpr size_t kMiB = 1 << 20;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& data) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

// Names in a directory, without . and ..
std::set<std::string> List(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Offsets and total lengths (length field, ciphertext, tag) of the chunks.
std::vector<std::pair<size_t, size_t>> Chunks(const std::string& file) {
  auto u32 = [&](size_t at) {
    const auto* p = reinterpret_cast<const unsigned char*>(file.data() + at);
    return (size_t{p[0]} << 24) | (size_t{p[1]} << 16) | (size_t{p[2]} << 8) | p[3];
  };
  std::vector<std::pair<size_t, size_t>> out;
  size_t pos = 24 + u32(20);
  while (pos + 4 <= file.size()) {
    const size_t len = 4 + u32(pos) + 16;
    out.emplace_back(pos, len);
    pos += len;
  }
  return out;
}

// Shared by every test: deriving keys costs an Argon2id run.
struct Keys {
  OfficeKeys keys;
  std::string card;
};
const Keys& OfficeKeysForTests() {
  static const Keys* keys = [] {
    Result<NewKeys> made = MakeOfficeKeys(kPassphrase, true);
    EXPECT_TRUE(made.ok());
    return new Keys{made->keys, made->recovery_card};
  }();
  return *keys;
}

// A tmpfs mounted for one test (root only); unmounted at the end.
class Tmpfs {
 public:
  // Empty when mounting is not allowed here.
  static std::unique_ptr<Tmpfs> Mount(const std::string& dir, const std::string& options,
                                      bool read_only) {
    fs::create_directories(dir);
    if (::mount("tmpfs", dir.c_str(), "tmpfs", read_only ? MS_RDONLY : 0, options.c_str()) != 0) {
      return nullptr;
    }
    return std::unique_ptr<Tmpfs>(new Tmpfs(dir));
  }
  ~Tmpfs() { ::umount2(dir_.c_str(), MNT_DETACH); }

 private:
  explicit Tmpfs(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    target_ = tmp_.Sub("usb");
    fs::create_directories(target_);
    source_.snapshot_path = tmp_.Sub("office/snapshot.mdb");
    WriteFile(source_.snapshot_path, "LMDB snapshot ทะเบียนหนังสือรับ " + RandomBytes(5000));
    source_.summary = {{"letters", 3},
                       {"office", "ຫ້ອງການສຶກສາ ແຂວງວຽງຈັນ"},
                       {"last_register_number", "ศธ ๐๔๐๑/๒๕๖๗"}};
  }

  // Adds a blob with `content` to `source` and returns its SHA-256.
  std::string AddBlob(Source& source, const std::string& content) {
    const std::string sha = Sha256Hex(content);
    const std::string path = tmp_.Sub("office/blobs/" + sha.substr(0, 2) + "/" + sha);
    WriteFile(path, content);
    source.blobs.push_back({sha, path, content.size()});
    return sha;
  }

  CreateOptions Options() const {
    CreateOptions options;
    options.target_dir = target_;
    options.keys = OfficeKeysForTests().keys;
    return options;
  }

  Unlock ByPassphrase() const { return Unlock{.passphrase = kPassphrase}; }

  // A backup of several chunks (a 3.5 MiB blob of random bytes does not
  // compress), for the damage cases.
  std::string MakeMultiChunkBackup() {
    AddBlob(source_, "ໜັງສືແຈ້ງການ ເລກທີ 123/ກສ");
    AddBlob(source_, RandomBytes(3 * kMiB + kMiB / 2));
    Result<CreateResult> made = Create(source_, Options());
    EXPECT_TRUE(made.ok()) << made.error().message;
    EXPECT_GE(Chunks(ReadFile(made->archive_path)).size(), 4u);
    return made->archive_path;
  }

  // Verify and Restore both fail with kCorruption naming `problem`, and the
  // restore leaves nothing behind.
  void ExpectRejected(const std::string& archive, const std::string& problem) {
    Result<VerifyResult> v = Verify(archive, ByPassphrase());
    ASSERT_FALSE(v.ok()) << "verify accepted a damaged backup";
    EXPECT_EQ(v.error().code, Errc::kCorruption) << v.error().message;
    EXPECT_TRUE(Contains(v.error().message, problem)) << v.error().message;
    const std::string dir = tmp_.Sub("restored");
    Result<VerifyResult> r = Restore(archive, ByPassphrase(), dir);
    ASSERT_FALSE(r.ok()) << "restore accepted a damaged backup";
    EXPECT_EQ(r.error().code, Errc::kCorruption);
    EXPECT_TRUE(Contains(r.error().message, problem)) << r.error().message;
    EXPECT_FALSE(fs::exists(dir)) << "a failed restore left " << dir;
  }

  testing::TempDir tmp_;
  std::string target_;
  Source source_;
};

TEST_F(BackupTest, RoundTripRestoresSnapshotAndBlobs) {
  const std::string lao = "ໜັງສືແຈ້ງການ ກະຊວງສຶກສາທິການ ແລະ ກິລາ ເລກທີ ໑໒໓";
  const std::string thai = "หนังสือราชการ ที่ ศธ ๐๔๐๑/๒๕๖๗ เรื่อง ขอเชิญประชุม";
  const std::string sha_lao = AddBlob(source_, lao);
  const std::string sha_thai = AddBlob(source_, thai);
  const std::string sha_big = AddBlob(source_, RandomBytes(kMiB + 17));
  source_.blobs.push_back(source_.blobs[0]);  // listed twice: stored once

  std::vector<Progress> seen;
  CreateOptions options = Options();
  options.progress = [&](const Progress& p) { seen.push_back(p); };
  Result<CreateResult> made = Create(source_, options);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->blobs_written, 3u);
  EXPECT_EQ(made->blobs_reused, 0u);
  const std::string name = fs::path(made->archive_path).filename().string();
  EXPECT_TRUE(name.rfind("saraban-", 0) == 0 && name.size() == 32 && Contains(name, ".sbk"))
      << name;
  EXPECT_EQ(made->archive_bytes, fs::file_size(made->archive_path));
  EXPECT_EQ(List(target_), std::set<std::string>{name});  // no lock, no temporary file
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().bytes_done, seen.back().bytes_total);
  EXPECT_EQ(seen.back().files_done, 4u);
  EXPECT_EQ(seen.back().files_total, 4u);

  Result<VerifyResult> v = Verify(made->archive_path, ByPassphrase());
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->manifest["format_version"], 1);
  EXPECT_EQ(v->manifest["summary"], source_.summary);
  EXPECT_EQ(v->manifest["blobs"].size(), 3u);
  EXPECT_EQ(v->manifest["snapshot"]["sha256"], Sha256Hex(ReadFile(source_.snapshot_path)));
  EXPECT_EQ(v->blobs_checked, 3u);
  EXPECT_GE(v->chunks, 2u);

  // Into a folder whose own name is Thai and Lao.
  const std::string dir = tmp_.Sub("คืนข้อมูล ກູ້ຄືນ");
  Progress last;
  Result<VerifyResult> r =
      Restore(made->archive_path, ByPassphrase(), dir, [&](const Progress& p) { last = p; });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(ReadFile(dir + "/store/data.mdb"), ReadFile(source_.snapshot_path));
  EXPECT_EQ(ReadFile(dir + "/blobs/" + sha_lao.substr(0, 2) + "/" + sha_lao), lao);
  EXPECT_EQ(ReadFile(dir + "/blobs/" + sha_thai.substr(0, 2) + "/" + sha_thai), thai);
  EXPECT_EQ(Sha256Hex(ReadFile(dir + "/blobs/" + sha_big.substr(0, 2) + "/" + sha_big)), sha_big);
  EXPECT_EQ(last.bytes_done, last.bytes_total);
  EXPECT_EQ(last.files_done, 4u);
}

TEST_F(BackupTest, FileRevealsNothingButItsHeader) {
  AddBlob(source_, "ໜັງສືແຈ້ງການ ເລກທີ 123/ກສ");
  Result<CreateResult> made = Create(source_, Options());
  ASSERT_TRUE(made.ok()) << made.error().message;
  const std::string bytes = ReadFile(made->archive_path);
  EXPECT_EQ(bytes.substr(0, 16), std::string("SARABAN-BACKUP\0\0", 16));
  EXPECT_EQ(bytes.substr(16, 4), std::string("\0\0\0\1", 4));
  EXPECT_FALSE(Contains(bytes, "manifest"));
  EXPECT_FALSE(Contains(bytes, "ຫ້ອງການ"));
  EXPECT_FALSE(Contains(bytes, source_.blobs[0].sha256));
}

TEST_F(BackupTest, WrongPassphraseIsRejectedAndNothingRestored) {
  AddBlob(source_, "หนังสือราชการ");
  Result<CreateResult> made = Create(source_, Options());
  ASSERT_TRUE(made.ok()) << made.error().message;
  const std::string dir = tmp_.Sub("restored");
  Result<VerifyResult> r =
      Restore(made->archive_path, Unlock{.passphrase = "ສາລະບັນ สารบรรณ backup 2568"}, dir);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kUnauthenticated);
  EXPECT_TRUE(Contains(r.error().message, "wrong passphrase")) << r.error().message;
  EXPECT_FALSE(fs::exists(dir));
  Result<VerifyResult> v = Verify(made->archive_path, Unlock{});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, Errc::kInvalidArgument);
}

TEST_F(BackupTest, RecoveryCardRestores) {
  const std::string sha = AddBlob(source_, "ໜັງສືສະເໜີ");
  Result<CreateResult> made = Create(source_, Options());
  ASSERT_TRUE(made.ok()) << made.error().message;
  std::string typed = OfficeKeysForTests().card;
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string dir = tmp_.Sub("restored");
  Result<VerifyResult> r = Restore(made->archive_path, Unlock{.recovery_card = typed}, dir);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(ReadFile(dir + "/blobs/" + sha.substr(0, 2) + "/" + sha), "ໜັງສືສະເໜີ");
}

TEST_F(BackupTest, MistypedOrForeignCardIsRejected) {
  AddBlob(source_, "ໜັງສືສະເໜີ");
  Result<CreateResult> made = Create(source_, Options());
  ASSERT_TRUE(made.ok()) << made.error().message;
  const std::string dir = tmp_.Sub("restored");

  std::string typo = OfficeKeysForTests().card;
  typo[12] = typo[12] == 'A' ? 'B' : 'A';
  Result<VerifyResult> r = Restore(made->archive_path, Unlock{.recovery_card = typo}, dir);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
  EXPECT_TRUE(Contains(r.error().message, "mistyped")) << r.error().message;
  EXPECT_FALSE(fs::exists(dir));

  Result<NewKeys> other = MakeOfficeKeys("another office passphrase", true);
  ASSERT_TRUE(other.ok());
  r = Restore(made->archive_path, Unlock{.recovery_card = other->recovery_card}, dir);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kUnauthenticated);
  EXPECT_TRUE(Contains(r.error().message, "recovery card does not open")) << r.error().message;
  EXPECT_FALSE(fs::exists(dir));
}

TEST_F(BackupTest, FlippedBitNamesTheChunk) {
  const std::string archive = MakeMultiChunkBackup();
  std::string bytes = ReadFile(archive);
  const auto chunks = Chunks(bytes);
  bytes[chunks[1].first + 1000] ^= 0x10;
  WriteFile(archive, bytes);
  ExpectRejected(archive, "chunk 1 is damaged");
}

TEST_F(BackupTest, TruncatedFileIsNamed) {
  const std::string archive = MakeMultiChunkBackup();
  const std::string bytes = ReadFile(archive);
  const auto chunks = Chunks(bytes);
  WriteFile(archive, bytes.substr(0, chunks[2].first));  // at a chunk boundary
  ExpectRejected(archive, "backup is truncated after chunk 1");
  WriteFile(archive, bytes.substr(0, chunks[2].first + 100));  // inside a chunk
  ExpectRejected(archive, "backup is truncated inside chunk 2");
  WriteFile(archive, bytes.substr(0, chunks.back().first));  // only the final chunk gone
  ExpectRejected(archive, "backup is truncated after chunk " + std::to_string(chunks.size() - 2));
}

TEST_F(BackupTest, SwappedChunksAreNamed) {
  const std::string archive = MakeMultiChunkBackup();
  const std::string bytes = ReadFile(archive);
  const auto c = Chunks(bytes);
  ASSERT_EQ(c[1].second, c[2].second);
  const std::string swapped = bytes.substr(0, c[1].first) + bytes.substr(c[2].first, c[2].second) +
                              bytes.substr(c[1].first, c[1].second) +
                              bytes.substr(c[2].first + c[2].second);
  ASSERT_EQ(swapped.size(), bytes.size());
  WriteFile(archive, swapped);
  ExpectRejected(archive, "chunk 1 is missing or out of order (chunk 2 is in its place)");
}

TEST_F(BackupTest, MissingChunkIsNamed) {
  const std::string archive = MakeMultiChunkBackup();
  const std::string bytes = ReadFile(archive);
  const auto c = Chunks(bytes);
  WriteFile(archive, bytes.substr(0, c[1].first) + bytes.substr(c[2].first));
  ExpectRejected(archive, "chunk 1 is missing or out of order (chunk 2 is in its place)");
}

TEST_F(BackupTest, AppendedByteIsNamed) {
  const std::string archive = MakeMultiChunkBackup();
  WriteFile(archive, ReadFile(archive) + "x");
  ExpectRejected(archive, "trailing bytes after the last chunk");
}

TEST_F(BackupTest, EditedHeaderFailsTheChunks) {
  const std::string archive = MakeMultiChunkBackup();
  std::string bytes = ReadFile(archive);
  // A byte of the recovery slot: the passphrase still opens the file key,
  // but the header no longer matches what every chunk was sealed with.
  const size_t header_end = Chunks(bytes)[0].first;
  bytes[header_end - 50] ^= 1;
  WriteFile(archive, bytes);
  ExpectRejected(archive, "chunk 0 is damaged, or the backup's header was altered");
}

TEST_F(BackupTest, NewerFormatVersionIsUnsupported) {
  AddBlob(source_, "x");
  Result<CreateResult> made = Create(source_, Options());
  ASSERT_TRUE(made.ok());
  std::string bytes = ReadFile(made->archive_path);
  bytes[19] = 2;
  WriteFile(made->archive_path, bytes);
  Result<VerifyResult> v = Verify(made->archive_path, ByPassphrase());
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, Errc::kUnsupported);
}

TEST_F(BackupTest, IncrementalBackupWritesOnlyNewBlobsAndRestoresOnItsOwn) {
  const std::string sha_scan = AddBlob(source_, RandomBytes(2 * kMiB));
  const std::string sha_letter = AddBlob(source_, "ໜັງສືແຈ້ງການ ສະບັບທີ 1");
  Result<CreateResult> first = Create(source_, Options());
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->blobs_written, 2u);

  const std::string sha_new = AddBlob(source_, "หนังสือส่ง ฉบับที่ 2");
  WriteFile(source_.snapshot_path, ReadFile(source_.snapshot_path) + " letter 2");
  Result<CreateResult> second = Create(source_, Options());
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->blobs_written, 1u);
  EXPECT_EQ(second->blobs_reused, 2u);
  EXPECT_LT(second->archive_bytes, 64 * 1024u) << "the second backup copied old blobs again";
  EXPECT_GT(first->archive_bytes, 2 * kMiB);

  Result<VerifyResult> v = Verify(second->archive_path, ByPassphrase());
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->blobs_checked, 3u);
  const std::string first_name = fs::path(first->archive_path).filename().string();
  for (const auto& b : v->manifest["blobs"]) {
    if (b["sha256"] == sha_new) {
      EXPECT_EQ(b["file"], fs::path(second->archive_path).filename().string());
    } else {
      EXPECT_EQ(b["file"], first_name);
    }
  }

  const std::string dir = tmp_.Sub("restored");
  Result<VerifyResult> r = Restore(second->archive_path, ByPassphrase(), dir);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(ReadFile(dir + "/store/data.mdb"), ReadFile(source_.snapshot_path));
  for (const std::string& sha : {sha_scan, sha_letter, sha_new}) {
    EXPECT_EQ(Sha256Hex(ReadFile(dir + "/blobs/" + sha.substr(0, 2) + "/" + sha)), sha);
  }
}

TEST_F(BackupTest, MissingEarlierFileIsNamed) {
  AddBlob(source_, "ໜັງສືແຈ້ງການ ສະບັບທີ 1");
  Result<CreateResult> first = Create(source_, Options());
  ASSERT_TRUE(first.ok()) << first.error().message;
  AddBlob(source_, "หนังสือส่ง ฉบับที่ 2");
  Result<CreateResult> second = Create(source_, Options());
  ASSERT_TRUE(second.ok()) << second.error().message;
  ASSERT_EQ(second->blobs_reused, 1u);

  const std::string first_name = fs::path(first->archive_path).filename().string();
  fs::remove(first->archive_path);
  Result<VerifyResult> v = Verify(second->archive_path, ByPassphrase());
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, Errc::kCorruption);
  EXPECT_TRUE(Contains(v.error().message, "needs " + first_name + ", which is missing"))
      << v.error().message;
  const std::string dir = tmp_.Sub("restored");
  EXPECT_FALSE(Restore(second->archive_path, ByPassphrase(), dir).ok());
  EXPECT_FALSE(fs::exists(dir));

  // The next backup notices the file is gone and writes that blob again.
  Result<CreateResult> third = Create(source_, Options());
  ASSERT_TRUE(third.ok()) << third.error().message;
  EXPECT_EQ(third->blobs_written, 1u);
  EXPECT_EQ(third->blobs_reused, 1u);
  EXPECT_TRUE(Verify(third->archive_path, ByPassphrase()).ok());
}

TEST_F(BackupTest, RetentionKeepsFilesStillNeeded) {
  const std::string sha_a = AddBlob(source_, "blob A ໜັງສື");
  AddBlob(source_, "blob B หนังสือ");
  Result<CreateResult> b1 = Create(source_, Options());
  ASSERT_TRUE(b1.ok()) << b1.error().message;
  AddBlob(source_, "blob C");
  Result<CreateResult> b2 = Create(source_, Options());
  ASSERT_TRUE(b2.ok()) << b2.error().message;

  // The third backup needs only A (in b1) and its own D.
  source_.blobs = {source_.blobs[0]};
  const std::string sha_d = AddBlob(source_, "blob D");
  CreateOptions options = Options();
  options.keep_last = 1;
  Result<CreateResult> b3 = Create(source_, options);
  ASSERT_TRUE(b3.ok()) << b3.error().message;
  const std::string n1 = fs::path(b1->archive_path).filename().string();
  const std::string n2 = fs::path(b2->archive_path).filename().string();
  const std::string n3 = fs::path(b3->archive_path).filename().string();
  EXPECT_EQ(b3->removed, std::vector<std::string>{n2});
  EXPECT_EQ(List(target_), (std::set<std::string>{n1, n3}));
  const std::string dir = tmp_.Sub("restored");
  ASSERT_TRUE(Restore(b3->archive_path, ByPassphrase(), dir).ok());
  EXPECT_EQ(ReadFile(dir + "/blobs/" + sha_a.substr(0, 2) + "/" + sha_a), "blob A ໜັງສື");
  EXPECT_TRUE(fs::exists(dir + "/blobs/" + sha_d.substr(0, 2) + "/" + sha_d));

  // A backup that needs nothing older lets everything else go.
  source_.blobs.clear();
  AddBlob(source_, "blob E");
  Result<CreateResult> b4 = Create(source_, options);
  ASSERT_TRUE(b4.ok()) << b4.error().message;
  std::vector<std::string> both{n1, n3};
  std::sort(both.begin(), both.end());
  EXPECT_EQ(b4->removed, both);
  EXPECT_EQ(List(target_), std::set<std::string>{fs::path(b4->archive_path).filename().string()});
}

TEST_F(BackupTest, KeysFromAnEarlierBackupContinueItsChain) {
  AddBlob(source_, "ໜັງສື ສະບັບທີ 1");
  Result<CreateResult> first = Create(source_, Options());
  ASSERT_TRUE(first.ok()) << first.error().message;

  Result<OfficeKeys> wrong = OfficeKeysFromBackup(first->archive_path, "not the passphrase!");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, Errc::kUnauthenticated);

  Result<OfficeKeys> keys = OfficeKeysFromBackup(first->archive_path, kPassphrase);
  ASSERT_TRUE(keys.ok()) << keys.error().message;
  EXPECT_EQ(keys->passphrase_key, OfficeKeysForTests().keys.passphrase_key);
  EXPECT_TRUE(keys->recovery_public.empty());
  AddBlob(source_, "ໜັງສື ສະບັບທີ 2");
  CreateOptions options = Options();
  options.keys = *keys;
  Result<CreateResult> second = Create(source_, options);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->blobs_reused, 1u);
  EXPECT_EQ(second->blobs_written, 1u);
  EXPECT_TRUE(Verify(second->archive_path, ByPassphrase()).ok());
}

TEST_F(BackupTest, FilesOfOtherKeysAreNeitherReusedNorRemoved) {
  AddBlob(source_, "shared blob");
  Result<NewKeys> other = MakeOfficeKeys("a different office's passphrase", false);
  ASSERT_TRUE(other.ok());
  CreateOptions foreign = Options();
  foreign.keys = other->keys;
  Result<CreateResult> theirs = Create(source_, foreign);
  ASSERT_TRUE(theirs.ok());
  CreateOptions options = Options();
  options.keep_last = 1;
  Result<CreateResult> ours = Create(source_, options);
  ASSERT_TRUE(ours.ok());
  EXPECT_EQ(ours->blobs_reused, 0u);
  EXPECT_TRUE(ours->removed.empty());
  EXPECT_TRUE(fs::exists(theirs->archive_path));
}

TEST_F(BackupTest, BlobThatDoesNotMatchItsNameStopsTheBackup) {
  AddBlob(source_, "original");
  WriteFile(source_.blobs[0].path, "changed!");  // same size, other content
  Result<CreateResult> made = Create(source_, Options());
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code, Errc::kCorruption);
  EXPECT_TRUE(Contains(made.error().message, "does not match its SHA-256")) << made.error().message;
  EXPECT_TRUE(List(target_).empty());
}

TEST_F(BackupTest, MissingTargetIsAnIoError) {
  CreateOptions options = Options();
  options.target_dir = tmp_.Sub("not-plugged-in");
  Result<CreateResult> made = Create(source_, options);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code, Errc::kIo);
  EXPECT_TRUE(Contains(made.error().message, "does not exist")) << made.error().message;
}

TEST_F(BackupTest, FullTargetIsReportedAndLeavesNothing) {
  const std::string usb = tmp_.Sub("small-usb");
  auto mount = Tmpfs::Mount(usb, "size=1m", false);
  if (!mount) GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(errno);
  AddBlob(source_, RandomBytes(3 * kMiB));
  CreateOptions options = Options();
  options.target_dir = usb;
  Result<CreateResult> made = Create(source_, options);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code, Errc::kFull) << made.error().message;
  EXPECT_TRUE(Contains(made.error().message, "full")) << made.error().message;
  EXPECT_TRUE(List(usb).empty()) << *List(usb).begin();
}

TEST_F(BackupTest, ReadOnlyTargetIsAnIoError) {
  const std::string usb = tmp_.Sub("locked-usb");
  auto mount = Tmpfs::Mount(usb, "size=4m", true);
  if (!mount) GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(errno);
  CreateOptions options = Options();
  options.target_dir = usb;
  Result<CreateResult> made = Create(source_, options);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code, Errc::kIo);
  EXPECT_TRUE(Contains(made.error().message, "read-only")) << made.error().message;
}

TEST_F(BackupTest, ConcurrentBackupIsAConflict) {
  const std::string lock_path = target_ + "/.saraban-backup.lock";
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  Result<CreateResult> made = Create(source_, Options());
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code, Errc::kConflict);
  EXPECT_TRUE(Contains(made.error().message, "another backup")) << made.error().message;
  ::close(fd);
  made = Create(source_, Options());
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_FALSE(fs::exists(lock_path));
}

TEST_F(BackupTest, StaleTemporaryFileIsCleanedUp) {
  WriteFile(target_ + "/.saraban-tmp-AbCdEf", "half a backup from a power cut");
  Result<CreateResult> made = Create(source_, Options());
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(List(target_).size(), 1u);
}

TEST_F(BackupTest, RestoreIntoNonEmptyDirectoryIsRefused) {
  Result<CreateResult> made = Create(source_, Options());
  ASSERT_TRUE(made.ok()) << made.error().message;
  const std::string dir = tmp_.Sub("data");
  WriteFile(dir + "/keep.txt", "do not touch");
  Result<VerifyResult> r = Restore(made->archive_path, ByPassphrase(), dir);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kConflict);
  EXPECT_EQ(List(dir), std::set<std::string>{"keep.txt"});

  // An existing empty directory is fine, and stays after a failed restore.
  const std::string empty = tmp_.Sub("empty");
  fs::create_directories(empty);
  std::string bytes = ReadFile(made->archive_path);
  WriteFile(made->archive_path, bytes + "x");
  EXPECT_FALSE(Restore(made->archive_path, ByPassphrase(), empty).ok());
  ASSERT_TRUE(fs::exists(empty));
  EXPECT_TRUE(List(empty).empty());
  WriteFile(made->archive_path, bytes);
  EXPECT_TRUE(Restore(made->archive_path, ByPassphrase(), empty).ok());
}

TEST(OfficeKeysTest, ShortPassphraseIsRefused) {
  Result<NewKeys> made = MakeOfficeKeys("ສັ້ນເກີນໄປ", false);  // 10 characters, 30 bytes
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code, Errc::kInvalidArgument);
}

TEST(OfficeKeysTest, SaveAndLoadRoundTrip) {
  testing::TempDir tmp;
  const OfficeKeys& keys = OfficeKeysForTests().keys;
  const std::string path = tmp.Sub("backup-keys.json");
  ASSERT_TRUE(SaveOfficeKeys(path, keys).ok());
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  Result<OfficeKeys> back = LoadOfficeKeys(path);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->kdf_salt, keys.kdf_salt);
  EXPECT_EQ(back->passphrase_key, keys.passphrase_key);
  EXPECT_EQ(back->recovery_public, keys.recovery_public);
  EXPECT_EQ(back->kdf_memory_kib, keys.kdf_memory_kib);
  EXPECT_EQ(back->kdf_iterations, keys.kdf_iterations);

  Result<OfficeKeys> missing = LoadOfficeKeys(tmp.Sub("none.json"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::kNotFound);
  WriteFile(path, "{\"format\": \"saraban-backup-keys\", \"version\": 1}");
  Result<OfficeKeys> broken = LoadOfficeKeys(path);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, Errc::kCorruption);
}

// Throughput on this machine: run with --gtest_also_run_disabled_tests.
TEST_F(BackupTest, DISABLED_Throughput200MiB) {
  for (int i = 0; i < 100; ++i) AddBlob(source_, RandomBytes(2 * kMiB));
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  Result<CreateResult> made = Create(source_, Options());
  ASSERT_TRUE(made.ok()) << made.error().message;
  auto t1 = Clock::now();
  Result<VerifyResult> v = Verify(made->archive_path, ByPassphrase());
  ASSERT_TRUE(v.ok()) << v.error().message;
  auto t2 = Clock::now();
  Result<VerifyResult> r = Restore(made->archive_path, ByPassphrase(), tmp_.Sub("restored"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto t3 = Clock::now();
  auto mbps = [](Clock::duration d) { return 200.0 / std::chrono::duration<double>(d).count(); };
  std::printf("create %.0f MB/s, verify %.0f MB/s, restore %.0f MB/s (%llu bytes)\n", mbps(t1 - t0),
              mbps(t2 - t1), mbps(t3 - t2), static_cast<unsigned long long>(made->archive_bytes));
}

}  // namespace
}  // namespace saraban::backup
