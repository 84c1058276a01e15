// saraban doctor on real data directories: what it finds, what it advises,
// and its exit code (0 all OK, 1 warnings only, 2 a failure).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <ctime>
#include <fstream>
#include <sstream>

#include "process.h"
#include "tls/tls.h"

namespace saraban::testing {
namespace {

// The line of one check, e.g. "WARN  backup          no backup yet".
std::string LineOf(const std::string& out, const std::string& check) {
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() > 6 && line.substr(6, check.size() + 1) == check + " ") return line;
  }
  return "";
}

// The exit code must follow from the lines: 2 with a FAIL, else 1 with a WARN, else 0.
int ExpectedCode(const std::string& out) {
  if (out.find("\nFAIL  ") != std::string::npos || out.rfind("FAIL  ", 0) == 0) return 2;
  if (out.find("\nWARN  ") != std::string::npos || out.rfind("WARN  ", 0) == 0) return 1;
  return 0;
}

TEST(DoctorTest, FreshOfficeWarnsThereIsNoBackupYetWhileTheDaemonRuns) {
  TestDaemon d({.tls = true});
  CommandResult r = RunSaraban({"doctor", "--data", d.data_dir()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.exit_code, ExpectedCode(r.out)) << r.out;
  EXPECT_EQ(LineOf(r.out, "data directory").rfind("OK ", 0), 0u) << r.out;
  EXPECT_EQ(LineOf(r.out, "OCR languages").rfind("OK ", 0), 0u) << r.out;
  EXPECT_NE(LineOf(r.out, "OCR languages").find("lao+tha+eng"), std::string::npos) << r.out;
  EXPECT_EQ(LineOf(r.out, "certificate").rfind("OK ", 0), 0u) << r.out;
  EXPECT_NE(LineOf(r.out, "certificate").find("localhost"), std::string::npos) << r.out;
  EXPECT_NE(LineOf(r.out, "disk space").find("free of"), std::string::npos) << r.out;
  EXPECT_NE(LineOf(r.out, "queues").find("0 files waiting for OCR"), std::string::npos) << r.out;
  const std::string backup = LineOf(r.out, "backup");
  EXPECT_EQ(backup.rfind("WARN", 0), 0u) << r.out;
  EXPECT_NE(backup.find("no backup yet"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("what to do: run 'saraban backup setup --data " + d.data_dir()),
            std::string::npos)
      << r.out;
}

TEST(DoctorTest, BackupIsOkAfterSetupAndCreate) {
  TestDaemon d({.tls = true});
  d.Stop();
  const std::vector<std::string> env = {"SARABAN_BACKUP_PASSPHRASE=ລະຫັດສຳຮອງ ຂໍ້ມູນ 2025"};
  CommandResult setup =
      RunSaraban({"backup", "setup", "--data", d.data_dir(), "--no-recovery-key"}, env);
  ASSERT_EQ(setup.exit_code, 0) << setup.err;
  // The drive is not plugged in yet: the failure is recorded and doctor says so.
  const std::vector<std::string> create_args = {"backup",     "create", "--data",
                                                d.data_dir(), "--to",   d.dir().Sub("usb")};
  ASSERT_EQ(RunSaraban(create_args, env).exit_code, 1);
  CommandResult before = RunSaraban({"doctor", "--data", d.data_dir()});
  EXPECT_NE(LineOf(before.out, "backup")
                .find("no backup yet; the last attempt failed: the backup "
                      "target"),
            std::string::npos)
      << before.out;
  ASSERT_EQ(::mkdir(d.dir().Sub("usb").c_str(), 0700), 0);
  CommandResult create = RunSaraban(create_args, env);
  ASSERT_EQ(create.exit_code, 0) << create.err;
  CommandResult r = RunSaraban({"doctor", "--data", d.data_dir()});
  const std::string backup = LineOf(r.out, "backup");
  EXPECT_EQ(backup.rfind("OK ", 0), 0u) << r.out;
  EXPECT_NE(backup.find("last backup 0 h ago"), std::string::npos) << r.out;
  EXPECT_NE(backup.find(d.dir().Sub("usb")), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  EXPECT_EQ(r.exit_code, ExpectedCode(r.out)) << r.out;
}

TEST(DoctorTest, MissingDataDirectoryFailsWithAdvice) {
  TempDir tmp;
  CommandResult r = RunSaraban({"doctor", "--data", tmp.Sub("ບໍ່ມີ")});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  const std::string line = LineOf(r.out, "data directory");
  EXPECT_EQ(line.rfind("FAIL", 0), 0u) << r.out;
  EXPECT_NE(line.find("does not exist"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("what to do: check the --data path"), std::string::npos) << r.out;
  EXPECT_EQ(LineOf(r.out, "backup").rfind("SKIP", 0), 0u) << r.out;
}

TEST(DoctorTest, NearlyExpiredCertificateWarnsAndServeIssuesANewOne) {
  TestDaemon d({.tls = true});
  d.Stop();
  const std::string dir = d.data_dir() + "/tls";
  // Replace the server certificate with one from the same CA that ends in five days.
  const tls::Authority ca{ReadFileContents(tls::CaCertPath(dir)),
                          ReadFileContents(tls::CaKeyPath(dir))};
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  auto pem =
      tls::IssueServerCertificate(ca, tls::LocalNames(), now - 800 * 86400, now + 5 * 86400 - 60);
  ASSERT_TRUE(pem.ok()) << pem.error().message;
  std::ofstream(tls::ServerPemPath(dir)) << *pem;

  CommandResult r = RunSaraban({"doctor", "--data", d.data_dir()});
  const std::string line = LineOf(r.out, "certificate");
  EXPECT_EQ(line.rfind("WARN", 0), 0u) << r.out;
  EXPECT_NE(line.find("expires in 4 days"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("what to do: restart saraban"), std::string::npos) << r.out;
  EXPECT_GE(r.exit_code, 1);

  // The next start issues a fresh one, and the warning is gone.
  d.Start();
  EXPECT_NE(d.Log().find("expires soon; issued a server certificate"), std::string::npos)
      << d.Log();
  CommandResult after = RunSaraban({"doctor", "--data", d.data_dir()});
  EXPECT_EQ(LineOf(after.out, "certificate").rfind("OK ", 0), 0u) << after.out;
}

TEST(DoctorTest, ExpiredInstalledCertificateFails) {
  TestDaemon d({.tls = true});
  d.Stop();
  const std::string dir = d.data_dir() + "/tls";
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  auto ministry = tls::MakeAuthority("Ministry", now - 400 * 86400);
  auto pem = tls::IssueServerCertificate(*ministry, {"saraban.ministry.example"}, now - 100 * 86400,
                                         now - 86400);
  ASSERT_TRUE(pem.ok());
  std::ofstream(tls::CustomPemPath(dir)) << *pem;
  CommandResult r = RunSaraban({"doctor", "--data", d.data_dir()});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  const std::string line = LineOf(r.out, "certificate");
  EXPECT_EQ(line.rfind("FAIL", 0), 0u) << r.out;
  EXPECT_NE(line.find("installed certificate"), std::string::npos) << r.out;
  EXPECT_NE(line.find("has expired"), std::string::npos) << r.out;
  // The daemon does not serve it: it falls back to the office's own certificate.
  d.Start();
  EXPECT_NE(d.Log().find("custom.pem not used: the certificate has expired"), std::string::npos)
      << d.Log();
}

}  // namespace
}  // namespace saraban::testing
