#include "services/folders.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "services/authz.h"
#include "services/sessions.h"

namespace saraban::services {
namespace {

using store::Folder;
using store::FolderLevel;

constexpr size_t kMaxName = 200;

struct Rights {
  bool see = false;
  bool file = false;
  bool manage = false;
};

// The office's top unit (parent 0), or 0 when the chart is empty.
Result<uint64_t> RootUnit(const store::ReadTxn& txn) {
  auto units = txn.ListUnits();
  if (!units) return units.error();
  for (const auto& u : *units) {
    if (u.parent_id == 0) return u.id;
  }
  return uint64_t{0};
}

Result<Rights> RightsOn(const store::ReadTxn& txn, const store::User& user, const Scope& scope,
                        const Folder& folder) {
  const bool admin = user.HasRole(Role::kAdmin);
  const bool executive = user.HasRole(Role::kExecutive);
  switch (folder.level) {
    case FolderLevel::kPersonal: {
      const bool own = folder.owner_id == user.id;
      return Rights{own, own, own};
    }
    case FolderLevel::kOffice: {
      auto root = RootUnit(txn);
      if (!root) return root.error();
      const bool keeper =
          admin || user.HasRole(Role::kCentralRegistrar) || (executive && scope.HasUnit(*root));
      return Rights{true, keeper, keeper};
    }
    case FolderLevel::kDepartment:
    case FolderLevel::kDivision: {
      const bool member = scope.HasUnit(folder.unit_id);
      const bool keeper = admin || IsRegistrarOf(user, folder.unit_id) || (executive && member);
      return Rights{member || admin, member, keeper};
    }
  }
  return Rights{};
}

Status CheckName(const std::string& name) {
  if (name.empty() || name.size() > kMaxName) {
    return MakeError(Errc::kInvalidArgument, "a folder needs a name of 1 to 200 bytes");
  }
  return Status::Ok();
}

// Department folders belong to a unit directly under the office's top unit,
// division folders to a unit further down.
Status CheckUnitLevel(const store::ReadTxn& txn, FolderLevel level, uint64_t unit_id) {
  auto unit = txn.GetUnit(unit_id);
  if (!unit) return unit.status();
  if (!*unit) return MakeError(Errc::kInvalidArgument, "no unit " + std::to_string(unit_id));
  if ((*unit)->parent_id == 0) {
    return MakeError(Errc::kInvalidArgument, "the office's top unit has office folders",
                     "use level \"office\"");
  }
  auto parent = txn.GetUnit((*unit)->parent_id);
  if (!parent) return parent.status();
  const bool directly_under_office = *parent && (*parent)->parent_id == 0;
  if (directly_under_office != (level == FolderLevel::kDepartment)) {
    return MakeError(
        Errc::kInvalidArgument,
        std::string("unit ") + (*unit)->code + " is " +
            (directly_under_office ? "a department" : "a division"),
        std::string("use level \"") + (directly_under_office ? "department" : "division") + "\"");
  }
  return Status::Ok();
}

// The folder with the user's rights on it; kNotFound when it may not be seen.
Result<std::pair<Folder, Rights>> LoadFolder(const store::ReadTxn& txn, const store::User& user,
                                             const Scope& scope, uint64_t id) {
  auto folder = txn.GetFolder(id);
  if (!folder) return folder.error();
  auto not_found = MakeError(Errc::kNotFound, "no folder " + std::to_string(id));
  if (!*folder) return not_found;
  auto rights = RightsOn(txn, user, scope, **folder);
  if (!rights) return rights.error();
  if (!rights->see) return not_found;
  return std::make_pair(std::move(**folder), *rights);
}

Status Audit(store::WriteTxn& txn, const Actor& actor, const std::string& action,
             const Folder& folder, const nlohmann::json& detail) {
  return txn
      .AppendAudit(MakeAudit(&actor.user, action, "folder:" + std::to_string(folder.id),
                             actor.remote_addr, detail.dump()))
      .status();
}

// Runs `fn(txn, folder)` in a write transaction after checking the user may
// manage (or, with `to_file`, file into) the folder.
template <class F>
auto WithFolder(store::Store& store, const Actor& actor, uint64_t id, bool to_file, F&& fn) {
  return store.Write([&](store::WriteTxn& txn) -> decltype(fn(txn, std::declval<Folder&>())) {
    auto scope = ScopeOf(txn, actor.user);
    if (!scope) return scope.error();
    auto loaded = LoadFolder(txn, actor.user, *scope, id);
    if (!loaded) return loaded.error();
    auto& [folder, rights] = *loaded;
    if (!(to_file ? rights.file : rights.manage)) {
      return MakeError(Errc::kForbidden, to_file ? "you may not file letters in this folder"
                                                 : "you may not change this folder");
    }
    return fn(txn, folder);
  });
}

}  // namespace

std::string_view FolderLevelName(FolderLevel level) {
  switch (level) {
    case FolderLevel::kOffice:
      return "office";
    case FolderLevel::kDepartment:
      return "department";
    case FolderLevel::kDivision:
      return "division";
    case FolderLevel::kPersonal:
      return "personal";
  }
  return "personal";
}

std::optional<FolderLevel> ParseFolderLevel(std::string_view name) {
  for (FolderLevel l : {FolderLevel::kOffice, FolderLevel::kDepartment, FolderLevel::kDivision,
                        FolderLevel::kPersonal}) {
    if (FolderLevelName(l) == name) return l;
  }
  return std::nullopt;
}

Result<Folder> CreateFolder(store::Store& store, const Actor& actor, const NewFolder& req) {
  if (Status s = CheckName(req.name); !s) return s.error();
  const bool by_unit = req.level == FolderLevel::kDepartment || req.level == FolderLevel::kDivision;
  if (by_unit != (req.unit_id != 0)) {
    return MakeError(Errc::kInvalidArgument,
                     by_unit ? "a department or division folder needs a unit_id"
                             : "only department and division folders have a unit_id");
  }
  return store.Write([&](store::WriteTxn& txn) -> Result<Folder> {
    if (by_unit) {
      if (Status s = CheckUnitLevel(txn, req.level, req.unit_id); !s) return s.error();
    }
    auto scope = ScopeOf(txn, actor.user);
    if (!scope) return scope.error();
    Folder folder{.level = req.level,
                  .name = req.name,
                  .unit_id = req.unit_id,
                  .owner_id = req.level == FolderLevel::kPersonal ? actor.user.id : 0,
                  .created_by = actor.user.id,
                  .created_at = NowMillis()};
    auto rights = RightsOn(txn, actor.user, *scope, folder);
    if (!rights) return rights.error();
    if (!rights->manage) {
      return MakeError(Errc::kForbidden, std::string("you may not create ") +
                                             std::string(FolderLevelName(req.level)) + " folders" +
                                             (by_unit ? " for this unit" : ""));
    }
    auto id = txn.NextId("folder");
    if (!id) return id.error();
    folder.id = *id;
    if (Status s = txn.PutFolder(folder); !s) return s.error();
    if (Status s = Audit(txn, actor, "folder_created", folder,
                         {{"name", folder.name}, {"level", FolderLevelName(folder.level)}});
        !s) {
      return s.error();
    }
    return folder;
  });
}

Result<Folder> RenameFolder(store::Store& store, const Actor& actor, uint64_t id,
                            const std::string& name) {
  if (Status s = CheckName(name); !s) return s.error();
  return WithFolder(
      store, actor, id, false, [&](store::WriteTxn& txn, Folder& folder) -> Result<Folder> {
        const std::string old = folder.name;
        folder.name = name;
        if (Status s = txn.PutFolder(folder); !s) return s.error();
        if (Status s = Audit(txn, actor, "folder_renamed", folder, {{"from", old}, {"to", name}});
            !s) {
          return s.error();
        }
        return folder;
      });
}

Status DeleteFolder(store::Store& store, const Actor& actor, uint64_t id) {
  return WithFolder(store, actor, id, false, [&](store::WriteTxn& txn, Folder& folder) -> Status {
    if (Status s = txn.DeleteFolder(folder.id); !s) return s;
    return Audit(txn, actor, "folder_deleted", folder, {{"name", folder.name}});
  });
}

namespace {

// The folder as `user`, whose scope the caller computed once.
Result<FolderView> ViewOf(const store::ReadTxn& txn, const store::User& user, const Scope& scope,
                          uint64_t id) {
  auto loaded = LoadFolder(txn, user, scope, id);
  if (!loaded) return loaded.error();
  FolderView view{.folder = loaded->first,
                  .can_manage = loaded->second.manage,
                  .can_file = loaded->second.file};
  auto entries = txn.FolderLetters(id);
  if (!entries) return entries.error();
  for (const auto& e : *entries) {
    if (VisibleLetter(txn, scope, e.letter_id)) view.letter_ids.push_back(e.letter_id);
  }
  return view;
}

}  // namespace

Result<FolderView> GetFolder(const store::ReadTxn& txn, const store::User& user, uint64_t id) {
  auto scope = ScopeOf(txn, user);
  if (!scope) return scope.error();
  return ViewOf(txn, user, *scope, id);
}

Result<std::vector<FolderView>> ListFolders(const store::ReadTxn& txn, const store::User& user) {
  auto folders = txn.ListFolders();
  if (!folders) return folders.error();
  auto scope = ScopeOf(txn, user);
  if (!scope) return scope.error();
  std::vector<FolderView> out;
  for (const auto& f : *folders) {
    auto view = ViewOf(txn, user, *scope, f.id);
    if (view) {
      out.push_back(std::move(*view));
    } else if (view.error().code != Errc::kNotFound) {
      return view.error();
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const FolderView& a, const FolderView& b) {
    return std::tie(a.folder.level, a.folder.name) < std::tie(b.folder.level, b.folder.name);
  });
  return out;
}

Status FileLetter(store::Store& store, const Actor& actor, uint64_t folder_id, uint64_t letter_id) {
  return WithFolder(
      store, actor, folder_id, true, [&](store::WriteTxn& txn, Folder& folder) -> Status {
        auto scope = ScopeOf(txn, actor.user);
        if (!scope) return scope.status();
        if (auto letter = VisibleLetter(txn, *scope, letter_id); !letter) {
          return letter.status();
        }
        if (Status s = txn.PutFolderEntry({.folder_id = folder.id,
                                           .letter_id = letter_id,
                                           .filed_by = actor.user.id,
                                           .filed_at = NowMillis()});
            !s) {
          return s;
        }
        return Audit(txn, actor, "folder_letter_filed", folder, {{"letter_id", letter_id}});
      });
}

Status UnfileLetter(store::Store& store, const Actor& actor, uint64_t folder_id,
                    uint64_t letter_id) {
  return WithFolder(
      store, actor, folder_id, true, [&](store::WriteTxn& txn, Folder& folder) -> Status {
        if (Status s = txn.DeleteFolderEntry(folder.id, letter_id); !s) return s;
        return Audit(txn, actor, "folder_letter_removed", folder, {{"letter_id", letter_id}});
      });
}

}  // namespace saraban::services
