// Opening the environment, the schema version and its migrations, and the
// transaction runners behind Store::Read and Store::Write.
#include "store/store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "keys.h"
#include "lmdb_txn.h"

namespace saraban::store {

struct Store::Impl {
  MDB_env* env = nullptr;
  Tables tables{};
  ~Impl() {
    if (env) mdb_env_close(env);
  }
};

namespace {

constexpr char kSchemaKey[] = "schema_version";

// A forward migration from version N to N+1, run inside one write transaction.
// Version 1 is the first schema: there is nothing to migrate from yet. Append
// here, never edit a published step.
using Migration = Status (*)(WriteTxn&);
constexpr Migration kMigrations[] = {nullptr};  // index N migrates N -> N+1; index 0 unused

// Aborts a transaction on every path that does not commit it.
class TxnGuard {
 public:
  explicit TxnGuard(MDB_txn* txn) : txn_(txn) {}
  ~TxnGuard() {
    if (txn_) mdb_txn_abort(txn_);
  }
  TxnGuard(const TxnGuard&) = delete;
  TxnGuard& operator=(const TxnGuard&) = delete;
  MDB_txn* get() const { return txn_; }
  int Commit() {
    int rc = mdb_txn_commit(txn_);
    txn_ = nullptr;  // commit frees the transaction even when it fails
    return rc;
  }

 private:
  MDB_txn* txn_;
};

Status OpenTables(MDB_env* env, bool read_only, Tables* t) {
  MDB_txn* raw;
  if (int rc = mdb_txn_begin(env, nullptr, read_only ? MDB_RDONLY : 0, &raw); rc != 0) {
    return LmdbError(rc, "begin");
  }
  TxnGuard txn(raw);
  struct Spec {
    const char* name;
    MDB_dbi* dbi;
    unsigned flags;
  };
  const Spec specs[] = {
      {"meta", &t->meta, 0},
      {"units", &t->units, 0},
      {"units_by_code", &t->units_by_code, 0},
      {"users", &t->users, 0},
      {"users_by_name", &t->users_by_name, 0},
      {"sessions", &t->sessions, 0},
      {"sessions_by_user", &t->sessions_by_user, MDB_DUPSORT},
      {"books", &t->books, 0},
      {"letters", &t->letters, 0},
      {"letters_by_unit", &t->letters_by_unit, MDB_DUPSORT},
      {"counters", &t->counters, 0},
      {"registers", &t->registers, 0},
      {"timeline", &t->timeline, 0},
      {"audit", &t->audit, 0},
      {"settings", &t->settings, 0},
      {"changes", &t->changes, 0},
      {"attachments", &t->attachments, 0},
      {"attachments_by_letter", &t->attachments_by_letter, MDB_DUPSORT},
      {"attachment_text", &t->attachment_text, 0},
      {"jobs", &t->jobs, 0},
      {"deliveries", &t->deliveries, 0},
      {"deliveries_by_letter", &t->deliveries_by_letter, MDB_DUPSORT},
      {"deliveries_by_unit", &t->deliveries_by_unit, MDB_DUPSORT},
      {"copies", &t->copies, 0},
      {"signing_requests", &t->signing_requests, 0},
      {"signing_by_letter", &t->signing_by_letter, MDB_DUPSORT},
      {"signing_by_signer", &t->signing_by_signer, MDB_DUPSORT},
      {"signatures", &t->signatures, 0},
      {"signatures_by_letter", &t->signatures_by_letter, MDB_DUPSORT},
      {"assignments", &t->assignments, 0},
      {"assignments_by_letter", &t->assignments_by_letter, MDB_DUPSORT},
      {"assignments_by_user", &t->assignments_by_user, MDB_DUPSORT},
      {"assignments_by_unit", &t->assignments_by_unit, MDB_DUPSORT},
      {"notifications", &t->notifications, 0},
      {"notifications_by_user", &t->notifications_by_user, MDB_DUPSORT},
      {"watches", &t->watches, 0},
      {"folders", &t->folders, 0},
      {"folder_letters", &t->folder_letters, 0},
  };
  for (const Spec& spec : specs) {
    // MDB_CREATE always: a table added in a later version appears, empty, in
    // older data. Whether the store exists at all is checked before this.
    const unsigned flags = spec.flags | (read_only ? 0u : MDB_CREATE);
    int rc = mdb_dbi_open(txn.get(), spec.name, flags, spec.dbi);
    if (rc == MDB_NOTFOUND && read_only) {
      return MakeError(Errc::kCorruption, std::string("table ") + spec.name + " is missing",
                       "open the data with the Saraban version that wrote it first");
    }
    if (rc != 0) {
      return LmdbError(rc, std::string("open table ") + spec.name);
    }
  }
  if (int rc = txn.Commit(); rc != 0) return LmdbError(rc, "commit");
  return Status::Ok();
}

}  // namespace

Store::Store(std::unique_ptr<Impl> impl, uint32_t schema_version)
    : impl_(std::move(impl)), schema_version_(schema_version) {}

Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, const StoreOptions& options) {
  auto impl = std::make_unique<Impl>();
  if (int rc = mdb_env_create(&impl->env); rc != 0) return LmdbError(rc, "create environment");
  mdb_env_set_maxdbs(impl->env, 128);  // named tables; room to grow
  mdb_env_set_maxreaders(impl->env, 512);
  mdb_env_set_mapsize(impl->env, options.map_size);
  // MDB_NOTLS: read transactions are tied to the transaction object, not the
  // thread, which is what a web server's thread pool needs. No NOSYNC flags:
  // a commit is on disk when it returns.
  const std::string path = dir + "/store";
  if (options.create && ::access(path.c_str(), F_OK) != 0 && ::mkdir(path.c_str(), 0700) != 0) {
    return MakeError(Errc::kIo, "cannot create " + path + ": " + std::strerror(errno));
  }
  if (!options.create && ::access(path.c_str(), F_OK) != 0) {
    return MakeError(Errc::kNotFound, "no Saraban data in " + dir,
                     "run 'saraban init' first, or restore a backup");
  }
  const unsigned env_flags = MDB_NOTLS | (options.read_only ? MDB_RDONLY : 0u);
  if (int rc = mdb_env_open(impl->env, path.c_str(), env_flags, 0600); rc != 0) {
    return LmdbError(rc, "open " + path);
  }
  if (Status s = OpenTables(impl->env, options.read_only, &impl->tables); !s) return s.error();
  auto store = std::unique_ptr<Store>(new Store(std::move(impl), 0));
  if (options.read_only) {
    auto version = store->Read([](const ReadTxn& txn) -> Result<uint32_t> {
      auto raw = txn.impl_->Get(txn.impl_->tables->meta, kSchemaKey);
      if (!raw) return raw.error();
      return *raw ? static_cast<uint32_t>(ReadBe(**raw)) : 0u;
    });
    if (!version) return version.error();
    if (*version == 0 || *version > kSchemaVersion) {
      return MakeError(Errc::kCorruption,
                       "data schema version " + std::to_string(*version) + " is not readable here");
    }
    store->schema_version_ = *version;
    return store;
  }

  // Read the schema version; a new store starts at the current one.
  auto found = store->Write([&](WriteTxn& txn) -> Result<uint32_t> {
    auto raw = txn.impl_->Get(txn.impl_->tables->meta, kSchemaKey);
    if (!raw) return raw.error();
    uint32_t version = *raw ? static_cast<uint32_t>(ReadBe(**raw)) : kSchemaVersion;
    if (version == 0 || version > kSchemaVersion) {
      return MakeError(Errc::kCorruption,
                       "data schema version " + std::to_string(version) +
                           " is newer than this Saraban understands (" +
                           std::to_string(kSchemaVersion) + ")",
                       "install the Saraban version that wrote this data, or newer");
    }
    for (; version < kSchemaVersion; ++version) {
      if (Status s = kMigrations[version](txn); !s) return s.error();
    }
    if (Status s = txn.impl_->Put(txn.impl_->tables->meta, kSchemaKey, Be32(version)); !s) {
      return s.error();
    }
    return version;
  });
  if (!found) return found.error();
  store->schema_version_ = *found;
  return store;
}

