#include "container.h"

#include <algorithm>
#include <cstring>

#include "core/crypto.h"
#include "file_util.h"

namespace saraban::backup {
namespace {

const char kDamagedHint[] =
    "the file was damaged on the drive or when it was copied; use another copy or an older backup";

void PutU8(std::string& out, uint8_t v) { out.push_back(static_cast<char>(v)); }
void PutU16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xFF));
}
void PutU32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xFF));
}
uint32_t GetU32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | u[3];
}

// Reads fields from the header body; any overrun makes it bad.
class Cursor {
 public:
  explicit Cursor(std::string_view data) : data_(data) {}
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == data_.size(); }
  std::string Bytes(size_t n) {
    if (!ok_ || data_.size() - pos_ < n) {
      ok_ = false;
      return {};
    }
    std::string out(data_.substr(pos_, n));
    pos_ += n;
    return out;
  }
  uint32_t Uint(size_t width) {
    std::string b = Bytes(width);
    uint32_t v = 0;
    for (unsigned char c : b) v = (v << 8) | c;
    return v;
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

std::string SlotAad(std::string_view stream_id, uint8_t type) {
  std::string aad(stream_id);
  PutU8(aad, type);
  return aad;
}

Error Damaged(const std::string& message) {
  return MakeError(Errc::kCorruption, message, kDamagedHint);
}

std::string SerializeHeader(const Header& h) {
  std::string body;
  PutU8(body, h.kdf);
  PutU8(body, static_cast<uint8_t>(h.salt.size()));
  body += h.salt;
  PutU32(body, h.memory_kib);
  PutU32(body, h.iterations);
  PutU32(body, h.parallelism);
  body += h.stream_id;
  PutU8(body, static_cast<uint8_t>(h.slots.size()));
  for (const KeySlot& slot : h.slots) {
    PutU8(body, slot.type);
    PutU16(body, static_cast<uint16_t>(slot.body.size()));
    body += slot.body;
  }
  std::string raw(kMagic);
  PutU32(raw, h.version);
  PutU32(raw, static_cast<uint32_t>(body.size()));
  return raw + body;
}

}  // namespace

Result<Header> NewHeader(const OfficeKeys& keys, std::string_view file_key) {
  if (keys.kdf_salt.size() != kSaltLen || keys.passphrase_key.size() != kKeyLen ||
      (!keys.recovery_public.empty() && keys.recovery_public.size() != kKeyLen) ||
      keys.kdf_memory_kib < 8 || keys.kdf_memory_kib > kMaxMemoryKib || keys.kdf_iterations < 1 ||
      keys.kdf_iterations > kMaxIterations) {
    return MakeError(Errc::kInvalidArgument, "the office backup keys are incomplete or malformed",
                     "make new backup keys");
  }
  Header h;
  h.salt = keys.kdf_salt;
  h.memory_kib = keys.kdf_memory_kib;
  h.iterations = keys.kdf_iterations;
  h.parallelism = 1;
  h.stream_id = RandomBytes(kStreamIdLen);

  const std::string nonce = RandomBytes(kGcmNonceLen);
  Result<std::string> sealed =
      SealBytes(keys.passphrase_key, nonce, SlotAad(h.stream_id, kSlotPassphrase), file_key);
  if (!sealed.ok()) return sealed.error();
  h.slots.push_back({kSlotPassphrase, nonce + *sealed});

  if (!keys.recovery_public.empty()) {
    Result<X25519Pair> eph = X25519Generate();
    if (!eph.ok()) return eph.error();
    Result<std::string> shared = X25519Shared(eph->private_key, keys.recovery_public);
    if (!shared.ok()) {
      return MakeError(Errc::kInvalidArgument, "the office recovery key is not a usable key");
    }
    Result<std::string> wrap =
        HkdfSha256(*shared, eph->public_key + keys.recovery_public, kRecoveryInfo, kKeyLen);
    if (!wrap.ok()) return wrap.error();
    const std::string rnonce = RandomBytes(kGcmNonceLen);
    Result<std::string> rsealed =
        SealBytes(*wrap, rnonce, SlotAad(h.stream_id, kSlotRecovery), file_key);
    if (!rsealed.ok()) return rsealed.error();
    h.slots.push_back({kSlotRecovery, eph->public_key + rnonce + *rsealed});
  }
  h.raw = SerializeHeader(h);
  return h;
}

