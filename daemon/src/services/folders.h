// Folders to file the letters of one matter, at four levels: the office,
// a department, a division, and personal. A folder is a list of letter ids;
// filing changes nothing about the letter, and listing a folder shows only
// the filed letters the viewer may see (authz.h), so secrecy and unit scope
// hold inside folders too.
//
// Who may do what:
//  - office folders: everyone sees them; admins, central registrars and
//    executives of the office's top unit create, rename, delete and file;
//  - department and division folders (a department is a unit directly under
//    the office, a division one further down): seen and filed into by
//    everyone whose scope holds the unit; created, renamed and deleted by
//    its registrars and executives, and by admins;
//  - personal folders: their owner only.
// A folder the user may not see is answered "not found".
//
// Thread-safety: functions only; each call is one transaction.
// Errors: kNotFound (no such folder or letter for this user), kForbidden
// (seen but not managed/filed by this user), kInvalidArgument (name, level,
// or a unit that does not match the level), plus the store's errors.
#ifndef SARABAN_DAEMON_SERVICES_FOLDERS_H_
#define SARABAN_DAEMON_SERVICES_FOLDERS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "services/letters.h"
#include "store/store.h"

namespace saraban::services {

std::string_view FolderLevelName(store::FolderLevel level);
std::optional<store::FolderLevel> ParseFolderLevel(std::string_view name);

struct FolderView {
  store::Folder folder;
  bool can_manage = false;           // rename, delete
  bool can_file = false;             // add and remove letters
  std::vector<uint64_t> letter_ids;  // filed letters the viewer may see
};

struct NewFolder {
  std::string name;
  store::FolderLevel level = store::FolderLevel::kPersonal;
  uint64_t unit_id = 0;  // department and division folders
};

Result<store::Folder> CreateFolder(store::Store& store, const Actor& actor, const NewFolder& req);
Result<store::Folder> RenameFolder(store::Store& store, const Actor& actor, uint64_t id,
                                   const std::string& name);
Status DeleteFolder(store::Store& store, const Actor& actor, uint64_t id);

// Folders the user may see, office first, then by level and name.
Result<std::vector<FolderView>> ListFolders(const store::ReadTxn& txn, const store::User& user);
Result<FolderView> GetFolder(const store::ReadTxn& txn, const store::User& user, uint64_t id);

// Filing is idempotent: filing twice or removing what is not filed succeeds.
Status FileLetter(store::Store& store, const Actor& actor, uint64_t folder_id, uint64_t letter_id);
Status UnfileLetter(store::Store& store, const Actor& actor, uint64_t folder_id,
                    uint64_t letter_id);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_FOLDERS_H_
