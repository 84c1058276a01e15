// The saraban command line: help, version, init and serve.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>

#include "http_client.h"
#include "process.h"

namespace saraban::testing {
namespace {

TEST(CliTest, HelpAndVersion) {
  CommandResult help = RunSaraban({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("init"), std::string::npos);
  EXPECT_NE(help.out.find("serve"), std::string::npos);
  for (const char* sub : {"init", "serve"}) {
    CommandResult r = RunSaraban({sub, "--help"});
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.out.find("--data"), std::string::npos) << sub;
  }
  CommandResult version = RunSaraban({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("saraban ", 0), 0u) << version.out;
}

TEST(CliTest, UnknownSubcommandFails) {
  CommandResult r = RunSaraban({"frobnicate"});
  EXPECT_NE(r.exit_code, 0);
}

TEST(CliTest, InitGeneratesAndPrintsAPasswordThatWorks) {
  TempDir dir;
  CommandResult init = RunSaraban({"init", "--data", dir.Sub("d"), "--org", "ສຳນັກງານ", "--admin",
                                   "it"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  const std::string marker = "admin password (shown once, write it down): ";
  const size_t at = init.out.find(marker);
  ASSERT_NE(at, std::string::npos) << init.out;
  const std::string password = init.out.substr(at + marker.size(), 16);
  {
    TestDaemon daemon({.existing_data_dir = dir.Sub("d")});
    HttpClient client(daemon.base_url());
    EXPECT_EQ(client.Login("it", password).status, 200);
    EXPECT_EQ(client.Login("it", password + "x").status, 401);
  }
  CommandResult again = RunSaraban({"init", "--data", dir.Sub("d"), "--org", "x", "--admin", "y"});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("non-empty"), std::string::npos) << again.err;
}

TEST(CliTest, InitTakesThePasswordFromAFileOrTheEnvironment) {
  TempDir dir;
  std::ofstream(dir.Sub("pw")) << "ລະຫັດຜ່ານ-ຍາວພໍ\n";
  CommandResult from_file = RunSaraban({"init", "--data", dir.Sub("a"), "--org", "o", "--admin",
                                        "it", "--password-file", dir.Sub("pw")});
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  EXPECT_EQ(from_file.out.find("password"), std::string::npos);  // nothing to print
  TestDaemon daemon({.existing_data_dir = dir.Sub("a")});
  HttpClient client(daemon.base_url());
  EXPECT_EQ(client.Login("it", "ລະຫັດຜ່ານ-ຍາວພໍ").status, 200);
  CommandResult too_short = RunSaraban({"init", "--data", dir.Sub("b"), "--org", "o", "--admin",
                                        "it"},
                                       {"SARABAN_ADMIN_PASSWORD=short"});
  EXPECT_NE(too_short.exit_code, 0);
  EXPECT_NE(too_short.err.find("8 to 256"), std::string::npos) << too_short.err;
}

TEST(CliTest, ServeReportsItsPortAndStopsCleanlyOnSigterm) {
  TestDaemon daemon;
  EXPECT_EQ(daemon.base_url().rfind("http://127.0.0.1:", 0), 0u);
  EXPECT_NE(daemon.base_url(), "http://127.0.0.1:0");
  HttpClient client(daemon.base_url());
  EXPECT_EQ(client.Get("/api/v1/health").status, 200);
  EXPECT_EQ(daemon.Stop(), 0);
  EXPECT_NE(client.Get("/api/v1/health").status, 200);
}

TEST(CliTest, ServeRefusesAMissingDataDirectory) {
  TempDir dir;
  CommandResult r = RunSaraban({"serve", "--data", dir.Sub("none"), "--listen", "127.0.0.1:0"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("saraban init"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace saraban::testing
