// Logins and sessions: credential checks with lockout, session creation,
// validation with idle and absolute expiry, logout and password changes.
// Each state change is one store transaction with its audit entry.
// Thread-safety: functions only; the store serialises writes.
#ifndef SARABAN_DAEMON_SERVICES_SESSIONS_H_
#define SARABAN_DAEMON_SERVICES_SESSIONS_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "store/store.h"

namespace saraban::services {

struct NewSession {
  std::string token;  // goes into the cookie; only its hash is stored
  store::Session session;
  store::User user;
};

// Fails with kUnauthenticated on a wrong name or password (one message for
// both), kTooManyRequests while the account is locked.
Result<NewSession> Login(store::Store& store, std::string_view username, std::string_view password,
                         std::string_view remote_addr);

// The session and user behind a cookie token, or nullopt when the token is
// unknown, expired at `now` (ms since the epoch), or its user disabled.
// Refreshes last_seen at most once a minute so that reading does not cost a
// disk sync per request.
Result<std::optional<std::pair<store::Session, store::User>>> Authenticate(store::Store& store,
                                                                           std::string_view token,
                                                                           int64_t now);

Status Logout(store::Store& store, const store::Session& session, const store::User& user,
              std::string_view remote_addr);

// Changes the user's own password after checking the old one; ends every
// other session of the user. kUnauthenticated on a wrong old password.
Status ChangeOwnPassword(store::Store& store, const store::Session& session, uint64_t user_id,
                         std::string_view old_password, std::string_view new_password,
                         std::string_view remote_addr);

// An audit entry for `action` by `actor` (null for an anonymous caller), stamped now.
store::AuditEntry MakeAudit(const store::User* actor, std::string_view action,
                            std::string_view target, std::string_view remote_addr,
                            std::string detail = "{}");

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_SESSIONS_H_
