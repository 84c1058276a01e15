// tls: the office's own certificate authority and the certificates the daemon
// serves HTTPS with. On first start `saraban serve` creates an office CA (kept
// in DATA/tls/) and a server certificate signed by it for the box's host name
// and addresses; office PCs trust the CA once and then every certificate the
// box issues itself. The server certificate is issued again when it nears
// expiry or when the box gained a name or address it does not cover (the box
// moved networks). An administrator may instead install a certificate from the
// ministry's own CA (custom.pem), which then takes precedence.
//
// Files under DATA/tls/ (written whole: temporary file, fsync, rename):
//   ca.pem      the office CA certificate (public: offered for download)
//   ca.key      its private key, mode 0600
//   server.pem  the issued server certificate followed by its key, mode 0600
//   custom.pem  an installed certificate chain followed by its key, mode 0600
//
// Keys are ECDSA P-256 and signatures ECDSA with SHA-256, which every current
// browser and Windows accepts (Ed25519 is not accepted everywhere).
// OpenSSL stays inside tls/src; this header shows only plain values.
//
// Thread-safety: functions only, no shared state. Two processes preparing the
// same directory at once may both issue a certificate; the last rename wins
// and either result is valid.
// Errors: kIo (a file cannot be read or written, OpenSSL failed), kCorruption
// (a stored file does not parse), kInvalidArgument (a supplied certificate or
// key is unacceptable; the message says why).
#ifndef SARABAN_TLS_TLS_H_
#define SARABAN_TLS_TLS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace saraban::tls {

// What a certificate says, for the admin page, `saraban doctor` and logs.
struct CertificateInfo {
  std::string subject;             // RFC 2253, UTF-8 kept, e.g. "CN=Saraban Office CA"
  std::string issuer;              // likewise
  std::vector<std::string> names;  // subjectAltName DNS names and IP addresses, as text
  int64_t not_before = 0;          // Unix seconds
  int64_t not_after = 0;           // Unix seconds
  bool is_ca = false;              // basicConstraints CA:TRUE
  std::string sha256;              // fingerprint, upper-case hex pairs joined by ':'
};

// The office CA as PEM text (certificate and PKCS#8 private key).
struct Authority {
  std::string cert_pem;
  std::string key_pem;
};

// Validity of what Prepare issues.
inline constexpr int64_t kCaValidDays = 3652;     // about ten years
inline constexpr int64_t kServerValidDays = 825;  // the most browsers accept for a local CA
inline constexpr int64_t kRenewBeforeDays = 30;   // re-issue when fewer days are left

// A new CA with subject "Saraban <office name> CA" (O=<office name>), valid
// from an hour before `now` (PC clocks drift) for kCaValidDays; a long office
// name is shortened to fit the 64-character limit of a common name.
Result<Authority> MakeAuthority(const std::string& office_name, int64_t now);

// A server certificate signed by `ca`, covering `names` (DNS names and IPv4/
// IPv6 addresses; at least one), with extendedKeyUsage serverAuth, valid from
// `not_before` to `not_after` (Unix seconds). Returns the certificate PEM
// followed by its new private key's PEM. kInvalidArgument for an empty or
// malformed name list or an inverted period.
Result<std::string> IssueServerCertificate(const Authority& ca,
                                           const std::vector<std::string>& names,
                                           int64_t not_before, int64_t not_after);

// The first certificate in a PEM text. kInvalidArgument if there is none.
Result<CertificateInfo> Inspect(const std::string& pem);
// Inspect of a file's contents; kIo if it cannot be read.
Result<CertificateInfo> InspectFile(const std::string& path);

// The names this box should be reachable by: its host name (and
// "<host>.local" for mDNS when the name has no dot), "localhost", every
// address of an interface that is up (getifaddrs; IPv6 link-local left out,
// as a certificate cannot name a scope), 127.0.0.1 and ::1, and `extra`.
// Sorted, without duplicates, lower case.
std::vector<std::string> LocalNames(const std::vector<std::string>& extra = {});

// The names in `wanted` that `info` does not cover (exact match, or a
// "*.example" wildcard covering one label).
std::vector<std::string> Uncovered(const CertificateInfo& info,
                                   const std::vector<std::string>& wanted);

// Checks an administrator's certificate before it is installed: the chain
// and the key parse, the first certificate is the key's, it is valid at
// `now`, names at least one subjectAltName, and OpenSSL's default security
// level accepts its key and signature (what the server will load). Returns
// the first certificate's details. kInvalidArgument with the reason.
Result<CertificateInfo> ValidateCustom(const std::string& chain_pem, const std::string& key_pem,
                                       int64_t now);

// ValidateCustom, then writes DATA/tls/custom.pem (chain, then key; mode
// 0600). Nothing is written when validation fails.
Result<CertificateInfo> InstallCustom(const std::string& tls_dir, const std::string& chain_pem,
                                      const std::string& key_pem, int64_t now);

// The certificate serve should use, after Prepare.
struct Served {
  std::string pem_path;  // certificate (chain) and key for the HTTPS listener
  bool custom = false;   // custom.pem rather than the office's own certificate
  CertificateInfo info;
  bool ca_created = false;  // a new office CA was made (first start)
  bool issued = false;      // a new server certificate was issued now
  std::string note;         // why it was issued, or why custom.pem was passed over
};

// Makes DATA/tls/ ready to serve: creates the directory and the office CA if
// missing (a CA that exists is never replaced: PCs already trust it), issues
// server.pem if it is missing, unreadable, from another CA, expires within
// kRenewBeforeDays, or does not cover every name in `names`. Picks custom.pem
// when present and valid at `now`; an expired or broken one is passed over
// with a note, so the box keeps serving with its own certificate.
Result<Served> Prepare(const std::string& tls_dir, const std::string& office_name,
                       const std::vector<std::string>& names, int64_t now);

// Paths inside a tls directory.
std::string CaCertPath(const std::string& tls_dir);
std::string CaKeyPath(const std::string& tls_dir);
std::string ServerPemPath(const std::string& tls_dir);
std::string CustomPemPath(const std::string& tls_dir);

}  // namespace saraban::tls

#endif  // SARABAN_TLS_TLS_H_
