// The office CA and its certificates, checked with OpenSSL's own verifier.
#include "tls/tls.h"

#include <gtest/gtest.h>
#include <openssl/x509_vfy.h>
#include <sys/stat.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "openssl_util.h"
#include "temp_dir.h"

namespace saraban::tls {
namespace {

using saraban::testing::TempDir;

constexpr int64_t kDay = 86400;
const int64_t kNow = static_cast<int64_t>(std::time(nullptr));
const std::vector<std::string> kNames = {"localhost", "saraban-box", "127.0.0.1", "::1",
                                         "192.168.10.5"};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 0777;
}

// OpenSSL's verdict on `leaf_pem` as a TLS server certificate for `host`
// (a DNS name or an IP address), trusting only `ca_pem`, at time `at`.
int VerifyServer(const std::string& ca_pem, const std::string& leaf_pem, const std::string& host,
                 int64_t at = kNow) {
  auto ca = ReadCertificates(ca_pem);
  auto leaf = ReadCertificates(leaf_pem);
  if (ca.empty() || leaf.empty()) return -1;
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
  X509_STORE_add_cert(store.get(), ca.front().get());
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                      X509_STORE_CTX_free);
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf.front().get(), nullptr);
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
  X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(at));
  if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1) {
    X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
  }
  if (X509_verify_cert(ctx.get()) == 1) return X509_V_OK;
  return X509_STORE_CTX_get_error(ctx.get());
}

// A certificate and key made by the openssl command line, for inputs our
// own issuer would never produce (no SAN, weak keys).
std::pair<std::string, std::string> OpensslSelfSigned(const TempDir& dir, const std::string& args) {
  const std::string cert = dir.Sub("cli.pem"), key = dir.Sub("cli.key");
  const std::string cmd = "openssl req -x509 -nodes -days 30 -subj /CN=cli.example " + args +
                          " -keyout " + key + " -out " + cert + " 2>/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return {ReadAll(cert), ReadAll(key)};
}

TEST(TlsTest, OfficeCaIsAConstrainedP256AuthorityNamedAfterTheOffice) {
  auto ca = MakeAuthority("ສຳນັກງານແຂວງ", kNow);
  ASSERT_TRUE(ca.ok()) << ca.error().message;
  auto certs = ReadCertificates(ca->cert_pem);
  ASSERT_EQ(certs.size(), 1u);
  X509* c = certs.front().get();
  auto info = Describe(c);
  EXPECT_EQ(info.subject, "O=ສຳນັກງານແຂວງ,CN=Saraban ສຳນັກງານແຂວງ CA");
  EXPECT_EQ(info.subject, info.issuer);
  EXPECT_TRUE(info.is_ca);
  EXPECT_NEAR(info.not_after - kNow, kCaValidDays * kDay, kDay);
  EXPECT_LE(info.not_before, kNow - 3000);  // slack for PCs whose clock is behind
  // basicConstraints CA:TRUE and keyUsage are critical; keyUsage is exactly certSign + CRL.
  int crit = 0;
  auto* bc =
      static_cast<BASIC_CONSTRAINTS*>(X509_get_ext_d2i(c, NID_basic_constraints, &crit, nullptr));
  ASSERT_NE(bc, nullptr);
  EXPECT_TRUE(bc->ca);
  EXPECT_EQ(crit, 1);
  BASIC_CONSTRAINTS_free(bc);
  EXPECT_EQ(X509_get_key_usage(c), static_cast<uint32_t>(KU_KEY_CERT_SIGN | KU_CRL_SIGN));
  ASSERT_GE(X509_get_ext_by_NID(c, NID_key_usage, -1), 0);
  EXPECT_EQ(X509_EXTENSION_get_critical(X509_get_ext(c, X509_get_ext_by_NID(c, NID_key_usage, -1))),
            1);
  // ECDSA P-256 with SHA-256, self-signed.
  EXPECT_EQ(X509_get_signature_nid(c), NID_ecdsa_with_SHA256);
  PkeyPtr key(X509_get_pubkey(c));
  char group[64] = {};
  size_t len = 0;
  ASSERT_EQ(EVP_PKEY_get_group_name(key.get(), group, sizeof group, &len), 1);
  EXPECT_STREQ(group, "prime256v1");
  EXPECT_EQ(X509_verify(c, key.get()), 1);
}

