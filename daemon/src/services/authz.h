// Authorization: the one place that decides which letters and units a user
// may see and act on (DESIGN.md invariant 5). Every route, list, report and
// (later) search and download goes through these functions.
//
// Rules:
//  - central registrars see the whole office;
//  - executives see their units and every unit below them;
//  - everyone else sees the units they belong to;
//  - a unit that a letter was sent to sees it while the delivery is pending
//    (to preview before accepting) and after accepting it;
//  - a person (or unit) a letter was forwarded to with an instruction sees it;
//  - nobody sees a letter above their secrecy clearance, whatever the unit.
// A letter that may not be seen is answered as "not found", never as
// "forbidden", so ids cannot be probed.
// Thread-safety: pure functions over a transaction the caller holds.
#ifndef SARABAN_DAEMON_SERVICES_AUTHZ_H_
#define SARABAN_DAEMON_SERVICES_AUTHZ_H_

#include <cstdint>
#include <set>

#include "core/error.h"
#include "store/records.h"
#include "store/store.h"

namespace saraban::services {

struct Scope {
  uint64_t user_id = 0;
  bool whole_office = false;
  std::set<uint64_t> units;  // when !whole_office
  Secrecy clearance = Secrecy::kNormal;

  bool HasUnit(uint64_t unit_id) const { return whole_office || units.count(unit_id) > 0; }
};

Result<Scope> ScopeOf(const store::ReadTxn& txn, const store::User& user);

bool CanSeeLetter(const Scope& scope, const store::Letter& letter);

// May keep the registers of `unit_id`: a central registrar, or a unit
// registrar who belongs to that unit.
bool IsRegistrarOf(const store::User& user, uint64_t unit_id);

// May create drafts in `unit_id`: anyone whose scope holds it.
bool MayDraftIn(const Scope& scope, uint64_t unit_id);

// Whether a delivery of the letter to a unit in scope (pending or accepted)
// lets the user see it.
Result<bool> ReceivedInScope(const store::ReadTxn& txn, const Scope& scope, uint64_t letter_id);
// Whether the letter was forwarded to the user or to a unit in scope.
Result<bool> AssignedInScope(const store::ReadTxn& txn, const Scope& scope, uint64_t user_id,
                             uint64_t letter_id);

// A unit in the user's scope; kNotFound ("no unit N of yours") otherwise,
// also when it exists, like letters.
Result<store::Unit> UnitInScope(const store::ReadTxn& txn, const Scope& scope, uint64_t unit_id);

// Loads a letter the user may see; kNotFound otherwise (also when it exists).
Result<store::Letter> VisibleLetter(const store::ReadTxn& txn, const Scope& scope, uint64_t id);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_AUTHZ_H_
