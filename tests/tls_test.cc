// HTTPS as an office PC meets it: the real daemon serving its own
// certificate, checked with the openssl and curl command lines.
#include "tls/tls.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <ctime>
#include <fstream>

#include "http_client.h"
#include "process.h"

namespace saraban::testing {
namespace {

using nlohmann::json;

struct Shell {
  int exit_code = -1;
  std::string out;  // stdout and stderr
};

// Runs a command line with a time limit (a TLS client must never hang a test).
Shell RunShell(const std::string& command) {
  Shell r;
  FILE* p = ::popen(("timeout 30 " + command + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string PortOf(const std::string& url) { return url.substr(url.rfind(':') + 1); }

// openssl s_client against the daemon, trusting only `ca_file`, checking the
// host name; extra flags pick the protocol version.
Shell SClient(const std::string& port, const std::string& ca_file, const std::string& host,
              const std::string& flags) {
  return RunShell("openssl s_client -connect 127.0.0.1:" + port + " -servername " + host +
                  " -verify_hostname " + host + " -CAfile " + ca_file + " -verify_return_error " +
                  flags + " </dev/null");
}

// curl against the daemon with `host` resolved to 127.0.0.1, so the name in
// the URL is what certificate verification checks.
Shell Curl(const std::string& port, const std::string& host, const std::string& flags,
           const std::string& path = "/api/v1/health") {
  return RunShell("curl -sS --max-time 20 --resolve " + host + ":" + port + ":127.0.0.1 " + flags +
                  " https://" + host + ":" + port + path);
}

TEST(TlsTest, ServesHttpsByDefaultWithTheOfficeCaForTls12And13Only) {
  TestDaemon d({.org = "ສຳນັກງານແຂວງ ທົດລອງ", .tls = true});
  ASSERT_EQ(d.base_url().rfind("https://127.0.0.1:", 0), 0u) << d.base_url();
  const std::string port = PortOf(d.base_url());
  const std::string ca = d.data_dir() + "/tls/ca.pem";
  ASSERT_NE(ReadFileContents(ca).find("BEGIN CERTIFICATE"), std::string::npos);
  EXPECT_NE(d.Log().find("created the office certificate authority"), std::string::npos);

  Shell v12 = SClient(port, ca, "localhost", "-tls1_2");
  EXPECT_EQ(v12.exit_code, 0) << v12.out;
  EXPECT_NE(v12.out.find("Verify return code: 0 (ok)"), std::string::npos) << v12.out;
  EXPECT_NE(v12.out.find("Protocol  : TLSv1.2"), std::string::npos) << v12.out;
  EXPECT_NE(v12.out.find("ECDHE"), std::string::npos) << v12.out;  // forward secrecy
  Shell v13 = SClient(port, ca, "localhost", "-tls1_3");
  EXPECT_EQ(v13.exit_code, 0) << v13.out;
  EXPECT_NE(v13.out.find("New, TLSv1.3"), std::string::npos) << v13.out;
  // The CA is named after the office (Lao kept as UTF-8).
  Shell issuer = RunShell("openssl x509 -noout -subject -nameopt utf8 -in " + ca);
  EXPECT_NE(issuer.out.find("Saraban ສຳນັກງານແຂວງ ທົດລອງ CA"), std::string::npos) << issuer.out;

  // TLS 1.1: the client is told to allow it (security level 0), so the
  // refusal is the server's.
  Shell v11 = SClient(port, ca, "localhost", "-tls1_1 -cipher DEFAULT@SECLEVEL=0");
  EXPECT_NE(v11.exit_code, 0) << v11.out;
  EXPECT_EQ(v11.out.find("Server certificate"), std::string::npos) << v11.out;
  EXPECT_NE(v11.out.find("Cipher    : 0000"), std::string::npos) << v11.out;  // none agreed
  EXPECT_NE(v11.out.find("alert protocol version"), std::string::npos) << v11.out;

  // curl with the CA checks the names in the certificate: host name and IP.
  for (const std::string host : {"localhost", "127.0.0.1"}) {
    Shell ok = host == "127.0.0.1" ? RunShell("curl -sS --max-time 20 --cacert " + ca +
                                              " https://127.0.0.1:" + port + "/api/v1/health")
                                   : Curl(port, host, "--cacert " + ca);
    EXPECT_EQ(ok.exit_code, 0) << host << ": " << ok.out;
    EXPECT_NE(ok.out.find("\"status\":\"ok\""), std::string::npos) << ok.out;
  }
  // Without the CA the certificate is not trusted (curl exit 60).
  Shell untrusted = Curl(port, "localhost", "");
  EXPECT_EQ(untrusted.exit_code, 60) << untrusted.out;
  // A name the certificate does not carry fails verification even with the CA.
  Shell wrong_name = Curl(port, "not-this-box.example", "--cacert " + ca);
  EXPECT_EQ(wrong_name.exit_code, 60) << wrong_name.out;
  // HSTS over TLS.
  Shell head = Curl(port, "localhost", "--cacert " + ca + " -D - -o /dev/null");
  EXPECT_NE(head.out.find("Strict-Transport-Security: max-age="), std::string::npos) << head.out;
}

TEST(TlsTest, PlainHttpListenerRedirectsToTheHttpsAddress) {
  TestDaemon d({.serve_args = {"--redirect-listen", "127.0.0.1:0"}, .tls = true});
  ASSERT_FALSE(d.redirect_url().empty());
  const std::string https_port = PortOf(d.base_url()), http_port = PortOf(d.redirect_url());
  ASSERT_NE(https_port, http_port);
  const std::string fmt = " -s -o /dev/null -w '%{http_code} %{redirect_url}' ";
  Shell get = RunShell("curl" + fmt + "-H 'Host: saraban.local:" + http_port +
                       "' 'http://127.0.0.1:" + http_port +
                       "/api/v1/search?q=%E0%BA%A5%E0%BA%B2%E0%BA%A7&limit=5'");
  EXPECT_EQ(get.out, "301 https://saraban.local:" + https_port +
                         "/api/v1/search?q=%E0%BA%A5%E0%BA%B2%E0%BA%A7&limit=5");
  // Another method keeps its method and body: 308.
  Shell post =
      RunShell("curl" + fmt + "-X POST -d '{}' http://127.0.0.1:" + http_port + "/api/v1/session");
  EXPECT_EQ(post.out, "308 https://127.0.0.1:" + https_port + "/api/v1/session");
  // A Host header that is not a host name gets no redirect.
  Shell bad = RunShell("curl" + fmt + "-H 'Host: evil\"x' http://127.0.0.1:" + http_port + "/");
  EXPECT_EQ(bad.out.substr(0, 3), "400");
  // Following the redirect with the CA reaches the API.
  const std::string ca = d.data_dir() + "/tls/ca.pem";
  Shell followed = RunShell("curl -sS -L --max-time 20 --cacert " + ca +
                            " http://127.0.0.1:" + http_port + "/api/v1/health");
  EXPECT_EQ(followed.exit_code, 0) << followed.out;
  EXPECT_NE(followed.out.find("\"status\":\"ok\""), std::string::npos) << followed.out;
}

TEST(TlsTest, CaDownloadIsPublicAndTheSameBytes) {
  TestDaemon d({.tls = true});
  const std::string ca = d.data_dir() + "/tls/ca.pem";
  const std::string port = PortOf(d.base_url());
  Shell got = Curl(port, "localhost", "--cacert " + ca + " -D " + d.dir().Sub("headers"),
                   "/api/v1/tls/ca.pem");
  ASSERT_EQ(got.exit_code, 0) << got.out;
  EXPECT_EQ(got.out, ReadFileContents(ca));
  const std::string headers = ReadFileContents(d.dir().Sub("headers"));
  EXPECT_NE(headers.find("Content-Type: application/x-pem-file"), std::string::npos) << headers;
  EXPECT_NE(headers.find("Content-Disposition: attachment; filename=\"saraban-office-ca.crt\""),
            std::string::npos)
      << headers;
  // The admin view needs a session.
  Shell status =
      Curl(port, "localhost", "--cacert " + ca + " -o /dev/null -w '%{http_code}'", "/api/v1/tls");
  EXPECT_EQ(status.out, "401");
}

TEST(TlsTest, InstalledCertificateIsValidatedThenServedAfterRestartWithTheSameCa) {
  TestDaemon d({.tls = true});
  const std::string ca_path = d.data_dir() + "/tls/ca.pem";
  const std::string office_ca = ReadFileContents(ca_path);
  const std::string port_before = PortOf(d.base_url());
  ASSERT_EQ(SClient(port_before, ca_path, "localhost", "").exit_code, 0);

  // The ministry's CA and certificates for this box, made with the tls library.
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  auto ministry = tls::MakeAuthority("ກະຊວງ Ministry", now);
  ASSERT_TRUE(ministry.ok());
  const std::vector<std::string> names = {"saraban.ministry.example", "localhost", "127.0.0.1"};
  auto good = tls::IssueServerCertificate(*ministry, names, now - 60, now + 90 * 86400);
  auto other = tls::IssueServerCertificate(*ministry, names, now - 60, now + 90 * 86400);
  auto expired = tls::IssueServerCertificate(*ministry, names, now - 90 * 86400, now - 86400);
  ASSERT_TRUE(good.ok() && other.ok() && expired.ok());
  auto cert_only = [](const std::string& pem) {
    return pem.substr(0, pem.find("-----END CERTIFICATE-----") + 26);
  };

  // The admin API over plain HTTP (the test client does not carry the CA).
  d.Stop();
  d.set_tls(false);
  d.Start();
  HttpClient admin(d.base_url());
  ASSERT_EQ(admin.Login("admin", "admin-password-1").status, 200);
  json status = admin.Get("/api/v1/tls").json();
  EXPECT_EQ(status["source"], "none");
  EXPECT_FALSE(status["ca"].is_null()) << status.dump();
  EXPECT_EQ(status["custom_installed"], false);
  const std::string custom = d.data_dir() + "/tls/custom.pem";
  auto put = [&](const std::string& cert, const std::string& key) {
    return admin.Request("PUT", "/api/v1/tls/certificate",
                         json{{"certificate", cert}, {"key", key}}.dump(),
                         {"Content-Type: application/json"});
  };
  HttpResult mismatched = put(cert_only(*good) + ministry->cert_pem, *other);
  EXPECT_EQ(mismatched.status, 422) << mismatched.body;
  EXPECT_EQ(mismatched.error_code(), "invalid_argument");
  EXPECT_NE(mismatched.body.find("does not belong"), std::string::npos) << mismatched.body;
  HttpResult old = put(cert_only(*expired), *expired);
  EXPECT_EQ(old.status, 422) << old.body;
  EXPECT_NE(old.body.find("expired"), std::string::npos) << old.body;
  HttpResult garbage = put("ໃບຢັ້ງຢືນ", *good);
  EXPECT_EQ(garbage.status, 422) << garbage.body;
  HttpResult extra =
      admin.Request("PUT", "/api/v1/tls/certificate",
                    json{{"certificate", *good}, {"key", *good}, {"force", true}}.dump(),
                    {"Content-Type: application/json"});
  EXPECT_EQ(extra.status, 422) << extra.body;  // unknown fields are errors
  EXPECT_EQ(ReadFileContents(custom), "") << "nothing installed on bad input";

  HttpResult ok = put(cert_only(*good) + ministry->cert_pem, *good);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["restart_required"], true);
  EXPECT_EQ(ok.json()["certificate"]["subject"], "CN=saraban.ministry.example");
  EXPECT_EQ(admin.Get("/api/v1/tls").json()["custom_installed"], true);
  auto audit = admin.Get("/api/v1/audit").body;
  EXPECT_NE(audit.find("tls_certificate_installed"), std::string::npos);

  // After a restart with HTTPS the installed certificate is served, with its chain.
  d.Stop();
  d.set_tls(true);
  d.Start();
  const std::string port = PortOf(d.base_url());
  std::ofstream(d.dir().Sub("ministry.pem")) << ministry->cert_pem;
  Shell served =
      SClient(port, d.dir().Sub("ministry.pem"), "saraban.ministry.example", "-showcerts");
  EXPECT_EQ(served.exit_code, 0) << served.out;
  EXPECT_NE(served.out.find("subject=CN = saraban.ministry.example"), std::string::npos)
      << served.out;
  EXPECT_NE(served.out.find("1 s:"), std::string::npos) << "the chain's second certificate";
  // The office CA no longer vouches for what is served, but it was kept.
  EXPECT_NE(SClient(port, ca_path, "localhost", "").exit_code, 0);
  EXPECT_EQ(ReadFileContents(ca_path), office_ca) << "a restart never makes a new CA";
}

TEST(TlsTest, RestartKeepsTheCaAndTheServerCertificate) {
  TestDaemon d({.tls = true});
  const std::string ca = ReadFileContents(d.data_dir() + "/tls/ca.pem");
  const std::string server = ReadFileContents(d.data_dir() + "/tls/server.pem");
  d.Stop();
  d.Start();
  EXPECT_EQ(ReadFileContents(d.data_dir() + "/tls/ca.pem"), ca);
  EXPECT_EQ(ReadFileContents(d.data_dir() + "/tls/server.pem"), server);
  EXPECT_EQ(SClient(PortOf(d.base_url()), d.data_dir() + "/tls/ca.pem", "localhost", "").exit_code,
            0);
}

TEST(TlsTest, InsecureHttpCannotBeCombinedWithTlsFlags) {
  TestDaemon d;  // plain HTTP, as every other test
  EXPECT_EQ(d.base_url().rfind("http://", 0), 0u);
  d.Stop();
  CommandResult r = RunSaraban({"serve", "--data", d.data_dir(), "--listen", "127.0.0.1:0",
                                "--insecure-http", "--redirect-listen", "127.0.0.1:0"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--insecure-http cannot be combined"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace saraban::testing