TEST(TlsTest, LongOfficeNameIsShortenedToFitTheCommonName) {
  std::string name;
  for (int i = 0; i < 30; ++i) name += "ກະຊວງ";  // 150 Lao characters
  auto ca = MakeAuthority(name, kNow);
  ASSERT_TRUE(ca.ok()) << ca.error().message;
  auto info = Inspect(ca->cert_pem);
  ASSERT_TRUE(info.ok());
  EXPECT_NE(info->subject.find("CN=Saraban ກະຊວງ"), std::string::npos);
}

TEST(TlsTest, ServerCertificateVerifiesForEveryNameAndOnlyThose) {
  auto ca = MakeAuthority("Test Office", kNow);
  ASSERT_TRUE(ca.ok());
  auto pem = IssueServerCertificate(*ca, kNames, kNow, kNow + kServerValidDays * kDay);
  ASSERT_TRUE(pem.ok()) << pem.error().message;
  for (const auto& name : kNames) {
    EXPECT_EQ(VerifyServer(ca->cert_pem, *pem, name), X509_V_OK) << name;
  }
  EXPECT_EQ(VerifyServer(ca->cert_pem, *pem, "other-host"), X509_V_ERR_HOSTNAME_MISMATCH);
  EXPECT_EQ(VerifyServer(ca->cert_pem, *pem, "10.0.0.9"), X509_V_ERR_IP_ADDRESS_MISMATCH);
  // Another office's CA does not vouch for it.
  auto other = MakeAuthority("Other Office", kNow);
  EXPECT_NE(VerifyServer(other->cert_pem, *pem, "localhost"), X509_V_OK);
  // Expired after its period.
  EXPECT_EQ(VerifyServer(ca->cert_pem, *pem, "localhost", kNow + (kServerValidDays + 1) * kDay),
            X509_V_ERR_CERT_HAS_EXPIRED);

  auto info = Inspect(*pem);
  ASSERT_TRUE(info.ok());
  EXPECT_FALSE(info->is_ca);
  EXPECT_EQ(info->names, kNames);
  EXPECT_LE(info->not_after - info->not_before, 825 * kDay);
  auto leaf = ReadCertificates(*pem);
  EXPECT_EQ(X509_get_extended_key_usage(leaf.front().get()), static_cast<uint32_t>(XKU_SSL_SERVER));
  // The key that follows is the certificate's.
  PkeyPtr key = ReadPrivateKey(*pem);
  ASSERT_TRUE(key);
  EXPECT_EQ(X509_check_private_key(leaf.front().get(), key.get()), 1);
}

TEST(TlsTest, IssueRefusesNamesThatAreNeitherHostsNorAddresses) {
  auto ca = MakeAuthority("Test Office", kNow);
  auto pem = IssueServerCertificate(*ca, {"bad name"}, kNow, kNow + kDay);
  ASSERT_FALSE(pem.ok());
  EXPECT_EQ(pem.error().code, Errc::kInvalidArgument);
  EXPECT_FALSE(IssueServerCertificate(*ca, {}, kNow, kNow + kDay).ok());
  EXPECT_FALSE(IssueServerCertificate(*ca, {"localhost"}, kNow, kNow - 1).ok());
}

TEST(TlsTest, PrepareCreatesTheCaOnceAndKeepsTheServerCertificate) {
  TempDir dir;
  const std::string tls = dir.Sub("tls");
  auto first = Prepare(tls, "Test Office", kNames, kNow);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(first->ca_created);
  EXPECT_TRUE(first->issued);
  EXPECT_FALSE(first->custom);
  EXPECT_EQ(first->pem_path, ServerPemPath(tls));
  EXPECT_EQ(ModeOf(CaKeyPath(tls)), 0600u);
  EXPECT_EQ(ModeOf(ServerPemPath(tls)), 0600u);
  EXPECT_EQ(ModeOf(tls), 0700u);
  const std::string ca = ReadAll(CaCertPath(tls)), server = ReadAll(ServerPemPath(tls));
  for (const auto& name : kNames) EXPECT_EQ(VerifyServer(ca, server, name), X509_V_OK) << name;

  auto second = Prepare(tls, "Test Office", kNames, kNow + kDay);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->ca_created);
  EXPECT_FALSE(second->issued);
  EXPECT_EQ(ReadAll(CaCertPath(tls)), ca);
  EXPECT_EQ(ReadAll(ServerPemPath(tls)), server);
}

