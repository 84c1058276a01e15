// The organisation chart and the accounts in it: creating and editing units
// and users, admin password resets, and setting up a new office.
// Each change is one store transaction with its audit entry.
// Thread-safety: functions only; the store serialises writes.
//
// Errors: kInvalidArgument for bad fields, kConflict for a taken code or
// username or a unit moved under itself, kNotFound for a missing id.
#ifndef SARABAN_DAEMON_SERVICES_ORG_H_
#define SARABAN_DAEMON_SERVICES_ORG_H_

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "services/letters.h"
#include "store/store.h"

namespace saraban::services {

struct UnitFields {
  std::optional<uint64_t> parent_id;
  std::optional<std::string> code, name_lo, name_th, name_en;
  std::optional<bool> keeps_books, active;
};

struct UserFields {
  std::optional<std::string> username, display_name, language, email;
  std::optional<RoleMask> roles;
  std::optional<std::vector<uint64_t>> unit_ids;
  std::optional<Secrecy> clearance;
  std::optional<bool> active;
};

Result<store::Unit> CreateUnit(store::Store& store, const Actor& actor, const UnitFields& f);
Result<store::Unit> UpdateUnit(store::Store& store, const Actor& actor, uint64_t id,
                               const UnitFields& f);

struct CreatedUser {
  store::User user;
  std::string password;  // the initial password, shown once
};
// `password` empty: one is generated.
Result<CreatedUser> CreateUser(store::Store& store, const Actor& actor, const UserFields& f,
                               const std::string& password);
// Deactivating a user or changing their units or roles ends their sessions.
Result<store::User> UpdateUser(store::Store& store, const Actor& actor, uint64_t id,
                               const UserFields& f);
// Sets a new password (generated when empty), unlocks, ends all sessions.
Result<std::string> ResetPassword(store::Store& store, const Actor& actor, uint64_t id,
                                  const std::string& password);

struct OfficeSetup {
  std::string org_name;
  std::string country = "LA";
  std::string admin_username;
  std::string admin_password;
};
// Fills a new, empty store: the root unit, built-in book types, settings and
// the first admin. kConflict if the store already holds an office.
Status SetUpOffice(store::Store& store, const OfficeSetup& setup);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_ORG_H_
