// MakeOfficeKeys, SaveOfficeKeys and LoadOfficeKeys (backup/backup.h).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "backup/backup.h"
#include "container.h"
#include "core/crypto.h"
#include "crypto_ops.h"
#include "file_util.h"
#include "json_read.h"
#include "recovery_card.h"

namespace saraban::backup {
namespace {

constexpr size_t kMinPassphraseChars = 12;
constexpr size_t kMaxPassphraseBytes = 1024;
constexpr size_t kMaxKeysFileBytes = 64 * 1024;
constexpr char kKeysFormat[] = "saraban-backup-keys";

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

Result<NewKeys> MakeOfficeKeys(const std::string& passphrase, bool with_recovery) {
  if (CodePoints(passphrase) < kMinPassphraseChars || passphrase.size() > kMaxPassphraseBytes) {
    return MakeError(Errc::kInvalidArgument, "a backup passphrase must have at least 12 characters",
                     "use a short sentence: it is easier to remember and harder to guess");
  }
  NewKeys out;
  out.keys.kdf_salt = RandomBytes(kSaltLen);
  Result<std::string> key = Argon2idKey(passphrase, out.keys.kdf_salt, out.keys.kdf_memory_kib,
                                        out.keys.kdf_iterations, 1);
  if (!key.ok()) return key.error();
  out.keys.passphrase_key = *key;
  if (with_recovery) {
    Result<X25519Pair> pair = X25519Generate();
    if (!pair.ok()) return pair.error();
    out.keys.recovery_public = pair->public_key;
    out.recovery_card = EncodeRecoveryCard(pair->private_key);
  }
  return out;
}

Status SaveOfficeKeys(const std::string& path, const OfficeKeys& keys) {
  if (keys.kdf_salt.size() != kSaltLen || keys.passphrase_key.size() != kKeyLen ||
      (!keys.recovery_public.empty() && keys.recovery_public.size() != kKeyLen)) {
    return MakeError(Errc::kInvalidArgument, "the backup keys are incomplete");
  }
  const nlohmann::json doc = {
      {"format", kKeysFormat},
      {"version", 1},
      {"kdf", "argon2id"},
      {"salt", HexEncode(keys.kdf_salt)},
      {"memory_kib", keys.kdf_memory_kib},
      {"iterations", keys.kdf_iterations},
      {"passphrase_key", HexEncode(keys.passphrase_key)},
      {"recovery_public", HexEncode(keys.recovery_public)},
  };
  const std::string text = doc.dump(2) + "\n";
  const std::filesystem::path target(path);
  const std::string dir =
      target.has_parent_path() ? target.parent_path().string() : std::string(".");
  std::string tmp = dir + "/.backup-keys-XXXXXX";
  UniqueFd fd(mkostemp(tmp.data(), O_CLOEXEC));  // mode 0600
  if (!fd.valid()) return ErrnoError(errno, "cannot create a file in", dir);
  Status s = WriteAll(fd.get(), text.data(), text.size(), tmp);
  if (s.ok()) s = FsyncFd(fd.get(), tmp);
  if (s.ok() && ::rename(tmp.c_str(), path.c_str()) != 0)
    s = ErrnoError(errno, "cannot rename to", path);
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  return FsyncDir(dir);
}

Result<OfficeKeys> LoadOfficeKeys(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) {
      return MakeError(Errc::kNotFound, "no backup keys at " + path,
                       "set a backup passphrase first");
    }
    return ErrnoError(errno, "cannot open", path);
  }
  std::string text(kMaxKeysFileBytes + 1, '\0');
  Result<size_t> got = ReadFull(fd.get(), text.data(), text.size(), path);
  if (!got.ok()) return got.error();
  text.resize(*got);
  const Error bad = MakeError(Errc::kCorruption, "the backup keys file " + path + " is damaged",
                              "restore it from a copy, or make new backup keys");
  if (text.size() > kMaxKeysFileBytes) return bad;
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_object()) return bad;
  OfficeKeys keys;
  try {
    if (doc.at("format").get<std::string>() != kKeysFormat) return bad;
    const uint64_t version = UnsignedAt(doc, "version");
    if (version == 0) return bad;
    if (version > 1) {
      return MakeError(Errc::kUnsupported,
                       "the backup keys file " + path + " was written by a newer Saraban");
    }
    if (doc.at("kdf").get<std::string>() != "argon2id") return bad;
    std::optional<std::string> salt = HexDecode(doc.at("salt").get<std::string>());
    std::optional<std::string> key = HexDecode(doc.at("passphrase_key").get<std::string>());
    std::optional<std::string> pub = HexDecode(doc.at("recovery_public").get<std::string>());
    if (!salt || !key || !pub) return bad;
    keys.kdf_salt = *salt;
    keys.passphrase_key = *key;
    keys.recovery_public = *pub;
    keys.kdf_memory_kib = static_cast<uint32_t>(UnsignedAt(doc, "memory_kib", UINT32_MAX));
    keys.kdf_iterations = static_cast<uint32_t>(UnsignedAt(doc, "iterations", UINT32_MAX));
  } catch (const nlohmann::json::exception&) {
    return bad;
  }
  if (keys.kdf_salt.size() != kSaltLen || keys.passphrase_key.size() != kKeyLen ||
      (!keys.recovery_public.empty() && keys.recovery_public.size() != kKeyLen) ||
      keys.kdf_memory_kib < 8 || keys.kdf_memory_kib > kMaxMemoryKib || keys.kdf_iterations < 1 ||
      keys.kdf_iterations > kMaxIterations) {
    return bad;
  }
  return keys;
}

Result<OfficeKeys> OfficeKeysFromBackup(const std::string& archive_path,
                                        const std::string& passphrase) {
  const std::string name = std::filesystem::path(archive_path).filename().string();
  Result<UniqueFd> fd = OpenRead(archive_path);
  if (!fd.ok()) return fd.error();
  Result<Header> header = ReadHeader(fd->get(), name);
  if (!header.ok()) return header.error();
  if (header->parallelism != 1 || header->salt.size() != kSaltLen) {
    return MakeError(Errc::kUnsupported,
                     name + " uses key parameters these office keys cannot hold");
  }
  // The Unlocker checks the parameters' bounds, derives the key once and
  // proves it right by opening the passphrase slot.
  Unlocker unlocker = Unlocker::WithPassphrase(passphrase);
  Result<std::string> file_key = unlocker.FileKey(*header, name);
  if (!file_key.ok()) return file_key.error();
  Result<std::string> kek = unlocker.PassphraseKek(*header);
  if (!kek.ok()) return kek.error();
  OfficeKeys keys;
  keys.kdf_salt = header->salt;
  keys.kdf_memory_kib = header->memory_kib;
  keys.kdf_iterations = header->iterations;
  keys.passphrase_key = *kek;
  return keys;
}

}  // namespace saraban::backup