Result<Header> ReadHeader(int fd, const std::string& name) {
  char pre[kPreambleLen];
  Result<size_t> got = ReadFull(fd, pre, sizeof pre, name);
  if (!got.ok()) return got.error();
  if (*got < kMagic.size() || std::string_view(pre, kMagic.size()) != kMagic) {
    return MakeError(Errc::kCorruption, name + " is not a Saraban backup (its first bytes differ)",
                     "choose a .sbk file written by Saraban");
  }
  if (*got < kPreambleLen) return Damaged(name + ": backup is truncated inside its header");
  Header h;
  h.version = GetU32(pre + 16);
  const uint32_t body_len = GetU32(pre + 20);
  if (h.version == 0) return Damaged(name + ": the header is damaged (format version 0)");
  if (h.version > kFormatVersion) {
    return MakeError(Errc::kUnsupported,
                     name + " is a backup of format version " + std::to_string(h.version) +
                         "; this Saraban reads versions up to " + std::to_string(kFormatVersion),
                     "restore it with the newer Saraban that made it");
  }
  if (body_len > kMaxHeaderBodyLen) {
    return Damaged(name + ": the header is damaged (it claims " + std::to_string(body_len) +
                   " bytes)");
  }
  std::string body(body_len, '\0');
  got = ReadFull(fd, body.data(), body.size(), name);
  if (!got.ok()) return got.error();
  if (*got < body.size()) return Damaged(name + ": backup is truncated inside its header");

  Cursor c(body);
  h.kdf = static_cast<uint8_t>(c.Uint(1));
  h.salt = c.Bytes(c.Uint(1));
  h.memory_kib = c.Uint(4);
  h.iterations = c.Uint(4);
  h.parallelism = c.Uint(4);
  h.stream_id = c.Bytes(kStreamIdLen);
  const uint32_t nslots = c.Uint(1);
  for (uint32_t i = 0; i < nslots && c.ok(); ++i) {
    KeySlot slot;
    slot.type = static_cast<uint8_t>(c.Uint(1));
    slot.body = c.Bytes(c.Uint(2));
    h.slots.push_back(std::move(slot));
  }
  if (!c.ok() || !c.at_end()) return Damaged(name + ": the header is damaged");
  h.raw = std::string(pre, kPreambleLen) + body;
  return h;
}

Unlocker Unlocker::WithPassphraseKey(std::string key) {
  return Unlocker(Kind::kPassphraseKey, std::move(key));
}
Unlocker Unlocker::WithPassphrase(std::string passphrase) {
  return Unlocker(Kind::kPassphrase, std::move(passphrase));
}
Unlocker Unlocker::WithRecoveryKey(std::string private_key) {
  return Unlocker(Kind::kRecovery, std::move(private_key));
}

Result<std::string> Unlocker::PassphraseKek(const Header& h) {
  if (kind_ == Kind::kPassphraseKey) return secret_;
  if (kind_ == Kind::kRecovery)
    return MakeError(Errc::kInternal, "a recovery key has no passphrase key");
  if (h.kdf != kKdfArgon2id) {
    return MakeError(Errc::kUnsupported,
                     "unknown key derivation function " + std::to_string(h.kdf) + " in the header");
  }
  if (h.salt.empty() || h.memory_kib < 8 || h.memory_kib > kMaxMemoryKib || h.iterations < 1 ||
      h.iterations > kMaxIterations || h.parallelism < 1 || h.parallelism > kMaxParallelism) {
    return Damaged("the header's key derivation parameters are out of range");
  }
  auto cache_key = std::make_tuple(h.salt, h.memory_kib, h.iterations, h.parallelism);
  auto it = kek_cache_.find(cache_key);
  if (it != kek_cache_.end()) return it->second;
  Result<std::string> kek = Argon2idKey(secret_, h.salt, h.memory_kib, h.iterations, h.parallelism);
  if (!kek.ok()) return kek.error();
  kek_cache_[cache_key] = *kek;
  return kek;
}