TEST(TlsTest, PrepareReissuesWhenTheBoxGainsAnAddressOrNearsExpiry) {
  TempDir dir;
  const std::string tls = dir.Sub("tls");
  ASSERT_TRUE(Prepare(tls, "Test Office", kNames, kNow).ok());
  const std::string ca = ReadAll(CaCertPath(tls));

  auto names = kNames;
  names.push_back("10.20.30.40");  // the box moved to another network
  auto moved = Prepare(tls, "Test Office", names, kNow);
  ASSERT_TRUE(moved.ok());
  EXPECT_TRUE(moved->issued);
  EXPECT_NE(moved->note.find("10.20.30.40"), std::string::npos) << moved->note;
  EXPECT_EQ(VerifyServer(ca, ReadAll(ServerPemPath(tls)), "10.20.30.40"), X509_V_OK);

  // An address that went away is no reason to issue again.
  auto fewer = Prepare(tls, "Test Office", kNames, kNow);
  ASSERT_TRUE(fewer.ok());
  EXPECT_FALSE(fewer->issued);

  const int64_t later = kNow + (kServerValidDays - kRenewBeforeDays + 1) * kDay;
  auto renewed = Prepare(tls, "Test Office", names, later);
  ASSERT_TRUE(renewed.ok());
  EXPECT_TRUE(renewed->issued);
  EXPECT_FALSE(renewed->ca_created);
  EXPECT_EQ(ReadAll(CaCertPath(tls)), ca);
  EXPECT_EQ(VerifyServer(ca, ReadAll(ServerPemPath(tls)), "localhost", later), X509_V_OK);
}

TEST(TlsTest, PrepareReplacesAServerCertificateFromAnotherCa) {
  TempDir dir;
  const std::string tls = dir.Sub("tls");
  ASSERT_TRUE(Prepare(tls, "Test Office", kNames, kNow).ok());
  auto other = MakeAuthority("Other", kNow);
  auto foreign = IssueServerCertificate(*other, kNames, kNow, kNow + 400 * kDay);
  std::ofstream(ServerPemPath(tls)) << *foreign;
  auto again = Prepare(tls, "Test Office", kNames, kNow);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->issued);
  EXPECT_EQ(VerifyServer(ReadAll(CaCertPath(tls)), ReadAll(ServerPemPath(tls)), "localhost"),
            X509_V_OK);
}

TEST(TlsTest, PrepareRefusesABrokenCaInsteadOfReplacingIt) {
  TempDir dir;
  const std::string tls = dir.Sub("tls");
  ASSERT_TRUE(Prepare(tls, "Test Office", kNames, kNow).ok());
  std::ofstream(CaKeyPath(tls)) << "garbage";
  auto again = Prepare(tls, "Test Office", kNames, kNow);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::kCorruption);
  EXPECT_EQ(ReadAll(CaKeyPath(tls)), "garbage");
}

