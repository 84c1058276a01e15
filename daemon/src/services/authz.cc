#include "services/authz.h"

#include <map>
#include <vector>

namespace saraban::services {

Result<Scope> ScopeOf(const store::ReadTxn& txn, const store::User& user) {
  Scope scope;
  scope.user_id = user.id;
  scope.clearance = user.clearance;
  if (user.HasRole(Role::kCentralRegistrar)) {
    scope.whole_office = true;
    return scope;
  }
  scope.units.insert(user.unit_ids.begin(), user.unit_ids.end());
  if (!user.HasRole(Role::kExecutive)) return scope;

  auto units = txn.ListUnits();
  if (!units) return units.error();
  std::map<uint64_t, std::vector<uint64_t>> children;
  for (const auto& u : *units) children[u.parent_id].push_back(u.id);
  std::vector<uint64_t> pending(user.unit_ids.begin(), user.unit_ids.end());
  while (!pending.empty()) {
    const uint64_t id = pending.back();
    pending.pop_back();
    for (uint64_t child : children[id]) {
      if (scope.units.insert(child).second) pending.push_back(child);
    }
  }
  return scope;
}

bool CanSeeLetter(const Scope& scope, const store::Letter& letter) {
  return letter.secrecy <= scope.clearance && scope.HasUnit(letter.unit_id);
}

bool IsRegistrarOf(const store::User& user, uint64_t unit_id) {
  if (user.HasRole(Role::kCentralRegistrar)) return true;
  if (!user.HasRole(Role::kUnitRegistrar)) return false;
  for (uint64_t id : user.unit_ids) {
    if (id == unit_id) return true;
  }
  return false;
}

bool MayDraftIn(const Scope& scope, uint64_t unit_id) { return scope.HasUnit(unit_id); }

Result<store::Unit> UnitInScope(const store::ReadTxn& txn, const Scope& scope, uint64_t unit_id) {
  auto unit = txn.GetUnit(unit_id);
  if (!unit) return unit.error();
  if (!*unit || !scope.HasUnit(unit_id)) {
    return MakeError(Errc::kNotFound, "no unit " + std::to_string(unit_id) + " of yours",
                     "GET /api/v1/session shows your units");
  }
  return std::move(**unit);
}

Result<bool> ReceivedInScope(const store::ReadTxn& txn, const Scope& scope, uint64_t letter_id) {
  auto deliveries = txn.DeliveriesOfLetter(letter_id);
  if (!deliveries) return deliveries.error();
  for (const auto& d : *deliveries) {
    const bool live =
        d.status == store::DeliveryStatus::kPending || d.status == store::DeliveryStatus::kAccepted;
    if (live && scope.HasUnit(d.to_unit)) return true;
  }
  return false;
}

Result<bool> AssignedInScope(const store::ReadTxn& txn, const Scope& scope, uint64_t user_id,
                             uint64_t letter_id) {
  auto assignments = txn.AssignmentsOfLetter(letter_id);
  if (!assignments) return assignments.error();
  for (const auto& a : *assignments) {
    if ((a.to_user && a.to_user == user_id) || (a.to_unit && scope.HasUnit(a.to_unit))) return true;
  }
  return false;
}

Result<store::Letter> VisibleLetter(const store::ReadTxn& txn, const Scope& scope, uint64_t id) {
  auto letter = txn.GetLetter(id);
  if (!letter) return letter.error();
  bool visible = *letter && CanSeeLetter(scope, **letter);
  if (*letter && !visible && (*letter)->secrecy <= scope.clearance) {
    auto received = ReceivedInScope(txn, scope, id);
    if (!received) return received.error();
    visible = *received;
    if (!visible) {
      auto assigned = AssignedInScope(txn, scope, scope.user_id, id);
      if (!assigned) return assigned.error();
      visible = *assigned;
    }
  }
  if (!visible) {
    return MakeError(Errc::kNotFound, "no letter " + std::to_string(id),
                     "check the number; you see only letters of your units and clearance");
  }
  return std::move(**letter);
}

}  // namespace saraban::services