Result<std::string> Unlocker::FileKey(const Header& h, const std::string& name) {
  if (kind_ == Kind::kRecovery) {
    Result<std::string> own_public = X25519PublicOf(secret_);
    if (!own_public.ok()) return own_public.error();
    bool any = false;
    for (const KeySlot& slot : h.slots) {
      if (slot.type != kSlotRecovery) continue;
      any = true;
      if (slot.body.size() != kKeyLen + kGcmNonceLen + kKeyLen + kGcmTagLen) continue;
      const std::string eph = slot.body.substr(0, kKeyLen);
      Result<std::string> shared = X25519Shared(secret_, eph);
      if (!shared.ok()) continue;
      Result<std::string> wrap = HkdfSha256(*shared, eph + *own_public, kRecoveryInfo, kKeyLen);
      if (!wrap.ok()) return wrap.error();
      Result<std::string> key =
          OpenBytes(*wrap, slot.body.substr(kKeyLen, kGcmNonceLen),
                    SlotAad(h.stream_id, kSlotRecovery), slot.body.substr(kKeyLen + kGcmNonceLen));
      if (key.ok() && key->size() == kKeyLen) return key;
    }
    if (!any) {
      return MakeError(Errc::kUnauthenticated, name + " was made without a recovery key",
                       "open it with the office backup passphrase");
    }
    return MakeError(
        Errc::kUnauthenticated,
        "the recovery card does not open " + name + " (it is the card of other backup keys)",
        "use the card printed when this office's backup keys were made, or the "
        "passphrase");
  }
  Result<std::string> kek = PassphraseKek(h);
  if (!kek.ok()) return kek.error();
  for (const KeySlot& slot : h.slots) {
    if (slot.type != kSlotPassphrase) continue;
    if (slot.body.size() != kGcmNonceLen + kKeyLen + kGcmTagLen) continue;
    Result<std::string> key =
        OpenBytes(*kek, slot.body.substr(0, kGcmNonceLen), SlotAad(h.stream_id, kSlotPassphrase),
                  slot.body.substr(kGcmNonceLen));
    if (key.ok() && key->size() == kKeyLen) return key;
  }
  if (kind_ == Kind::kPassphraseKey) {
    return MakeError(Errc::kUnauthenticated, name + " was made with other backup keys");
  }
  return MakeError(Errc::kUnauthenticated, "wrong passphrase for " + name,
                   "check the passphrase (and the keyboard layout); if it is right, the backup's "
                   "header is damaged: try the recovery card or another copy");
}

std::string ChunkNonce(std::string_view stream_id, uint32_t counter) {
  std::string nonce(stream_id);
  PutU32(nonce, counter);
  return nonce;
}

std::string ChunkAad(std::string_view header_hash, bool final) {
  std::string aad(header_hash);
  PutU8(aad, final ? 1 : 0);
  return aad;
}

ChunkWriter::ChunkWriter(int fd, const Header& header, std::string_view file_key, std::string what)
    : fd_(fd),
      stream_id_(header.stream_id),
      header_hash_(Sha256(header.raw)),
      gcm_(file_key),
      what_(std::move(what)) {
  buffer_.reserve(kChunkSize);
  out_.resize(4 + kChunkSize + kGcmTagLen);
}

Status ChunkWriter::Write(const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    // A full buffer is sent only when more data follows, so the final
    // chunk is never empty unless the whole stream is.
    if (buffer_.size() == kChunkSize) {
      Status s = Emit(false);
      if (!s.ok()) return s;
    }
    const size_t take = std::min(n, kChunkSize - buffer_.size());
    buffer_.append(p, take);
    p += take;
    n -= take;
  }
  return Status::Ok();
}

Status ChunkWriter::Finish() {
  if (finished_) return MakeError(Errc::kInternal, "chunk stream finished twice");
  Status s = Emit(true);
  finished_ = s.ok();
  return s;
}

Status ChunkWriter::Emit(bool final) {
  if (counter_ == UINT32_MAX) {
    return MakeError(Errc::kTooLarge, "a backup file holds at most 2^32 chunks (4 PiB)");
  }
  const size_t n = buffer_.size();
  std::string len_field;
  PutU32(len_field, static_cast<uint32_t>(n));
  std::memcpy(out_.data(), len_field.data(), 4);
  Status s = gcm_.Seal(ChunkNonce(stream_id_, counter_), ChunkAad(header_hash_, final),
                       buffer_.data(), n, out_.data() + 4, out_.data() + 4 + n);
  if (!s.ok()) return s;
  s = WriteAll(fd_, out_.data(), 4 + n + kGcmTagLen, what_);
  if (!s.ok()) return s;
  ++counter_;
  buffer_.clear();
  return Status::Ok();
}

