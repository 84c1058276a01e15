#include "process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace saraban::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// fork + exec with stdout/stderr sent to the given fds (or inherited if -1).
pid_t Spawn(const std::vector<std::string>& args, const std::vector<std::string>& env, int out_fd,
            int err_fd) {
  std::vector<std::string> full_env;
  for (char** e = environ; *e; ++e) full_env.emplace_back(*e);
  full_env.insert(full_env.end(), env.begin(), env.end());
  std::vector<char*> argv, envp;
  const std::string bin = SarabanBinary();
  argv.push_back(const_cast<char*>(bin.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : full_env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    if (out_fd >= 0) dup2(out_fd, 1);
    if (err_fd >= 0) dup2(err_fd, 2);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

std::string SarabanBinary() { return SARABAN_BINARY; }

std::string ReadFileContents(const std::string& path) { return ReadFile(path); }

CommandResult RunSaraban(const std::vector<std::string>& args,
                         const std::vector<std::string>& env) {
  TempDir tmp;
  const std::string out_path = tmp.Sub("out"), err_path = tmp.Sub("err");
  int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = Spawn(args, env, out_fd, err_fd);
  close(out_fd);
  close(err_fd);
  CommandResult r;
  r.exit_code = Wait(pid);
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  return r;
}

TestDaemon::TestDaemon(DaemonOptions options) : options_(std::move(options)) {
  if (!options_.existing_data_dir.empty()) {
    data_dir_ = options_.existing_data_dir;
    Start();
    return;
  }
  data_dir_ = dir_.Sub("data");
  CommandResult init =
      RunSaraban({"init", "--data", data_dir_, "--org", options_.org, "--admin", options_.admin},
                 {"SARABAN_ADMIN_PASSWORD=" + options_.admin_password});
  if (init.exit_code != 0) throw std::runtime_error("saraban init failed: " + init.err);
  Start();
}

TestDaemon::~TestDaemon() {
  if (pid_ > 0) Stop();
}

void TestDaemon::Start() {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  int err_fd = open(dir_.Sub("daemon.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  std::vector<std::string> args = {"serve", "--data", data_dir_, "--listen", "127.0.0.1:0"};
  if (!options_.tls) args.push_back("--insecure-http");
  args.insert(args.end(), options_.serve_args.begin(), options_.serve_args.end());
  pid_ = Spawn(args, options_.env, pipe_fds[1], err_fd);
  close(pipe_fds[1]);
  close(err_fd);
  // The first line on stdout is "listening on http://HOST:PORT", with
  // ", redirecting http://HOST:PORT" after it when there is a redirect listener.
  std::string line;
  char c;
  while (read(pipe_fds[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  close(pipe_fds[0]);  // the daemon writes nothing else to stdout
  const std::string prefix = "listening on ";
  if (line.rfind(prefix, 0) != 0) {
    Kill();
    throw std::runtime_error("daemon did not start: '" + line + "'\n" + Log());
  }
  base_url_ = line.substr(prefix.size());
  redirect_url_.clear();
  const std::string redirecting = ", redirecting ";
  if (const size_t at = base_url_.find(redirecting); at != std::string::npos) {
    redirect_url_ = base_url_.substr(at + redirecting.size());
    base_url_.resize(at);
  }
}

int TestDaemon::Stop() {
  kill(pid_, SIGTERM);
  int code = Wait(pid_);
  pid_ = -1;
  return code;
}

void TestDaemon::Kill() {
  kill(pid_, SIGKILL);
  Wait(pid_);
  pid_ = -1;
}

std::string TestDaemon::Log() const { return ReadFile(dir_.Sub("daemon.log")); }

}  // namespace saraban::testing
