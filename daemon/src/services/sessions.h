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
#include "services/login_throttle.h"
#include "store/store.h"

namespace saraban::services {

struct NewSession {
  std::string token;  // goes into the cookie; only its hash is stored
  store::Session session;
  store::User user;
};

// Fails with kUnauthenticated on a wrong name or password (one message for
// both), kTooManyRequests while the account is locked or while `remote_addr`
// has had failed_logins_per_address failures within lockout_minutes (counted
// in `throttle`; the password is then not even checked).
Result<NewSession> Login(store::Store& store, LoginThrottle& throttle, std::string_view username,
                         std::string_view password, std::string_view remote_addr);

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

// Counts a wrong password typed by `user` inside the caller's transaction:
// after lockout_threshold failures in a row the account is locked for
// lockout_minutes (audited as "account_locked", otherwise as `action`).
// Wrong passwords typed inside a session (signing, changing the password)
// also end the user's sessions when they lock the account, so a stolen
// session cannot go on guessing; failed logins do not, so a stranger cannot
// throw a working user out.
struct WrongPassword {
  std::string_view action;  // e.g. "login_failed", "letter_sign_failed"
  std::string_view target;  // e.g. "user:12", "letter:40"
  std::string_view remote_addr;
  std::string detail = "{}";
  bool in_session = false;
};
Status RecordWrongPassword(store::WriteTxn& txn, store::User& user, const WrongPassword& what);
// The same in a transaction of its own, for callers outside one.
Status RecordWrongPassword(store::Store& store, uint64_t user_id, const WrongPassword& what);

// An audit entry for `action` by `actor` (null for an anonymous caller), stamped now.
store::AuditEntry MakeAudit(const store::User* actor, std::string_view action,
                            std::string_view target, std::string_view remote_addr,
                            std::string detail = "{}");

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_SESSIONS_H_
