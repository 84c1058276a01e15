// USB drives in the admin UI: the drives plugged into the box (backup targets
// and restore sources, with the backups found on each) and safe eject.
#include "api/handlers.h"
#include "services/drives.h"
#include "services/settings.h"

namespace saraban::api {
namespace {

services::DriveOptions Options(const Call& call) {
  return {.media_root = call.services.media_root};
}

json DriveJson(const services::Drive& d, const std::string& backup_target) {
  json backups = json::array();
  for (const auto& b : d.backups) {
    backups.push_back({{"name", b.name}, {"size", b.size}, {"modified_at", b.modified_at}});
  }
  // The daily backup writes to this drive when backup_target is the drive or
  // a folder on it.
  const bool target = !backup_target.empty() &&
                      (backup_target == d.path || backup_target.starts_with(d.path + "/"));
  return {{"name", d.name},
          {"path", d.path},
          {"file_system", d.file_system},
          {"device", d.device},
          {"total_bytes", d.total_bytes},
          {"free_bytes", d.free_bytes},
          {"backup_target", target},
          {"backups", backups}};
}

}  // namespace

http::HttpResponse ListDrives(Call& call) {
  auto drives = services::ListDrives(Options(call));
  if (!drives) return ErrorResponse(drives.error());
  auto settings = call.services.store.Read(
      [](const store::ReadTxn& txn) { return services::ReadAllSettings(txn); });
  if (!settings) return ErrorResponse(settings.error());
  const std::string target = (*settings)["backup_target"];
  json out = json::array();
  for (const auto& d : *drives) out.push_back(DriveJson(d, target));
  return JsonResponse(200, {{"media_root", call.services.media_root}, {"drives", out}});
}

http::HttpResponse EjectDrive(Call& call) {
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  const std::string name = call.params["name"];
  if (Status s = services::EjectDrive(Options(call), name); !s) return ErrorResponse(s.error());
  return JsonResponse(200, {{"name", name}, {"ejected", true}, {"safe_to_remove", true}});
}

}  // namespace saraban::api
