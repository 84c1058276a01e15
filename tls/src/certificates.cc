// Making the office CA and its server certificates, and checking an
// administrator's own certificate, with OpenSSL 3.
#include <arpa/inet.h>
#include <openssl/err.h>

#include <algorithm>

#include "core/crypto.h"
#include "openssl_util.h"

namespace saraban::tls {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kClockSlack = 3600;  // PCs whose clock runs behind still accept new certificates

// The first `max` code points of UTF-8 text (X.509 limits names in characters).
std::string Utf8Prefix(const std::string& s, size_t max) {
  size_t count = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && count++ == max) break;
  }
  return s.substr(0, i);
}

bool IsIpAddress(const std::string& name) {
  unsigned char buf[16];
  return inet_pton(AF_INET, name.c_str(), buf) == 1 || inet_pton(AF_INET6, name.c_str(), buf) == 1;
}

// A DNS name as a certificate may carry it: letters, digits, '-' and '.',
// optionally a leading "*." wildcard.
bool IsDnsName(const std::string& name) {
  if (name.empty() || name.size() > 253 || name.front() == '.' || name.back() == '.') return false;
  const std::string rest = name.rfind("*.", 0) == 0 ? name.substr(2) : name;
  return !rest.empty() && std::all_of(rest.begin(), rest.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.';
  });
}

Status AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, OsslFree> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    return OpenSslError(Errc::kIo, std::string("cannot add extension ") + OBJ_nid2sn(nid));
  }
  return Status::Ok();
}

// A certificate with version 3, a random positive 127-bit serial, the
// subject key and validity set; the caller adds extensions and signs.
Result<X509Ptr> NewCertificate(EVP_PKEY* key, X509_NAME* subject, int64_t not_before,
                               int64_t not_after) {
  X509Ptr cert(X509_new());
  std::string serial = RandomBytes(16);
  serial[0] = static_cast<char>(serial[0] & 0x7F);
  std::unique_ptr<BIGNUM, OsslFree> bn(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(serial.data()),
                static_cast<int>(serial.size()), nullptr));
  if (!cert || !bn || X509_set_version(cert.get(), 2) != 1 ||
      !BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())) ||
      !ASN1_TIME_set(X509_getm_notBefore(cert.get()), static_cast<time_t>(not_before)) ||
      !ASN1_TIME_set(X509_getm_notAfter(cert.get()), static_cast<time_t>(not_after)) ||
      X509_set_subject_name(cert.get(), subject) != 1 || X509_set_pubkey(cert.get(), key) != 1) {
    return OpenSslError(Errc::kIo, "cannot build a certificate");
  }
  return cert;
}

Result<PkeyPtr> NewKey() {
  PkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return OpenSslError(Errc::kIo, "cannot generate a P-256 key");
  return key;
}

Status Sign(X509* cert, EVP_PKEY* key) {
  if (X509_sign(cert, key, EVP_sha256()) <= 0) {
    return OpenSslError(Errc::kIo, "cannot sign the certificate");
  }
  return Status::Ok();
}

}  // namespace

Result<Authority> MakeAuthority(const std::string& office_name, int64_t now) {
  auto key = NewKey();
  if (!key) return key.error();
  // ub-common-name is 64 characters: "Saraban " and " CA" take 11.
  const std::string office = Utf8Prefix(office_name, 53);
  const std::string cn = office.empty() ? "Saraban CA" : "Saraban " + office + " CA";
  std::unique_ptr<X509_NAME, decltype(&X509_NAME_free)> name(X509_NAME_new(), X509_NAME_free);
  auto add = [&](const char* field, const std::string& value) {
    return X509_NAME_add_entry_by_txt(name.get(), field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                      0) == 1;
  };
  if (!add("CN", cn) || (!office.empty() && !add("O", office))) {
    return OpenSslError(Errc::kIo, "cannot build the CA name");
  }
  auto cert = NewCertificate(key->get(), name.get(), now - kClockSlack, now + kCaValidDays * kDay);
  if (!cert) return cert.error();
  X509* c = cert->get();
  if (X509_set_issuer_name(c, name.get()) != 1) return OpenSslError(Errc::kIo, "issuer name");
  for (auto [nid, value] : {std::pair{NID_basic_constraints, "critical,CA:TRUE"},
                            std::pair{NID_key_usage, "critical,keyCertSign,cRLSign"},
                            std::pair{NID_subject_key_identifier, "hash"}}) {
    if (Status s = AddExtension(c, c, nid, value); !s) return s.error();
  }
  if (Status s = Sign(c, key->get()); !s) return s.error();
  return Authority{CertificatePem(c), PrivateKeyPem(key->get())};
}

