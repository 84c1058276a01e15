// DATA/tls/: the office CA, the issued server certificate and an installed
// custom certificate, and the decision which one to serve.
#include <fcntl.h>
#include <openssl/err.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "openssl_util.h"
#include "tls/tls.h"

namespace saraban::tls {
namespace {

constexpr int64_t kDay = 86400;

Error Errno(const std::string& what) {
  return MakeError(errno == ENOSPC ? Errc::kFull : Errc::kIo, what + ": " + std::strerror(errno));
}

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(Errc::kIo, "cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

// Writes `text` whole or not at all: a temporary file, fsync, rename, and an
// fsync of the directory, so a power cut never leaves half a key.
Status WriteFileAtomic(const std::string& dir, const std::string& name, const std::string& text,
                       mode_t mode) {
  const std::string path = dir + "/" + name, tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return Errno("cannot create " + tmp);
  ::fchmod(fd, mode);  // O_CREAT's mode is filtered by the umask; keys must be 0600 exactly
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Error e = Errno("cannot write " + tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return e;
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    Error e = Errno("cannot sync " + tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return e;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Error e = Errno("cannot rename " + tmp);
    ::unlink(tmp.c_str());
    return e;
  }
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

Status EnsureDir(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return Errno("cannot create " + dir);
  return Status::Ok();
}

Result<Authority> LoadOrCreateCa(const std::string& dir, const std::string& office_name,
                                 int64_t now, bool* created) {
  const bool have_cert = Exists(CaCertPath(dir)), have_key = Exists(CaKeyPath(dir));
  if (have_cert || have_key) {
    auto cert = ReadText(CaCertPath(dir));
    if (!cert) return cert.error();
    auto key = ReadText(CaKeyPath(dir));
    if (!key) return key.error();
    // Never replace a CA silently: every office PC trusts this one.
    if (ReadCertificates(*cert).empty() || !ReadPrivateKey(*key)) {
      return MakeError(Errc::kCorruption, "the office CA in " + dir + " does not parse",
                       "restore ca.pem and ca.key from a backup, or move the tls folder away to "
                       "make a new CA (every PC must then trust the new one)");
    }
    return Authority{*cert, *key};
  }
  auto ca = MakeAuthority(office_name, now);
  if (!ca) return ca.error();
  // The key first: a CA certificate without its key would block the next start.
  if (Status s = WriteFileAtomic(dir, "ca.key", ca->key_pem, 0600); !s) return s.error();
  if (Status s = WriteFileAtomic(dir, "ca.pem", ca->cert_pem, 0644); !s) return s.error();
  *created = true;
  return ca;
}

// Why the current server.pem must be replaced, or "" when it is fine.
std::string ReissueReason(const std::string& dir, const Authority& ca,
                          const std::vector<std::string>& names, int64_t now) {
  auto text = ReadText(ServerPemPath(dir));
  if (!text) return "no server certificate yet";
  auto certs = ReadCertificates(*text);
  if (certs.empty() || !ReadPrivateKey(*text)) return "the server certificate did not parse";
  auto ca_certs = ReadCertificates(ca.cert_pem);
  PkeyPtr ca_public(X509_get_pubkey(ca_certs.front().get()));
  if (X509_verify(certs.front().get(), ca_public.get()) != 1) {
    ERR_clear_error();
    return "the server certificate was not issued by the office CA";
  }
  const CertificateInfo info = Describe(certs.front().get());
  if (info.not_after - now < kRenewBeforeDays * kDay) return "the server certificate expires soon";
  auto missing = Uncovered(info, names);
  if (!missing.empty()) return "the server certificate does not cover " + missing.front();
  return "";
}

}  // namespace

std::string CaCertPath(const std::string& tls_dir) { return tls_dir + "/ca.pem"; }
std::string CaKeyPath(const std::string& tls_dir) { return tls_dir + "/ca.key"; }
std::string ServerPemPath(const std::string& tls_dir) { return tls_dir + "/server.pem"; }
std::string CustomPemPath(const std::string& tls_dir) { return tls_dir + "/custom.pem"; }

Result<CertificateInfo> InspectFile(const std::string& path) {
  auto text = ReadText(path);
  if (!text) return text.error();
  auto info = Inspect(*text);
  if (!info) return MakeError(Errc::kCorruption, path + ": " + info.error().message);
  return info;
}

Result<CertificateInfo> InstallCustom(const std::string& tls_dir, const std::string& chain_pem,
                                      const std::string& key_pem, int64_t now) {
  auto info = ValidateCustom(chain_pem, key_pem, now);
  if (!info) return info;
  // Re-encode what was read, so stray text around the PEM blocks is dropped.
  std::string out;
  for (const auto& cert : ReadCertificates(chain_pem)) out += CertificatePem(cert.get());
  PkeyPtr key = ReadPrivateKey(key_pem);
  out += PrivateKeyPem(key.get());
  if (Status s = EnsureDir(tls_dir); !s) return s.error();
  if (Status s = WriteFileAtomic(tls_dir, "custom.pem", out, 0600); !s) return s.error();
  return info;
}

Result<Served> Prepare(const std::string& tls_dir, const std::string& office_name,
                       const std::vector<std::string>& names, int64_t now) {
  if (Status s = EnsureDir(tls_dir); !s) return s.error();
  Served served;
  auto ca = LoadOrCreateCa(tls_dir, office_name, now, &served.ca_created);
  if (!ca) return ca.error();
  const std::string reason = ReissueReason(tls_dir, *ca, names, now);
  if (!reason.empty()) {
    // Starts an hour early for PCs whose clock is behind; the whole period
    // stays within the 825 days browsers accept.
    const int64_t from = now - 3600;
    auto pem = IssueServerCertificate(*ca, names, from, from + kServerValidDays * kDay);
    if (!pem) return pem.error();
    if (Status s = WriteFileAtomic(tls_dir, "server.pem", *pem, 0600); !s) return s.error();
    served.issued = true;
    served.note = reason;
  }
  if (Exists(CustomPemPath(tls_dir))) {
    auto text = ReadText(CustomPemPath(tls_dir));
    // custom.pem holds the chain and then the key; each reader skips the other blocks.
    auto custom = text ? ValidateCustom(*text, *text, now) : Result<CertificateInfo>(text.error());
    if (custom) {
      served.pem_path = CustomPemPath(tls_dir);
      served.custom = true;
      served.info = *custom;
      return served;
    }
    served.note +=
        (served.note.empty() ? "" : "; ") + ("custom.pem not used: " + custom.error().message);
  }
  auto info = InspectFile(ServerPemPath(tls_dir));
  if (!info) return info.error();
  served.pem_path = ServerPemPath(tls_dir);
  served.info = *info;
  return served;
}

}  // namespace saraban::tls
