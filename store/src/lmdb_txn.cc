#include "lmdb_txn.h"

#include <cerrno>
#include <string>

namespace saraban::store {
namespace {

MDB_val Val(std::string_view s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }
std::string_view View(const MDB_val& v) { return {static_cast<const char*>(v.mv_data), v.mv_size}; }

// Closes a cursor on every path out of a scan.
class Cursor {
 public:
  Cursor(MDB_txn* txn, MDB_dbi dbi) { rc_ = mdb_cursor_open(txn, dbi, &cursor_); }
  ~Cursor() {
    if (rc_ == 0) mdb_cursor_close(cursor_);
  }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  int open_rc() const { return rc_; }
  int Get(MDB_val* k, MDB_val* v, MDB_cursor_op op) { return mdb_cursor_get(cursor_, k, v, op); }

 private:
  MDB_cursor* cursor_ = nullptr;
  int rc_;
};

// The smallest key greater than every key starting with `prefix`; empty if none exists.
std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    auto& c = reinterpret_cast<unsigned char&>(end.back());
    if (c != 0xff) {
      ++c;
      return end;
    }
    end.pop_back();
  }
  return end;
}

}  // namespace

Error LmdbError(int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + mdb_strerror(rc);
  if (rc == MDB_MAP_FULL || rc == ENOSPC) {
    return MakeError(Errc::kFull, msg, "free disk space on the data volume, then retry");
  }
  if (rc == MDB_CORRUPTED || rc == MDB_PAGE_NOTFOUND || rc == MDB_INVALID ||
      rc == MDB_VERSION_MISMATCH) {
    return MakeError(Errc::kCorruption, msg, "restore the data directory from a backup");
  }
  return MakeError(Errc::kIo, msg);
}

Result<std::optional<std::string_view>> ReadTxn::Impl::Get(MDB_dbi dbi,
                                                           std::string_view key) const {
  MDB_val k = Val(key), v;
  int rc = mdb_get(txn, dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return std::optional<std::string_view>();
  if (rc != 0) return LmdbError(rc, "read");
  return std::optional<std::string_view>(View(v));
}

Status ReadTxn::Impl::Scan(MDB_dbi dbi, std::string_view prefix, bool reverse,
                           const KeyValueVisitor& visit) const {
  Cursor cur(txn, dbi);
  if (cur.open_rc() != 0) return LmdbError(cur.open_rc(), "open cursor");
  MDB_val k, v;
  int rc;
  if (!reverse) {
    k = Val(prefix);
    rc = prefix.empty() ? cur.Get(&k, &v, MDB_FIRST) : cur.Get(&k, &v, MDB_SET_RANGE);
  } else {
    const std::string end = PrefixEnd(prefix);
    if (end.empty()) {
      rc = cur.Get(&k, &v, MDB_LAST);
    } else {
      k = Val(end);
      rc = cur.Get(&k, &v, MDB_SET_RANGE);
      rc = rc == MDB_NOTFOUND ? cur.Get(&k, &v, MDB_LAST) : cur.Get(&k, &v, MDB_PREV);
    }
  }
  const MDB_cursor_op step = reverse ? MDB_PREV : MDB_NEXT;
  for (; rc == 0; rc = cur.Get(&k, &v, step)) {
    std::string_view key = View(k);
    if (key.substr(0, prefix.size()) != prefix) return Status::Ok();
    if (!visit(key, View(v))) return Status::Ok();
  }
  if (rc != MDB_NOTFOUND) return LmdbError(rc, "scan");
  return Status::Ok();
}

Status ReadTxn::Impl::ScanFrom(MDB_dbi dbi, std::string_view start,
                               const KeyValueVisitor& visit) const {
  Cursor cur(txn, dbi);
  if (cur.open_rc() != 0) return LmdbError(cur.open_rc(), "open cursor");
  MDB_val k = Val(start), v;
  for (int rc = cur.Get(&k, &v, MDB_SET_RANGE);; rc = cur.Get(&k, &v, MDB_NEXT)) {
    if (rc == MDB_NOTFOUND) return Status::Ok();
    if (rc != 0) return LmdbError(rc, "scan");
    if (!visit(View(k), View(v))) return Status::Ok();
  }
}

Status ReadTxn::Impl::ScanDups(MDB_dbi dbi, std::string_view key, bool reverse,
                               const std::function<bool(std::string_view value)>& visit) const {
  Cursor cur(txn, dbi);
  if (cur.open_rc() != 0) return LmdbError(cur.open_rc(), "open cursor");
  MDB_val k = Val(key), v;
  int rc = cur.Get(&k, &v, MDB_SET_KEY);
  if (rc == 0 && reverse) rc = cur.Get(&k, &v, MDB_LAST_DUP);
  const MDB_cursor_op step = reverse ? MDB_PREV_DUP : MDB_NEXT_DUP;
  for (; rc == 0; rc = cur.Get(&k, &v, step)) {
    if (!visit(View(v))) return Status::Ok();
  }
  if (rc != MDB_NOTFOUND) return LmdbError(rc, "scan duplicates");
  return Status::Ok();
}

Status ReadTxn::Impl::Put(MDB_dbi dbi, std::string_view key, std::string_view value,
                          unsigned flags) {
  MDB_val k = Val(key), v = Val(value);
  int rc = mdb_put(txn, dbi, &k, &v, flags);
  if (rc != 0) return LmdbError(rc, "write");
  return Status::Ok();
}

Status ReadTxn::Impl::Del(MDB_dbi dbi, std::string_view key, const std::string_view* value) {
  MDB_val k = Val(key), v;
  if (value) v = Val(*value);
  int rc = mdb_del(txn, dbi, &k, value ? &v : nullptr);
  if (rc != 0 && rc != MDB_NOTFOUND) return LmdbError(rc, "delete");
  return Status::Ok();
}

}  // namespace saraban::store