Result<std::string> IssueServerCertificate(const Authority& ca,
                                           const std::vector<std::string>& names,
                                           int64_t not_before, int64_t not_after) {
  if (names.empty()) return MakeError(Errc::kInvalidArgument, "a certificate needs a name");
  if (not_after <= not_before)
    return MakeError(Errc::kInvalidArgument, "validity ends before it starts");
  auto ca_certs = ReadCertificates(ca.cert_pem);
  PkeyPtr ca_key = ReadPrivateKey(ca.key_pem);
  if (ca_certs.empty() || !ca_key) {
    return MakeError(Errc::kCorruption, "the office CA certificate or key does not parse");
  }
  X509* issuer = ca_certs.front().get();

  std::unique_ptr<GENERAL_NAMES, OsslFree> gens(sk_GENERAL_NAME_new_null());
  std::string common_name;
  for (const std::string& n : names) {
    GENERAL_NAME* g = GENERAL_NAME_new();
    if (IsIpAddress(n)) {
      GENERAL_NAME_set0_value(g, GEN_IPADD, a2i_IPADDRESS(n.c_str()));
    } else if (IsDnsName(n)) {
      ASN1_IA5STRING* s = ASN1_IA5STRING_new();
      ASN1_STRING_set(s, n.data(), static_cast<int>(n.size()));
      GENERAL_NAME_set0_value(g, GEN_DNS, s);
      if (common_name.empty() && n.size() <= 64) common_name = n;
    } else {
      GENERAL_NAME_free(g);
      return MakeError(Errc::kInvalidArgument, "'" + n + "' is neither a host name nor an address");
    }
    sk_GENERAL_NAME_push(gens.get(), g);
  }
  if (common_name.empty()) common_name = names.front();

  auto key = NewKey();
  if (!key) return key.error();
  std::unique_ptr<X509_NAME, decltype(&X509_NAME_free)> subject(X509_NAME_new(), X509_NAME_free);
  X509_NAME_add_entry_by_txt(subject.get(), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  auto cert = NewCertificate(key->get(), subject.get(), not_before, not_after);
  if (!cert) return cert.error();
  X509* c = cert->get();
  if (X509_set_issuer_name(c, X509_get_subject_name(issuer)) != 1) {
    return OpenSslError(Errc::kIo, "issuer name");
  }
  for (auto [nid, value] :
       {std::pair{NID_basic_constraints, "critical,CA:FALSE"},
        std::pair{NID_key_usage, "critical,digitalSignature"},
        std::pair{NID_ext_key_usage, "serverAuth"}, std::pair{NID_subject_key_identifier, "hash"},
        std::pair{NID_authority_key_identifier, "keyid:always"}}) {
    if (Status s = AddExtension(c, issuer, nid, value); !s) return s.error();
  }
  if (X509_add1_ext_i2d(c, NID_subject_alt_name, gens.get(), 0, X509V3_ADD_DEFAULT) != 1) {
    return OpenSslError(Errc::kIo, "cannot add the subjectAltName");
  }
  if (Status s = Sign(c, ca_key.get()); !s) return s.error();
  return CertificatePem(c) + PrivateKeyPem(key->get());
}

Result<CertificateInfo> ValidateCustom(const std::string& chain_pem, const std::string& key_pem,
                                       int64_t now) {
  auto bad = [](std::string message, std::string hint = {}) {
    ERR_clear_error();
    return MakeError(Errc::kInvalidArgument, std::move(message), std::move(hint));
  };
  auto chain = ReadCertificates(chain_pem);
  if (chain.empty()) {
    return bad("the certificate is not a PEM certificate",
               "paste the text that starts with -----BEGIN CERTIFICATE-----");
  }
  PkeyPtr key = ReadPrivateKey(key_pem);
  if (!key) {
    return bad("the private key is not a PEM key, or it is encrypted",
               "paste the unencrypted key (-----BEGIN PRIVATE KEY-----)");
  }
  X509* leaf = chain.front().get();
  if (X509_check_private_key(leaf, key.get()) != 1) {
    return bad("the private key does not belong to the certificate",
               "the server's own certificate must come first, followed by any intermediates");
  }
  CertificateInfo info = Describe(leaf);
  if (info.not_after <= now) return bad("the certificate has expired", "ask for a new one");
  if (info.not_before > now + 300) {  // minutes of drift between the issuer's clock and ours
    return bad("the certificate is not valid yet", "check the box's clock (saraban doctor)");
  }
  if (info.names.empty()) {
    return bad("the certificate names no host (no subjectAltName)",
               "browsers ignore the common name: the certificate must list the box's host "
               "names and addresses as subject alternative names");
  }
  // What the server will do with it: OpenSSL's default security level
  // refuses weak keys (RSA under 2048 bits) and SHA-1 signatures.
  std::unique_ptr<SSL_CTX, OsslFree> ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx) return OpenSslError(Errc::kIo, "cannot create a TLS context");
  if (SSL_CTX_use_certificate(ctx.get(), leaf) != 1 ||
      SSL_CTX_use_PrivateKey(ctx.get(), key.get()) != 1 ||
      SSL_CTX_check_private_key(ctx.get()) != 1) {
    Error e = OpenSslError(Errc::kInvalidArgument, "the TLS library refuses this certificate");
    e.hint = "use a key of at least 2048 bits (RSA) or P-256 (ECDSA) and a SHA-256 signature";
    return e;
  }
  for (size_t i = 1; i < chain.size(); ++i) {
    if (SSL_CTX_add1_chain_cert(ctx.get(), chain[i].get()) != 1) {
      return OpenSslError(Errc::kInvalidArgument, "an intermediate certificate is refused");
    }
  }
  return info;
}

}  // namespace saraban::tls
