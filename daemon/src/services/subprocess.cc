#include "services/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

extern char** environ;

namespace saraban::services {

std::string SelfExe() {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "saraban";
}

Result<Child> Child::Start(const std::vector<std::string>& args, const ChildLimits& limits) {
  int in_pipe[2], out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) return MakeError(Errc::kIo, "pipe failed");
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return MakeError(Errc::kIo, "pipe failed");
  }
  // Everything the child needs is prepared before fork: after it, only
  // async-signal-safe calls are allowed.
  const std::string exe = SelfExe();
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    if (std::strncmp(*e, "OMP_THREAD_LIMIT=", 17) != 0) env_strings.emplace_back(*e);
  }
  env_strings.emplace_back("OMP_THREAD_LIMIT=1");
  std::vector<char*> argv, envp;
  argv.push_back(const_cast<char*>(exe.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid < 0) return MakeError(Errc::kIo, std::string("fork failed: ") + std::strerror(errno));
  if (pid == 0) {
    ::dup2(in_pipe[0], 0);
    ::dup2(out_pipe[1], 1);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);  // the daemon blocks SIGTERM; the child must not
    ::signal(SIGPIPE, SIG_DFL);
    rlimit as{limits.address_space_bytes, limits.address_space_bytes};
    ::setrlimit(RLIMIT_AS, &as);
    if (limits.cpu_seconds) {
      rlimit cpu{limits.cpu_seconds, limits.cpu_seconds + 5};
      ::setrlimit(RLIMIT_CPU, &cpu);
    }
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  Child child;
  child.pid_ = pid;
  child.to_child_ = in_pipe[1];
  child.from_child_ = out_pipe[0];
  return child;
}

Child::Child(Child&& o) noexcept { *this = std::move(o); }

Child& Child::operator=(Child&& o) noexcept {
  std::swap(pid_, o.pid_);
  std::swap(to_child_, o.to_child_);
  std::swap(from_child_, o.from_child_);
  std::swap(pending_, o.pending_);
  return *this;
}

Child::~Child() {
  if (pid_ > 0) KillAndDescribe();
  if (to_child_ >= 0) ::close(to_child_);
  if (from_child_ >= 0) ::close(from_child_);
}

Status Child::WriteLine(const std::string& line) {
  std::string data = line + "\n";
  const char* p = data.data();
  size_t left = data.size();
  while (left > 0) {
    const ssize_t n = ::write(to_child_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return MakeError(Errc::kIo, "the worker is gone");
    p += n;
    left -= static_cast<size_t>(n);
  }
  return Status::Ok();
}

Result<std::optional<std::string>> Child::ReadLine(int timeout_ms) {
  for (;;) {
    const size_t nl = pending_.find('\n');
    if (nl != std::string::npos) {
      std::string line = pending_.substr(0, nl);
      pending_.erase(0, nl + 1);
      return std::optional<std::string>(std::move(line));
    }
    pollfd pfd{from_child_, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return std::optional<std::string>();
    char buf[65536];
    const ssize_t n = ::read(from_child_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return MakeError(Errc::kIo, "the worker exited");
    pending_.append(buf, static_cast<size_t>(n));
  }
}

std::string Child::WaitAndDescribe() {
  if (pid_ <= 0) return "not running";
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return "killed by signal " + std::to_string(sig) + " (" + ::strsignal(sig) + ")";
  }
  return "exited with status " + std::to_string(WEXITSTATUS(status));
}

std::string Child::KillAndDescribe() {
  if (pid_ > 0) ::kill(pid_, SIGKILL);
  return WaitAndDescribe();
}

}  // namespace saraban::services