TEST(TlsTest, CustomCertificateIsValidatedThenPreferred) {
  TempDir dir;
  const std::string tls = dir.Sub("tls");
  ASSERT_TRUE(Prepare(tls, "Test Office", kNames, kNow).ok());
  auto ministry = MakeAuthority("Ministry", kNow);
  auto good = IssueServerCertificate(*ministry, {"saraban.ministry.example"}, kNow - kDay,
                                     kNow + 90 * kDay);
  auto other = IssueServerCertificate(*ministry, {"saraban.ministry.example"}, kNow - kDay,
                                      kNow + 90 * kDay);
  auto expired = IssueServerCertificate(*ministry, {"saraban.ministry.example"}, kNow - 90 * kDay,
                                        kNow - kDay);
  // The chain is the leaf then the ministry CA; the key is separate.
  const std::string chain = *good + ministry->cert_pem;

  auto mismatched = InstallCustom(tls, chain, *other, kNow);
  ASSERT_FALSE(mismatched.ok());
  EXPECT_EQ(mismatched.error().code, Errc::kInvalidArgument);
  EXPECT_NE(mismatched.error().message.find("does not belong"), std::string::npos);
  auto old = InstallCustom(tls, *expired, *expired, kNow);
  ASSERT_FALSE(old.ok());
  EXPECT_NE(old.error().message.find("expired"), std::string::npos);
  EXPECT_FALSE(InstallCustom(tls, "not a certificate", *good, kNow).ok());
  EXPECT_FALSE(InstallCustom(tls, chain, "not a key", kNow).ok());
  struct stat st {};
  EXPECT_NE(::stat(CustomPemPath(tls).c_str(), &st), 0) << "nothing installed on bad input";

  auto installed = InstallCustom(tls, chain, *good, kNow);
  ASSERT_TRUE(installed.ok()) << installed.error().message;
  EXPECT_EQ(installed->names, std::vector<std::string>{"saraban.ministry.example"});
  EXPECT_EQ(ModeOf(CustomPemPath(tls)), 0600u);
  EXPECT_EQ(ReadCertificates(ReadAll(CustomPemPath(tls))).size(), 2u);

  auto served = Prepare(tls, "Test Office", kNames, kNow);
  ASSERT_TRUE(served.ok());
  EXPECT_TRUE(served->custom);
  EXPECT_EQ(served->pem_path, CustomPemPath(tls));
  EXPECT_EQ(served->info.subject, "CN=saraban.ministry.example");

  // Once it expires the box falls back to its own certificate, and says why.
  auto fallback = Prepare(tls, "Test Office", kNames, kNow + 91 * kDay);
  ASSERT_TRUE(fallback.ok());
  EXPECT_FALSE(fallback->custom);
  EXPECT_EQ(fallback->pem_path, ServerPemPath(tls));
  EXPECT_NE(fallback->note.find("expired"), std::string::npos) << fallback->note;
}

TEST(TlsTest, CustomCertificateWithoutSubjectAltNameIsRefused) {
  TempDir dir;
  auto [cert, key] = OpensslSelfSigned(dir, "-newkey ec -pkeyopt ec_paramgen_curve:P-256");
  auto r = ValidateCustom(cert, key, kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("subjectAltName"), std::string::npos);
}

TEST(TlsTest, CustomCertificateWithAWeakKeyIsRefused) {
  TempDir dir;
  auto [cert, key] =
      OpensslSelfSigned(dir, "-newkey rsa:1024 -addext subjectAltName=DNS:cli.example");
  auto r = ValidateCustom(cert, key, kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
  auto [cert2, key2] =
      OpensslSelfSigned(dir, "-newkey rsa:2048 -addext subjectAltName=DNS:cli.example");
  auto strong = ValidateCustom(cert2, key2, static_cast<int64_t>(std::time(nullptr)));
  EXPECT_TRUE(strong.ok()) << strong.error().message;
}

TEST(TlsTest, LocalNamesCoverLoopbackAndAreCanonical) {
  auto names = LocalNames({"Saraban.Office.Example", "0:0:0:0:0:0:0:1"});
  for (const char* want : {"localhost", "127.0.0.1", "::1", "saraban.office.example"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  }
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
}

TEST(TlsTest, UncoveredHonoursWildcardsForOneLabel) {
  CertificateInfo info;
  info.names = {"*.office.example", "10.0.0.1"};
  EXPECT_TRUE(Uncovered(info, {"box.office.example", "10.0.0.1"}).empty());
  EXPECT_EQ(Uncovered(info, {"a.b.office.example", "10.0.0.2"}),
            (std::vector<std::string>{"a.b.office.example", "10.0.0.2"}));
}

}  // namespace
}  // namespace saraban::tls
