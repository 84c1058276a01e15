#include "services/office_ca.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tls/tls.h"

namespace saraban::services {
namespace {

namespace fs = std::filesystem;

// Settings-table keys outside the settings registry: never listed by the
// settings API, only read here.
constexpr char kCertKey[] = "internal/office_ca_cert";
constexpr char kKeyKey[] = "internal/office_ca_key";

Result<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(Errc::kIo, "cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Writes `bytes` to a new file with `mode`, synced, then renames it into place.
Status WriteFile(const std::string& path, const std::string& bytes, mode_t mode) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return MakeError(Errc::kIo, "cannot write " + tmp);
  const bool ok = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  std::error_code ec;
  if (ok) fs::rename(tmp, path, ec);
  if (!ok || ec) {
    fs::remove(tmp, ec);
    return MakeError(Errc::kIo, "cannot write " + path);
  }
  return Status::Ok();
}

}  // namespace

Status WriteOfficeCaFiles(const store::Store& store, const std::string& tls_dir) {
  std::error_code ec;
  if (fs::exists(tls::CaCertPath(tls_dir), ec) || fs::exists(tls::CaKeyPath(tls_dir), ec)) {
    return Status::Ok();
  }
  auto kept =
      store.Read([](const store::ReadTxn& txn) -> Result<std::pair<std::string, std::string>> {
        auto cert = txn.GetSetting(kCertKey);
        if (!cert) return cert.error();
        auto key = txn.GetSetting(kKeyKey);
        if (!key) return key.error();
        return std::make_pair(cert->value_or(""), key->value_or(""));
      });
  if (!kept) return kept.status();
  if (kept->first.empty() || kept->second.empty()) return Status::Ok();
  fs::create_directories(tls_dir, ec);
  if (ec) return MakeError(Errc::kIo, "cannot create " + tls_dir + ": " + ec.message());
  if (Status s = WriteFile(tls::CaKeyPath(tls_dir), kept->second, 0600); !s) return s;
  return WriteFile(tls::CaCertPath(tls_dir), kept->first, 0644);
}

Status KeepOfficeCaInStore(store::Store& store, const std::string& tls_dir) {
  auto cert = ReadWhole(tls::CaCertPath(tls_dir));
  if (!cert) return cert.status();
  auto key = ReadWhole(tls::CaKeyPath(tls_dir));
  if (!key) return key.status();
  auto kept = store.Read([](const store::ReadTxn& txn) { return txn.GetSetting(kCertKey); });
  if (!kept) return kept.status();
  if (*kept == *cert) return Status::Ok();
  return store.Write([&](store::WriteTxn& txn) -> Status {
    if (Status s = txn.PutSetting(kCertKey, *cert); !s) return s;
    return txn.PutSetting(kKeyKey, *key);
  });
}

}  // namespace saraban::services