Status Store::RunRead(const std::function<void(const ReadTxn&)>& fn) const {
  MDB_txn* raw;
  if (int rc = mdb_txn_begin(impl_->env, nullptr, MDB_RDONLY, &raw); rc != 0) {
    return LmdbError(rc, "begin read");
  }
  TxnGuard txn(raw);  // aborting a read-only transaction is how it ends
  ReadTxn::Impl impl{txn.get(), &impl_->tables};
  ReadTxn view(&impl);
  fn(view);
  return Status::Ok();
}

Status Store::RunWrite(const std::function<bool(WriteTxn&)>& fn) {
  MDB_txn* raw;
  if (int rc = mdb_txn_begin(impl_->env, nullptr, 0, &raw); rc != 0) {
    return LmdbError(rc, "begin write");
  }
  TxnGuard txn(raw);
  ReadTxn::Impl impl{txn.get(), &impl_->tables};
  WriteTxn writer(&impl);
  if (!fn(writer)) return Status::Ok();  // the caller's own error is its result; guard aborts
  if (int rc = txn.Commit(); rc != 0) {
    // LMDB turns a short write into EIO, and that is how a full disk shows
    // on tmpfs and ext4 alike: the write got part of its pages out. With
    // almost no room left on the volume, say so (507, "free space") rather
    // than blame the hardware.
    constexpr uint64_t kAlmostFull = uint64_t{16} << 20;
    const char* path = nullptr;
    struct statvfs fs;
    if (rc == EIO && mdb_env_get_path(impl_->env, &path) == 0 && path != nullptr &&
        ::statvfs(path, &fs) == 0 && uint64_t{fs.f_bavail} * fs.f_frsize < kAlmostFull) {
      return LmdbError(ENOSPC, "commit (short write, the data volume is full)");
    }
    return LmdbError(rc, "commit");
  }
  return Status::Ok();
}

Status Store::CopyTo(const std::string& path) const {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return MakeError(Errc::kIo, "cannot create " + path + ": " + std::strerror(errno));
  int rc = mdb_env_copyfd2(impl_->env, fd, MDB_CP_COMPACT);
  if (rc == 0 && ::fsync(fd) != 0) rc = errno;
  ::close(fd);
  if (rc != 0) {
    ::unlink(path.c_str());
    return LmdbError(rc, "copy store to " + path);
  }
  return Status::Ok();
}

}  // namespace saraban::store
