#include "services/sessions.h"

#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "core/crypto.h"
#include "services/passwords.h"
#include "services/settings.h"
#include "services/signing.h"

namespace saraban::services {
namespace {

constexpr int64_t kTouchIntervalMs = 60'000;

Error BadCredentials() {
  return MakeError(Errc::kUnauthenticated, "wrong username or password",
                   "check the keyboard language and Caps Lock; after several failures the "
                   "account locks for a while");
}

// A valid hash to verify against when the username is unknown, so that the
// answer takes as long as for a real account.
const std::string& DummyHash() {
  static const std::string hash = *HashPassword("not a real password, only for timing");
  return hash;
}

}  // namespace

store::AuditEntry MakeAudit(const store::User* actor, std::string_view action,
                            std::string_view target, std::string_view remote_addr,
                            std::string detail) {
  store::AuditEntry e;
  e.at = NowMillis();
  if (actor) {
    e.user_id = actor->id;
    e.username = actor->username;
  }
  e.action = action;
  e.target = target;
  e.remote_addr = remote_addr;
  e.detail = std::move(detail);
  return e;
}

Result<NewSession> Login(store::Store& store, LoginThrottle& throttle, std::string_view username,
                         std::string_view password, std::string_view remote_addr) {
  // The settings and the account from one snapshot.
  OfficeSettings settings;
  auto found = store.Read([&](const store::ReadTxn& txn) -> Result<std::optional<store::User>> {
    auto loaded = LoadSettings(txn);
    if (!loaded) return loaded.error();
    settings = *loaded;
    return txn.FindUserByName(username);
  });
  if (!found) return found.error();
  const int64_t now = NowMillis();
  const int per_address = settings.failed_logins_per_address;
  const int64_t window_ms = int64_t{settings.lockout_minutes} * 60'000;
  if (Status s = throttle.Check(remote_addr, now, per_address, window_ms); !s) return s.error();
  if (!*found || !(*found)->active) {
    VerifyPassword(DummyHash(), password);
    throttle.RecordFailure(remote_addr, now, per_address, window_ms);
    auto logged = store.Write([&](store::WriteTxn& txn) {
      store::AuditEntry e = MakeAudit(nullptr, "login_failed", "", remote_addr,
                                      nlohmann::json{{"username", username}}.dump());
      return txn.AppendAudit(e);
    });
    if (!logged) return logged.error();
    return BadCredentials();
  }
  if ((*found)->locked_until > now) {
    return MakeError(Errc::kTooManyRequests, "this account is locked after repeated failed logins",
                     "wait " + std::to_string(((*found)->locked_until - now) / 60000 + 1) +
                         " minutes, or ask the administrator to reset the password");
  }
  // Verify outside any transaction: Argon2 is slow on purpose.
  const bool ok = VerifyPassword((*found)->password_hash, password);
  const uint64_t user_id = (*found)->id;

  NewSession out;
  out.token = RandomHex(32);
  Status s = store.Write([&](store::WriteTxn& txn) -> Status {
    auto user = txn.GetUser(user_id);
    if (!user) return user.status();
    if (!*user) return BadCredentials();
    store::User u = **user;
    if (!ok) {
      const std::string target = "user:" + std::to_string(u.id);
      return RecordWrongPassword(
          txn, u, {.action = "login_failed", .target = target, .remote_addr = remote_addr});
    }
    u.failed_logins = 0;
    u.locked_until = 0;
    if (Status put = txn.PutUser(u); !put) return put;
    out.session.token_hash = Sha256Hex(out.token);
    out.session.user_id = u.id;
    out.session.csrf_token = RandomHex(32);
    out.session.created_at = now;
    out.session.last_seen_at = now;
    out.session.remote_addr = remote_addr;
    if (Status put = txn.PutSession(out.session); !put) return put;
    out.user = u;
    return txn.AppendAudit(MakeAudit(&u, "login", "user:" + std::to_string(u.id), remote_addr))
        .status();
  });
  if (!s) return s.error();
  // The failed-login write committed (it must count), but the answer is still a failure.
  if (!ok) {
    throttle.RecordFailure(remote_addr, now, per_address, window_ms);
    return BadCredentials();
  }
  return out;
}

Result<std::optional<std::pair<store::Session, store::User>>> Authenticate(store::Store& store,
                                                                           std::string_view token,
                                                                           int64_t now) {
  using Found = std::optional<std::pair<store::Session, store::User>>;
  if (token.size() != 64) return Found();
  const std::string hash = Sha256Hex(token);
  bool touch = false;
  auto found = store.Read([&](const store::ReadTxn& txn) -> Result<Found> {
    auto session = txn.GetSession(hash);
    if (!session) return session.error();
    if (!*session) return Found();
    auto settings = LoadSettings(txn);
    if (!settings) return settings.error();
    const store::Session& s = **session;
    if (now - s.last_seen_at > int64_t{settings->session_idle_minutes} * 60'000 ||
        now - s.created_at > int64_t{settings->session_absolute_hours} * 3'600'000) {
      return Found();
    }
    auto user = txn.GetUser(s.user_id);
    if (!user) return user.error();
    if (!*user || !(*user)->active) return Found();
    touch = now - s.last_seen_at > kTouchIntervalMs;
    return Found(std::make_pair(s, **user));
  });
  if (!found || !*found || !touch) return found;
  (*found)->first.last_seen_at = now;
  Status s = store.Write([&](store::WriteTxn& txn) -> Status {
    auto still = txn.GetSession(hash);  // not if a logout raced us
    if (!still) return still.status();
    if (!*still) return Status::Ok();
    return txn.PutSession((*found)->first);
  });
  if (!s) return s.error();
  return found;
}

Status Logout(store::Store& store, const store::Session& session, const store::User& user,
              std::string_view remote_addr) {
  return store.Write([&](store::WriteTxn& txn) -> Status {
    if (Status s = txn.DeleteSession(session.token_hash); !s) return s;
    return txn
        .AppendAudit(MakeAudit(&user, "logout", "user:" + std::to_string(user.id), remote_addr))
        .status();
  });
}

Status RecordWrongPassword(store::WriteTxn& txn, store::User& u, const WrongPassword& what) {
  auto settings = LoadSettings(txn);
  if (!settings) return settings.status();
  ++u.failed_logins;
  std::string_view action = what.action;
  if (u.failed_logins >= static_cast<uint32_t>(settings->lockout_threshold)) {
    u.locked_until = NowMillis() + int64_t{settings->lockout_minutes} * 60'000;
    u.failed_logins = 0;
    action = "account_locked";
    if (what.in_session) {
      if (Status s = txn.DeleteSessionsOfUser(u.id, ""); !s) return s;
    }
  }
  if (Status put = txn.PutUser(u); !put) return put;
  return txn.AppendAudit(MakeAudit(&u, action, what.target, what.remote_addr, what.detail))
      .status();
}

Status RecordWrongPassword(store::Store& store, uint64_t user_id, const WrongPassword& what) {
  return store.Write([&](store::WriteTxn& txn) -> Status {
    auto user = txn.GetUser(user_id);
    if (!user) return user.status();
    if (!*user) return Status::Ok();
    store::User u = **user;
    return RecordWrongPassword(txn, u, what);
  });
}

Status ChangeOwnPassword(store::Store& store, const store::Session& session, uint64_t user_id,
                         std::string_view old_password, std::string_view new_password,
                         std::string_view remote_addr) {
  if (Status s = CheckPasswordPolicy(new_password); !s) return s;
  auto user = store.Read([&](const store::ReadTxn& txn) { return txn.GetUser(user_id); });
  if (!user) return user.error();
  if (!*user) return MakeError(Errc::kNotFound, "user no longer exists");
  if (!VerifyPassword((*user)->password_hash, old_password)) {
    const std::string target = "user:" + std::to_string(user_id);
    if (Status s = RecordWrongPassword(store, user_id,
                                       {.action = "password_change_failed",
                                        .target = target,
                                        .remote_addr = remote_addr,
                                        .in_session = true});
        !s) {
      return s;
    }
    return MakeError(Errc::kUnauthenticated, "the current password is wrong",
                     "type the password you logged in with");
  }
  auto hash = HashPassword(new_password);
  if (!hash) return hash.error();
  return store.Write([&](store::WriteTxn& txn) -> Status {
    auto fresh = txn.GetUser(user_id);
    if (!fresh) return fresh.status();
    if (!*fresh) return MakeError(Errc::kNotFound, "user no longer exists");
    store::User u = **fresh;
    u.password_hash = *hash;
    u.password_changed_at = NowMillis();
    if (Status s = ResealSigningKey(u, old_password, new_password); !s) return s;
    if (Status s = txn.PutUser(u); !s) return s;
    if (Status s = txn.DeleteSessionsOfUser(u.id, session.token_hash); !s) return s;
    return txn
        .AppendAudit(MakeAudit(&u, "password_changed", "user:" + std::to_string(u.id), remote_addr))
        .status();
  });
}

}  // namespace saraban::services
