// Internal: the thin layer over LMDB that the typed transactions use. Maps
// every MDB_* code into an Error that keeps LMDB's own message.
#ifndef SARABAN_STORE_LMDB_TXN_H_
#define SARABAN_STORE_LMDB_TXN_H_

#include <lmdb.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "store/store.h"

namespace saraban::store {

Error LmdbError(int rc, std::string_view what);

// The named databases of the environment. Key layouts are in keys.h.
struct Tables {
  MDB_dbi meta, units, units_by_code, users, users_by_name, sessions, sessions_by_user, books,
      letters, letters_by_unit, counters, registers, timeline, audit, settings, changes,
      attachments, attachments_by_letter, attachment_text, jobs, deliveries,
      deliveries_by_letter, deliveries_by_unit, copies, signing_requests, signing_by_letter,
      signing_by_signer, signatures, signatures_by_letter, assignments, assignments_by_letter,
      assignments_by_user, assignments_by_unit, notifications, notifications_by_user, watches,
      folders, folder_letters;
};

// Visitor for scans: return false to stop.
using KeyValueVisitor = std::function<bool(std::string_view key, std::string_view value)>;

struct ReadTxn::Impl {
  MDB_txn* txn;
  const Tables* tables;

  Result<std::optional<std::string_view>> Get(MDB_dbi dbi, std::string_view key) const;
  // Visits entries whose key starts with `prefix`, in key order or reversed.
  Status Scan(MDB_dbi dbi, std::string_view prefix, bool reverse, const KeyValueVisitor& v) const;
  // Visits entries with key >= start, in key order.
  Status ScanFrom(MDB_dbi dbi, std::string_view start, const KeyValueVisitor& v) const;
  // Visits the duplicates of one key of a DUPSORT table.
  Status ScanDups(MDB_dbi dbi, std::string_view key, bool reverse,
                  const std::function<bool(std::string_view value)>& v) const;

  Status Put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags = 0);
  // Deletes a key (or, for DUPSORT, one key/value pair). Absent is not an error.
  Status Del(MDB_dbi dbi, std::string_view key, const std::string_view* value = nullptr);
};

}  // namespace saraban::store

#endif  // SARABAN_STORE_LMDB_TXN_H_
