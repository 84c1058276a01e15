// First boot (services/setup.h): the setup wizard's API. While the data
// directory holds no office, `saraban serve` answers /api with
// HandleSetupRequest only; once an office exists, the same routes are rows
// of the normal route table that say so (setup_needed false, POSTs 409).
#include "api/handlers.h"
#include "services/drives.h"
#include "services/settings.h"
#include "services/setup.h"

namespace saraban::api {
namespace {

json Countries() {
  json out = json::array();
  for (const char* code : {"LA", "TH"}) {
    out.push_back({{"code", code}, {"defaults", services::CountryDefaults(code)}});
  }
  return out;
}

// The drives under the media root and the backups on each, with the path
// the restore POST takes.
json DrivesWithBackups(const std::string& media_root) {
  json out = json::array();
  auto drives = services::ListDrives({.media_root = media_root});
  if (!drives) return out;
  for (const auto& d : *drives) {
    json backups = json::array();
    for (const auto& b : d.backups) {
      backups.push_back({{"name", b.name},
                         {"path", d.path + "/" + b.name},
                         {"size", b.size},
                         {"modified_at", b.modified_at}});
    }
    out.push_back(
        {{"name", d.name}, {"path", d.path}, {"free_bytes", d.free_bytes}, {"backups", backups}});
  }
  return out;
}

Error AlreadySetUp() {
  return MakeError(Errc::kConflict, "this box already holds an office",
                   "log in; an administrator manages backups and restores from the admin page");
}

// The code comes first: a request without the right one learns nothing
// about its other fields.
Status CheckCode(services::SetupMode& mode, JsonBody& body) {
  auto code = body.String("code", false, 100);
  return mode.CheckCode(code.value_or(""));
}

http::HttpResponse CreateOffice(services::SetupMode& mode, const http::HttpRequest& req) {
  auto body = JsonBody::Parse(req);
  if (!body) return ErrorResponse(body.error());
  if (Status s = CheckCode(mode, *body); !s) return ErrorResponse(s.error());
  services::NewOffice request;
  request.office.org_name = body->String("office_name", true, 200).value_or("");
  request.office.country = body->String("country", true, 2).value_or("");
  request.office.admin_username = body->String("admin_username", true, 64).value_or("");
  request.office.admin_password = body->Secret("admin_password", true).value_or("");
  request.backup_passphrase = body->Secret("backup_passphrase", true).value_or("");
  request.backup_target = body->String("backup_target", false, 4096).value_or("");
  if (body->Has("office_name") && request.office.org_name.empty()) {
    body->Fail("office_name", "must not be empty");
  }
  if (body->Has("country") && request.office.country != "LA" && request.office.country != "TH") {
    body->Fail("country", "must be LA or TH");
  }
  if (!request.backup_target.empty() && request.backup_target.front() != '/') {
    body->Fail("backup_target", "must be an absolute folder path");
  }
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto card = mode.CreateOffice(request);
  if (!card) return ErrorResponse(card.error());
  return JsonResponse(201, {{"office_name", request.office.org_name},
                            {"country", request.office.country},
                            {"admin_username", request.office.admin_username},
                            {"created_at", NowMillis()},
                            {"recovery_card", *card}});
}

http::HttpResponse StartRestore(services::SetupMode& mode, const http::HttpRequest& req) {
  auto body = JsonBody::Parse(req);
  if (!body) return ErrorResponse(body.error());
  if (Status s = CheckCode(mode, *body); !s) return ErrorResponse(s.error());
  const std::string archive = body->String("archive", true, 4096).value_or("");
  backup::Unlock unlock;
  unlock.passphrase = services::NormalizePassphrase(body->Secret("passphrase").value_or(""));
  unlock.recovery_card = body->String("recovery_key", false, 200).value_or("");
  if (unlock.passphrase.empty() == unlock.recovery_card.empty()) {
    body->Fail("passphrase", "give either the passphrase or the recovery key");
  }
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  if (Status s = mode.StartRestore(archive, unlock); !s) return ErrorResponse(s.error());
  return JsonResponse(202, mode.RestoreStatus());
}

bool SameOrigin(const http::HttpRequest& req) {
  const std::string origin = req.Header("origin"), host = req.Header("host");
  return origin.empty() || origin == "http://" + host || origin == "https://" + host;
}

}  // namespace

// The route-table rows, served once the box holds an office.
http::HttpResponse GetSetup(Call&) {
  return JsonResponse(
      200, {{"setup_needed", false}, {"countries", Countries()}, {"drives", json::array()}});
}
http::HttpResponse PostSetup(Call&) { return ErrorResponse(AlreadySetUp()); }
http::HttpResponse PostSetupRestore(Call&) { return ErrorResponse(AlreadySetUp()); }
http::HttpResponse GetSetupRestore(Call&) {
  return JsonResponse(200, {{"state", "none"}, {"setup_needed", false}});
}

http::HttpResponse HandleSetupRequest(services::SetupMode& mode, http::HttpRequest& req,
                                      size_t max_body) noexcept {
  try {
    if (req.method != "GET" && req.method != "HEAD") {
      if (!req.ReadBody(max_body)) {
        return ErrorResponse(MakeError(Errc::kTooLarge, "request body is too large"));
      }
      if (!SameOrigin(req)) {
        return ErrorResponse(MakeError(Errc::kForbidden, "request from a foreign origin refused",
                                       "use Saraban from its own address"));
      }
    }
    const bool get = req.method == "GET";
    if (req.path == "/api/v1/setup" && get) {
      return JsonResponse(200, {{"setup_needed", !mode.finished()},
                                {"countries", Countries()},
                                {"drives", DrivesWithBackups(mode.media_root())}});
    }
    if (req.path == "/api/v1/setup" && req.method == "POST") return CreateOffice(mode, req);
    if (req.path == "/api/v1/setup/restore" && get) {
      json status = mode.RestoreStatus();
      status["setup_needed"] = !mode.finished();
      return JsonResponse(200, status);
    }
    if (req.path == "/api/v1/setup/restore" && req.method == "POST") {
      return StartRestore(mode, req);
    }
    if (req.path == "/api/v1/health" && get) {
      return JsonResponse(200, {{"status", "setup"}, {"setup_needed", true}});
    }
    return JsonResponse(503, {{"error",
                               {{"code", "setup_required"},
                                {"message", "this box holds no office yet: set it up first"},
                                {"hint", "open the web page of the box and follow the setup"}}}});
  } catch (const std::exception& e) {
    return ErrorResponse(MakeError(Errc::kInternal, std::string("internal error: ") + e.what()));
  }
}

}  // namespace saraban::api
