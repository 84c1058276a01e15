#include "fault_support.h"

#include <fcntl.h>
#include <lmdb.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/crypto.h"
#include "http_client.h"
#include "process.h"

namespace saraban::testing {
namespace fs = std::filesystem;

Tmpfs::Tmpfs(std::string dir, const std::string& options) : dir_(std::move(dir)) {
  fs::create_directories(dir_);
  if (::mount("tmpfs", dir_.c_str(), "tmpfs", 0, options.c_str()) != 0) {
    throw std::runtime_error("cannot mount a tmpfs (" + options + ") on " + dir_ + ": " +
                             std::strerror(errno) + " (the fault tests need root)");
  }
}

Tmpfs::~Tmpfs() { ::umount2(dir_.c_str(), MNT_DETACH); }

uint64_t Tmpfs::FreeBytes() const {
  struct statvfs st;
  if (::statvfs(dir_.c_str(), &st) != 0) return 0;
  return static_cast<uint64_t>(st.f_bavail) * st.f_frsize;
}

Child::Child(const std::vector<std::string>& args) {
  char tmpl[] = "/tmp/saraban-child-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  const int out = ::open((dir_ + "/out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int err = ::open((dir_ + "/err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<std::string> argv_s = {SarabanBinary()};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out);
  ::close(err);
}

Child::~Child() {
  if (pid_ > 0) Kill();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

bool Child::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == 0) return true;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  pid_ = -1;
  return false;
}

void Child::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  Wait();
}

int Child::Wait() {
  if (pid_ <= 0) return exit_code_;
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  pid_ = -1;
  return exit_code_;
}

std::string Child::Err() const { return ReadFileBytes(dir_ + "/err"); }

// ---------------------------------------------------------------------------

struct RawStore::Impl {
  MDB_env* env = nullptr;
};

namespace {

void Check(int rc, const std::string& what) {
  if (rc != 0) throw std::runtime_error("lmdb " + what + ": " + mdb_strerror(rc));
}

MDB_val Val(const std::string& s) { return {s.size(), const_cast<char*>(s.data())}; }

// One write transaction on one table; commits if `fn` returns.
template <class F>
void InTable(MDB_env* env, const std::string& table, F&& fn) {
  MDB_txn* txn;
  Check(mdb_txn_begin(env, nullptr, 0, &txn), "begin");
  MDB_dbi dbi;
  int rc = mdb_dbi_open(txn, table.c_str(), 0, &dbi);
  if (rc != 0) {
    mdb_txn_abort(txn);
    Check(rc, "open table " + table);
  }
  try {
    fn(txn, dbi);
  } catch (...) {
    mdb_txn_abort(txn);
    throw;
  }
  Check(mdb_txn_commit(txn), "commit");
}

}  // namespace

RawStore::RawStore(const std::string& data_dir) : impl_(std::make_unique<Impl>()) {
  Check(mdb_env_create(&impl_->env), "create");
  mdb_env_set_maxdbs(impl_->env, 128);
  mdb_env_set_mapsize(impl_->env, uint64_t{1} << 40);
  Check(mdb_env_open(impl_->env, (data_dir + "/store").c_str(), MDB_NOTLS, 0600), "open");
}

RawStore::~RawStore() { mdb_env_close(impl_->env); }

std::optional<std::string> RawStore::Get(const std::string& table, const std::string& key) {
  std::optional<std::string> out;
  InTable(impl_->env, table, [&](MDB_txn* txn, MDB_dbi dbi) {
    MDB_val k = Val(key), v;
    const int rc = mdb_get(txn, dbi, &k, &v);
    if (rc == MDB_NOTFOUND) return;
    Check(rc, "get");
    out.emplace(static_cast<const char*>(v.mv_data), v.mv_size);
  });
  return out;
}

void RawStore::Put(const std::string& table, const std::string& key, const std::string& value) {
  InTable(impl_->env, table, [&](MDB_txn* txn, MDB_dbi dbi) {
    MDB_val k = Val(key), v = Val(value);
    Check(mdb_put(txn, dbi, &k, &v, 0), "put");
  });
}

void RawStore::Del(const std::string& table, const std::string& key) {
  InTable(impl_->env, table, [&](MDB_txn* txn, MDB_dbi dbi) {
    MDB_val k = Val(key);
    Check(mdb_del(txn, dbi, &k, nullptr), "del");
  });
}

std::vector<std::string> RawStore::Keys(const std::string& table) {
  std::vector<std::string> keys;
  InTable(impl_->env, table, [&](MDB_txn* txn, MDB_dbi dbi) {
    MDB_cursor* cur;
    Check(mdb_cursor_open(txn, dbi, &cur), "cursor");
    MDB_val k, v;
    for (int rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
      keys.emplace_back(static_cast<const char*>(k.mv_data), k.mv_size);
    }
    mdb_cursor_close(cur);
  });
  return keys;
}

std::string Be64(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) out[static_cast<size_t>(i)] = static_cast<char>(v & 0xff);
  return out;
}

uint64_t ReadBe(const std::string& s) {
  uint64_t v = 0;
  for (unsigned char c : s) v = (v << 8) | c;
  return v;
}

std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Sha256Of(const std::string& bytes) { return Sha256Hex(bytes); }

std::vector<std::string> NamesIn(const std::string& dir, const std::string& prefix,
                                 const std::string& suffix) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string n = e.path().filename().string();
    if (n.rfind(prefix, 0) == 0 && n.size() >= prefix.size() + suffix.size() &&
        n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(n);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

long AddCentralRegistrar(HttpClient& admin, const std::string& username,
                         const std::string& password) {
  return admin
      .Post("/api/v1/users", {{"username", username},
                              {"display_name", "ສົມໃຈ ໃຈດີ"},
                              {"roles", {"central_registrar"}},
                              {"unit_ids", {1}},
                              {"password", password}})
      .status;
}

}  // namespace saraban::testing
