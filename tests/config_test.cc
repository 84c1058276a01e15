// `saraban serve --config FILE`: every serve option can come from the config
// file ([serve] section, KEY = VALUE, keys are the long option names), the command line wins
// over the file, and a key the daemon does not know is refused.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "http_client.h"
#include "process.h"

namespace saraban::testing {
namespace {

using nlohmann::json;

// A port nobody listens on right now.
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{.sin_family = AF_INET, .sin_port = 0, .sin_addr = {htonl(INADDR_LOOPBACK)}};
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// `saraban serve ARGS` with its stdout read for the "listening on" line.
class Served {
 public:
  explicit Served(const std::vector<std::string>& args) {
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      std::vector<char*> argv;
      const std::string bin = SarabanBinary();
      argv.push_back(const_cast<char*>(bin.c_str()));
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    FILE* f = ::fdopen(out[0], "r");
    char line[512] = {};
    if (std::fgets(line, sizeof line, f)) first_line_ = line;
    std::fclose(f);
  }
  ~Served() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  const std::string& first_line() const { return first_line_; }

 private:
  pid_t pid_ = -1;
  std::string first_line_;
};

// A draft letter with a small text file; returns the attachment's path ("" on failure).
std::string UploadNote(HttpClient& admin) {
  HttpResult letter =
      admin.Post("/api/v1/letters",
                 {{"unit_id", 1}, {"book", "receive"}, {"subject", "ທົດສອບ"}, {"register", false}});
  EXPECT_EQ(letter.status, 201) << letter.body;
  if (letter.status != 201) return "";
  HttpResult up =
      admin.Request("POST",
                    "/api/v1/letters/" + std::to_string(letter.json()["id"].get<int>()) +
                        "/attachments?filename=note.txt",
                    "ບັນທຶກ ข้อความ\n", {"Content-Type: application/octet-stream"});
  EXPECT_EQ(up.status, 201) << up.body;
  if (up.status != 201) return "";
  return "/api/v1/attachments/" + std::to_string(up.json()["id"].get<int>());
}

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_.Sub("data");
    ASSERT_EQ(RunSaraban({"init", "--data", data_, "--org", "ຫ້ອງການ ທົດລອງ", "--admin", "admin"},
                         {"SARABAN_ADMIN_PASSWORD=admin-password-1"})
                  .exit_code,
              0);
  }
  std::string WriteConfig(const std::string& text) {
    const std::string path = dir_.Sub("saraban.conf");
    std::ofstream(path) << text;
    return path;
  }
  TempDir dir_;
  std::string data_;
};

TEST_F(ConfigTest, TheDaemonListensAndExtractsAsTheConfigFileSays) {
  const int port = FreePort();
  const std::string conf = WriteConfig(
      "# Saraban test configuration\n"
      "[serve]\n"
      "data = " +
      data_ +
      "\n"
      "listen = 127.0.0.1:" +
      std::to_string(port) +
      "\n"
      "insecure-http = true\n"
      "; extraction off: uploads stay queued\n"
      "ocr-workers = 0\n");
  Served served({"serve", "--config", conf});
  ASSERT_EQ(served.first_line(), "listening on http://127.0.0.1:" + std::to_string(port) + "\n");

  HttpClient admin("http://127.0.0.1:" + std::to_string(port));
  ASSERT_EQ(admin.Login("admin", "admin-password-1").status, 200);
  // ocr-workers = 0: a text file uploaded stays queued.
  const std::string attachment = UploadNote(admin);
  ASSERT_FALSE(attachment.empty());
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(admin.Get(attachment).json()["text_status"], "queued");
}

TEST_F(ConfigTest, TheCommandLineWinsOverTheFile) {
  const std::string conf = WriteConfig("[serve]\ndata = " + data_ +
                                       "\nlisten = 127.0.0.1:1\ninsecure-http = true\n"
                                       "ocr-workers = 0\n");
  Served served({"serve", "--config", conf, "--listen", "127.0.0.1:0", "--ocr-workers", "1"});
  ASSERT_EQ(served.first_line().rfind("listening on http://127.0.0.1:", 0), 0u)
      << served.first_line();
  EXPECT_EQ(served.first_line().find("127.0.0.1:1\n"), std::string::npos);
  const std::string url = served.first_line().substr(std::string("listening on ").size(),
                                                     served.first_line().size() - 14);
  HttpClient admin(url);
  ASSERT_EQ(admin.Login("admin", "admin-password-1").status, 200);
  const std::string attachment = UploadNote(admin);
  ASSERT_FALSE(attachment.empty());
  json a = json::object();
  for (int i = 0; i < 120 && a.value("text_status", "") != "done"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    a = admin.Get(attachment).json();
  }
  EXPECT_EQ(a["text_status"], "done") << "--ocr-workers 1 on the command line must win";
}

TEST_F(ConfigTest, AnUnknownKeyOrAMissingFileIsRefused) {
  const std::string conf = WriteConfig("[serve]\ndata = " + data_ + "\nlisten-on = 0.0.0.0:443\n");
  CommandResult r = RunSaraban({"serve", "--config", conf});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("listen-on"), std::string::npos) << r.err;
  CommandResult missing = RunSaraban({"serve", "--config", dir_.Sub("nope.conf")});
  EXPECT_NE(missing.exit_code, 0);
}

TEST_F(ConfigTest, ThePackagedConfigFileNamesEveryServeOptionAndServes) {
  // packaging/saraban.conf lists every option of `saraban serve --help`,
  // set ("key = value") or showing its default ("# key = value").
  const std::string shipped = ReadFileContents(SARABAN_PACKAGING "/saraban.conf");
  ASSERT_FALSE(shipped.empty());
  CommandResult help = RunSaraban({"serve", "--help"});
  size_t at = 0;
  int options = 0;
  while ((at = help.out.find("  --", at)) != std::string::npos) {
    at += 4;
    const size_t end = help.out.find_first_of(" \n", at);
    const std::string name = help.out.substr(at, end - at);
    if (name == "help" || name == "config") continue;
    ++options;
    const bool named = shipped.find("\n" + name + " = ") != std::string::npos ||
                       shipped.find("\n# " + name + " = ") != std::string::npos;
    EXPECT_TRUE(named) << name << " is not in packaging/saraban.conf";
  }
  EXPECT_GT(options, 10);

  // The shipped file, pointed at this test's folders, serves HTTPS.
  std::string conf;
  std::istringstream lines(shipped);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("data = ", 0) == 0) line = "data = " + data_;
    if (line.rfind("listen = ", 0) == 0) line = "listen = 127.0.0.1:0";
    if (line.rfind("redirect-listen = ", 0) == 0) line = "";
    if (line.rfind("hot-folder = ", 0) == 0) line = "hot-folder = " + dir_.Sub("scans");
    if (line.rfind("media-root = ", 0) == 0) line = "media-root = " + dir_.Sub("media");
    conf += line + "\n";
  }
  Served served({"serve", "--config", WriteConfig(conf)});
  EXPECT_EQ(served.first_line().rfind("listening on https://127.0.0.1:", 0), 0u)
      << served.first_line();
}

}  // namespace
}  // namespace saraban::testing
