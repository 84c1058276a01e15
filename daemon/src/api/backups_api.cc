// Backups in the admin UI: status, progress and history; "back up now".
#include "api/handlers.h"
#include "services/backup_scheduler.h"

namespace saraban::api {

http::HttpResponse BackupStatus(Call& call) {
  auto status = call.services.backups->Report();
  if (!status) return ErrorResponse(status.error());
  return JsonResponse(200, *status);
}

http::HttpResponse StartBackup(Call& call) {
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  if (Status s = call.services.backups->RunNow(); !s) return ErrorResponse(s.error());
  return JsonResponse(202, {{"started", true}});
}

}  // namespace saraban::api
