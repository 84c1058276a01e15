// Fuzz target "backup_reader": the reader of backup files
// (docs/backup-format.md), with fixed office keys so inputs get past the
// key slots. Two modes, chosen by the first byte:
//  - bit 0 clear: the rest is a whole backup file. The header parser, the
//    key slot, the chunk reader's integrity checks (a mutated chunk must be
//    reported, never decrypted into garbage) and the archive walk.
//  - bit 0 set: the rest is the plaintext stream (zstd pax archive). The
//    target seals it into a valid container with the fixed keys and runs
//    Verify, or with bit 1 set Restore into a scratch directory: libarchive
//    on hostile archives, the manifest parser, blob checks and restore paths.
//    A restore must never write outside its directory.
//
// The keys use Argon2id at its minimum cost (8 KiB, 1 pass) so opening a
// passphrase slot costs microseconds; the format allows that.
#include <fcntl.h>
#include <sys/stat.h>

#include <clocale>
#include <filesystem>
#include <string>

#include "archive_io.h"
#include "backup/backup.h"
#include "container.h"
#include "crypto_ops.h"
#include "file_util.h"
#include "fuzz_input.h"
#include "scratch_dir.h"

namespace saraban::fuzz {
namespace {

using namespace saraban::backup;
namespace fs = std::filesystem;

constexpr char kPassphrase[] = "fuzzing passphrase ສາລະບັນ";
constexpr char kFileName[] = "saraban-20240102-030405-abcd.sbk";

struct Env {
  ScratchDir dir;
  OfficeKeys keys;
  std::string file_key = std::string(kKeyLen, '\x42');
  Env() {
    std::setlocale(LC_CTYPE, "C.UTF-8");  // libarchive and Thai names (DESIGN.md)
    keys.kdf_salt = std::string(kSaltLen, '\x17');
    keys.kdf_memory_kib = 8;
    keys.kdf_iterations = 1;
    auto key = Argon2idKey(kPassphrase, keys.kdf_salt, 8, 1, 1);
    if (!key) std::abort();
    keys.passphrase_key = *key;
    fs::create_directories(dir.path() + "/set");
  }
  std::string ArchivePath() const { return dir.path() + "/set/" + kFileName; }
};

Env& TheEnv() {
  static Env env;
  return env;
}

// The container path: everything the reader does with an untrusted file.
void ReadContainer(const std::string& bytes) {
  Env& env = TheEnv();
  MemFile file(bytes);
  auto header = ReadHeader(file.fd(), "fuzz.sbk");
  if (!header) return;
  Unlocker unlocker = Unlocker::WithPassphraseKey(env.keys.passphrase_key);
  auto key = unlocker.FileKey(*header, "fuzz.sbk");
  if (!key) return;
  ChunkReader chunks(file.fd(), *header, *key, "fuzz.sbk");
  ArchiveReader archive(&chunks, "fuzz.sbk");
  if (!archive.Open()) return;
  char buf[8192];
  for (int entries = 0; entries < 64; ++entries) {
    auto entry = archive.Next();
    if (!entry || !entry->has_value()) break;
    for (;;) {
      auto n = archive.Read(buf, sizeof buf);
      if (!n || *n == 0) break;
    }
  }
  (void)chunks.DrainToEnd();
}

// Seals `plain` as the stream of a valid backup file at the archive path.
bool SealPlaintext(const std::string& plain) {
  Env& env = TheEnv();
  auto header = NewHeader(env.keys, env.file_key);
  if (!header) return false;
  const std::string path = env.ArchivePath();
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (!fd.valid() || !WriteAll(fd.get(), header->raw.data(), header->raw.size(), path)) {
    return false;
  }
  ChunkWriter writer(fd.get(), *header, env.file_key, path);
  return writer.Write(plain.data(), plain.size()).ok() && writer.Finish().ok();
}

void ReadPlaintext(const std::string& plain, bool restore) {
  Env& env = TheEnv();
  if (!SealPlaintext(plain)) std::abort();
  const Unlock unlock{.passphrase = kPassphrase};
  if (!restore) {
    (void)Verify(env.ArchivePath(), unlock);
    return;
  }
  const std::string out = env.dir.path() + "/restore/office";
  std::error_code ec;
  fs::remove_all(env.dir.path() + "/restore", ec);
  fs::create_directories(env.dir.path() + "/restore", ec);
  (void)Restore(env.ArchivePath(), unlock, out);
  // Whatever the archive says, nothing may appear beside the restore target
  // (a "../" in an entry name) or beside the backup set.
  for (const auto& e : fs::directory_iterator(env.dir.path() + "/restore")) {
    if (e.path().filename() != "office") __builtin_trap();
  }
  for (const auto& e : fs::directory_iterator(env.dir.path() + "/set")) {
    if (e.path().filename() != kFileName) __builtin_trap();
  }
}

}  // namespace
}  // namespace saraban::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  saraban::fuzz::FuzzInput in(data, size);
  const uint8_t mode = in.Byte();
  const std::string rest = in.Rest();
  if (mode & 1) {
    saraban::fuzz::ReadPlaintext(rest, (mode & 2) != 0);
  } else {
    saraban::fuzz::ReadContainer(rest);
  }
  return 0;
}
