#include "services/org.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "services/passwords.h"
#include "services/sessions.h"
#include "services/settings.h"

namespace saraban::services {
namespace {

using nlohmann::json;

Status Audit(store::WriteTxn& txn, const Actor& actor, const std::string& action,
             const std::string& target, const json& detail = json::object()) {
  return txn.AppendAudit(MakeAudit(&actor.user, action, target, actor.remote_addr, detail.dump()))
      .status();
}

Status CheckUnitFields(const store::ReadTxn& txn, const store::Unit& unit) {
  if (unit.code.empty()) return MakeError(Errc::kInvalidArgument, "a unit needs a code");
  if (unit.name_lo.empty() && unit.name_th.empty() && unit.name_en.empty()) {
    return MakeError(Errc::kInvalidArgument, "a unit needs a name in at least one language");
  }
  // Walk up from the new parent: reaching the unit itself would make a cycle.
  uint64_t id = unit.parent_id;
  for (int depth = 0; id != 0; ++depth) {
    if (id == unit.id || depth > 64) {
      return MakeError(Errc::kConflict, "a unit cannot be placed under itself");
    }
    auto parent = txn.GetUnit(id);
    if (!parent) return parent.status();
    if (!*parent) {
      return MakeError(Errc::kInvalidArgument, "no parent unit " + std::to_string(id));
    }
    id = (*parent)->parent_id;
  }
  return Status::Ok();
}

void ApplyUnit(const UnitFields& f, store::Unit& u) {
  if (f.parent_id) u.parent_id = *f.parent_id;
  if (f.code) u.code = *f.code;
  if (f.name_lo) u.name_lo = *f.name_lo;
  if (f.name_th) u.name_th = *f.name_th;
  if (f.name_en) u.name_en = *f.name_en;
  if (f.keeps_books) u.keeps_books = *f.keeps_books;
  if (f.active) u.active = *f.active;
}

Status CheckUserFields(const store::ReadTxn& txn, const store::User& u) {
  if (u.username.empty() || u.username.size() > 64 ||
      u.username.find_first_of(" \t\r\n/:") != std::string::npos) {
    return MakeError(Errc::kInvalidArgument, "a username needs 1 to 64 characters without spaces");
  }
  if (u.roles == 0) return MakeError(Errc::kInvalidArgument, "a user needs at least one role");
  if (u.unit_ids.empty()) return MakeError(Errc::kInvalidArgument, "a user needs at least one unit");
  // Enough to catch typing mistakes and header injection; the relay decides the rest.
  const bool email_ok =
      u.email.empty() ||
      (u.email.size() <= 254 && std::count(u.email.begin(), u.email.end(), '@') == 1 &&
       u.email.front() != '@' && u.email.back() != '@' &&
       std::none_of(u.email.begin(), u.email.end(),
                    [](unsigned char c) { return c <= ' ' || c == 0x7f || c == '<' || c == '>'; }));
  if (!email_ok) {
    return MakeError(Errc::kInvalidArgument, "'" + u.email + "' is not an email address",
                     "like name@office.gov.la, or empty for no email");
  }
  if (u.language != "lo" && u.language != "th" && u.language != "en") {
    return MakeError(Errc::kInvalidArgument, "language must be lo, th or en");
  }
  for (uint64_t unit_id : u.unit_ids) {
    auto unit = txn.GetUnit(unit_id);
    if (!unit) return unit.status();
    if (!*unit) return MakeError(Errc::kInvalidArgument, "no unit " + std::to_string(unit_id));
  }
  return Status::Ok();
}

void ApplyUser(const UserFields& f, store::User& u) {
  if (f.username) {  // usernames compare case-insensitively; keep them lower-case
    u.username = *f.username;
    std::transform(u.username.begin(), u.username.end(), u.username.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  if (f.display_name) u.display_name = *f.display_name;
  if (f.email) u.email = *f.email;
  if (f.language) u.language = *f.language;
  if (f.roles) u.roles = *f.roles;
  if (f.unit_ids) u.unit_ids = *f.unit_ids;
  if (f.clearance) u.clearance = *f.clearance;
  if (f.active) u.active = *f.active;
}

std::vector<store::BookType> BuiltinBooks() {
  auto book = [](const char* code, const char* lo, const char* th, const char* en) {
    return store::BookType{code, lo, th, en, true, "{no}/{year}", true};
  };
  return {
      book("receive", "ປຶ້ມລົງທະບຽນໜັງສືຂາເຂົ້າ", "ทะเบียนหนังสือรับ", "Receive register"),
      book("send_normal", "ປຶ້ມລົງທະບຽນໜັງສືຂາອອກ", "ทะเบียนหนังสือส่ง", "Send register"),
      book("send_circular", "ປຶ້ມລົງທະບຽນໜັງສືແຈ້ງການ", "ทะเบียนหนังสือเวียน", "Circular register"),
      book("order", "ປຶ້ມລົງທະບຽນຂໍ້ຕົກລົງ", "ทะเบียนคำสั่ง", "Order register"),
      book("announcement", "ປຶ້ມລົງທະບຽນແຈ້ງການ", "ทะเบียนประกาศ", "Announcement register"),
      book("memo", "ປຶ້ມລົງທະບຽນບົດບັນທຶກ", "ทะเบียนบันทึกข้อความ", "Memo register"),
  };
}

}  // namespace

Result<store::Unit> CreateUnit(store::Store& store, const Actor& actor, const UnitFields& f) {
  return store.Write([&](store::WriteTxn& txn) -> Result<store::Unit> {
    if (!f.parent_id || *f.parent_id == 0) {
      return MakeError(Errc::kInvalidArgument, "field 'parent_id' is required",
                       "every unit but the office itself sits under another unit");
    }
    store::Unit unit;
    ApplyUnit(f, unit);
    auto id = txn.NextId("unit");
    if (!id) return id.error();
    unit.id = *id;
    unit.created_at = NowMillis();
    if (Status s = CheckUnitFields(txn, unit); !s) return s.error();
    if (Status s = txn.PutUnit(unit); !s) return s.error();
    if (Status s = Audit(txn, actor, "unit_created", "unit:" + std::to_string(unit.id),
                         {{"code", unit.code}});
        !s) {
      return s.error();
    }
    return unit;
  });
}

Result<store::Unit> UpdateUnit(store::Store& store, const Actor& actor, uint64_t id,
                               const UnitFields& f) {
  return store.Write([&](store::WriteTxn& txn) -> Result<store::Unit> {
    auto found = txn.GetUnit(id);
    if (!found) return found.error();
    if (!*found) return MakeError(Errc::kNotFound, "no unit " + std::to_string(id));
    store::Unit unit = **found;
    if (unit.parent_id == 0 && f.parent_id && *f.parent_id != 0) {
      return MakeError(Errc::kConflict, "the office itself cannot be moved under another unit");
    }
    ApplyUnit(f, unit);
    if (Status s = CheckUnitFields(txn, unit); !s) return s.error();
    if (Status s = txn.PutUnit(unit); !s) return s.error();
    if (Status s = Audit(txn, actor, "unit_updated", "unit:" + std::to_string(id)); !s) {
      return s.error();
    }
    return unit;
  });
}

Result<CreatedUser> CreateUser(store::Store& store, const Actor& actor, const UserFields& f,
                               const std::string& password) {
  CreatedUser out;
  out.password = password.empty() ? GeneratePassword() : password;
  if (Status s = CheckPasswordPolicy(out.password); !s) return s.error();
  auto hash = HashPassword(out.password);
  if (!hash) return hash.error();
  auto user = store.Write([&](store::WriteTxn& txn) -> Result<store::User> {
    store::User u;
    ApplyUser(f, u);
    if (Status s = CheckUserFields(txn, u); !s) return s.error();
    auto id = txn.NextId("user");
    if (!id) return id.error();
    u.id = *id;
    u.password_hash = *hash;
    u.created_at = u.password_changed_at = NowMillis();
    if (Status s = txn.PutUser(u); !s) return s.error();
    if (Status s = Audit(txn, actor, "user_created", "user:" + std::to_string(u.id),
                         {{"username", u.username}, {"roles", u.roles}});
        !s) {
      return s.error();
    }
    return u;
  });
  if (!user) return user.error();
  out.user = std::move(*user);
  return out;
}

Result<store::User> UpdateUser(store::Store& store, const Actor& actor, uint64_t id,
                               const UserFields& f) {
  return store.Write([&](store::WriteTxn& txn) -> Result<store::User> {
    auto found = txn.GetUser(id);
    if (!found) return found.error();
    if (!*found) return MakeError(Errc::kNotFound, "no user " + std::to_string(id));
    store::User u = **found;
    ApplyUser(f, u);
    if (Status s = CheckUserFields(txn, u); !s) return s.error();
    if (u.id == actor.user.id && (!u.active || !u.HasRole(Role::kAdmin))) {
      return MakeError(Errc::kConflict, "you cannot disable yourself or drop your own admin role",
                       "ask another administrator");
    }
    if (Status s = txn.PutUser(u); !s) return s.error();
    const store::User& old = **found;
    if (u.active != old.active || u.roles != old.roles || u.unit_ids != old.unit_ids ||
        u.clearance != old.clearance) {
      if (Status s = txn.DeleteSessionsOfUser(u.id, ""); !s) return s.error();
    }
    if (Status s = Audit(txn, actor, "user_updated", "user:" + std::to_string(id),
                         {{"roles", u.roles}, {"active", u.active}});
        !s) {
      return s.error();
    }
    return u;
  });
}

Result<std::string> ResetPassword(store::Store& store, const Actor& actor, uint64_t id,
                                  const std::string& password) {
  const std::string fresh = password.empty() ? GeneratePassword() : password;
  if (Status s = CheckPasswordPolicy(fresh); !s) return s.error();
  auto hash = HashPassword(fresh);
  if (!hash) return hash.error();
  Status s = store.Write([&](store::WriteTxn& txn) -> Status {
    auto found = txn.GetUser(id);
    if (!found) return found.status();
    if (!*found) return MakeError(Errc::kNotFound, "no user " + std::to_string(id));
    store::User u = **found;
    u.password_hash = *hash;
    u.password_changed_at = NowMillis();
    u.failed_logins = 0;
    u.locked_until = 0;
    if (Status put = txn.PutUser(u); !put) return put;
    if (Status del = txn.DeleteSessionsOfUser(u.id, ""); !del) return del;
    return Audit(txn, actor, "password_reset", "user:" + std::to_string(id));
  });
  if (!s) return s.error();
  return fresh;
}

Status SetUpOffice(store::Store& store, const OfficeSetup& setup) {
  if (setup.country != "LA" && setup.country != "TH") {
    return MakeError(Errc::kInvalidArgument, "country must be LA or TH");
  }
  if (Status s = CheckPasswordPolicy(setup.admin_password); !s) return s;
  auto hash = HashPassword(setup.admin_password);
  if (!hash) return hash.error();
  return store.Write([&](store::WriteTxn& txn) -> Status {
    auto existing = txn.GetUnit(1);
    if (!existing) return existing.status();
    if (*existing) return MakeError(Errc::kConflict, "this data directory already holds an office");
    const int64_t now = NowMillis();
    auto unit_id = txn.NextId("unit");
    if (!unit_id) return unit_id.status();
    store::Unit root{.id = *unit_id, .parent_id = 0, .code = "HQ", .name_lo = setup.org_name,
                     .name_th = setup.org_name, .name_en = setup.org_name, .keeps_books = true,
                     .active = true, .created_at = now};
    if (Status s = txn.PutUnit(root); !s) return s;
    for (const auto& book : BuiltinBooks()) {
      if (Status s = txn.PutBook(book); !s) return s;
    }
    json settings = CountryDefaults(setup.country);
    settings["office_name"] = setup.org_name;
    if (Status s = WriteSettings(txn, settings); !s) return s;
    auto user_id = txn.NextId("user");
    if (!user_id) return user_id.status();
    store::User admin;
    admin.id = *user_id;
    admin.username = setup.admin_username;
    admin.display_name = setup.admin_username;
    admin.password_hash = *hash;
    admin.roles = RoleBit(Role::kAdmin);
    admin.unit_ids = {root.id};
    admin.language = setup.country == "TH" ? "th" : "lo";
    admin.created_at = admin.password_changed_at = now;
    if (Status s = CheckUserFields(txn, admin); !s) return s;
    if (Status s = txn.PutUser(admin); !s) return s;
    return txn
        .AppendAudit(MakeAudit(&admin, "office_created", "unit:" + std::to_string(root.id), "",
                               json{{"org", setup.org_name}, {"country", setup.country}}.dump()))
        .status();
  });
}

}  // namespace saraban::services