ChunkReader::ChunkReader(int fd, const Header& header, std::string_view file_key, std::string name)
    : fd_(fd),
      stream_id_(header.stream_id),
      header_hash_(Sha256(header.raw)),
      gcm_(file_key),
      name_(std::move(name)) {}

Error ChunkReader::Fail(Error e) {
  status_ = Status(e);
  return e;
}

Result<std::string_view> ChunkReader::Next() {
  if (!status_.ok()) return status_.error();
  if (finished_) return std::string_view();
  return ReadChunk();
}

Result<std::string_view> ChunkReader::ReadChunk() {
  const std::string n_str = std::to_string(counter_);
  char len_field[4];
  Result<size_t> got = ReadFull(fd_, len_field, 4, name_);
  if (!got.ok()) return Fail(got.error());
  if (*got == 0) {
    if (counter_ == 0)
      return Fail(Damaged(name_ + ": backup is truncated: no chunk follows the header"));
    return Fail(Damaged(name_ + ": backup is truncated after chunk " +
                        std::to_string(counter_ - 1) + " (its final chunk is missing)"));
  }
  if (*got < 4) return Fail(Damaged(name_ + ": backup is truncated inside chunk " + n_str));
  const uint32_t len = GetU32(len_field);
  if (len > kChunkSize) {
    return Fail(Damaged(name_ + ": chunk " + n_str + " is damaged (its length field says " +
                        std::to_string(len) + " bytes)"));
  }
  in_.resize(len + kGcmTagLen);
  got = ReadFull(fd_, in_.data(), in_.size(), name_);
  if (!got.ok()) return Fail(got.error());
  if (*got < in_.size()) {
    return Fail(Damaged(name_ + ": backup is truncated inside chunk " + n_str));
  }
  plain_.resize(len);
  const std::string nonce = ChunkNonce(stream_id_, counter_);
  bool final = false;
  if (!gcm_.Open(nonce, ChunkAad(header_hash_, false), in_.data(), len, in_.data() + len,
                 plain_.data())) {
    if (!gcm_.Open(nonce, ChunkAad(header_hash_, true), in_.data(), len, in_.data() + len,
                   plain_.data())) {
      return Fail(Diagnose(in_.data(), len, in_.data() + len));
    }
    final = true;
  }
  ++counter_;
  if (final) {
    finished_ = true;
    char extra;
    got = ReadFull(fd_, &extra, 1, name_);
    if (!got.ok()) return Fail(got.error());
    if (*got != 0) {
      return Fail(Damaged(name_ + ": trailing bytes after the last chunk (chunk " +
                          std::to_string(counter_ - 1) + ")"));
    }
  }
  return std::string_view(plain_);
}

// A chunk failed its tag at its position. Chunks near it are tried as the
// chunk that is there, so a reordered or missing chunk is told apart from a
// damaged one; only a failing file pays for this.
Error ChunkReader::Diagnose(const char* sealed, size_t n, const char* tag) {
  constexpr uint32_t kWindow = 256;
  const uint32_t at = counter_;
  const uint64_t lo = at > kWindow ? at - kWindow : 0;
  const uint64_t hi = std::min<uint64_t>(uint64_t{at} + kWindow, UINT32_MAX);
  const std::string at_str = std::to_string(at);
  for (uint64_t m = lo; m <= hi; ++m) {
    if (m == at) continue;
    const std::string nonce = ChunkNonce(stream_id_, static_cast<uint32_t>(m));
    for (bool final : {false, true}) {
      if (gcm_.Open(nonce, ChunkAad(header_hash_, final), sealed, n, tag, plain_.data())) {
        return Damaged(name_ + ": chunk " + at_str + " is missing or out of order (chunk " +
                       std::to_string(m) + " is in its place)");
      }
    }
  }
  if (at == 0) {
    return Damaged(name_ +
                   ": chunk 0 is damaged, or the backup's header was altered (it fails "
                   "its authentication check)");
  }
  return Damaged(name_ + ": chunk " + at_str +
                 " is damaged (it fails its authentication check; it may also be missing or out "
                 "of order)");
}

Status ChunkReader::DrainToEnd() {
  while (true) {
    Result<std::string_view> chunk = Next();
    if (!chunk.ok()) return chunk.error();
    if (finished_) return Status::Ok();
  }
}

}  // namespace saraban::backup
