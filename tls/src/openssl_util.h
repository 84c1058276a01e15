// OpenSSL plumbing shared by the tls sources: owning pointers for OpenSSL
// objects, PEM in and out of memory, and the OpenSSL error queue as an Error.
// Internal to the tls component.
#ifndef SARABAN_TLS_SRC_OPENSSL_UTIL_H_
#define SARABAN_TLS_SRC_OPENSSL_UTIL_H_

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "tls/tls.h"

namespace saraban::tls {

struct OsslFree {
  void operator()(X509* p) const { X509_free(p); }
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(SSL_CTX* p) const { SSL_CTX_free(p); }
  void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
  void operator()(ASN1_OCTET_STRING* p) const { ASN1_OCTET_STRING_free(p); }
};
using X509Ptr = std::unique_ptr<X509, OsslFree>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, OsslFree>;
using BioPtr = std::unique_ptr<BIO, OsslFree>;

// The OpenSSL error queue (emptied) as kIo with `what` in front.
Error OpenSslError(Errc code, const std::string& what);

// Every certificate in a PEM text, in order (other PEM blocks skipped).
std::vector<X509Ptr> ReadCertificates(const std::string& pem);
// The first private key in a PEM text, or null.
PkeyPtr ReadPrivateKey(const std::string& pem);
std::string CertificatePem(X509* cert);
std::string PrivateKeyPem(EVP_PKEY* key);

// What a parsed certificate says.
CertificateInfo Describe(X509* cert);

}  // namespace saraban::tls

#endif  // SARABAN_TLS_SRC_OPENSSL_UTIL_H_
