// HTTPS in the admin UI: the office CA for download (public, so a PC can
// fetch it before anyone logs in), what certificate is served, and installing
// an administrator's own certificate. The certificate an HTTPS listener uses
// is loaded when `saraban serve` starts; an installed one is served after a
// restart (CivetWeb 1.15 has no clean way to swap it under live connections).
#include <sys/stat.h>

#include <ctime>
#include <fstream>
#include <sstream>

#include "api/handlers.h"
#include "core/calendar.h"
#include "services/sessions.h"
#include "tls/tls.h"

namespace saraban::api {
namespace {

constexpr char kRestartMessage[] =
    "The certificate is installed and will be served after saraban restarts "
    "(systemctl restart saraban).";

json InfoView(const tls::CertificateInfo& info, int utc_offset_minutes) {
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  return {{"subject", info.subject},
          {"issuer", info.issuer},
          {"names", info.names},
          {"not_before", FormatTimestamp(info.not_before * 1000, utc_offset_minutes)},
          {"not_after", FormatTimestamp(info.not_after * 1000, utc_offset_minutes)},
          {"days_left", (info.not_after - now) / 86400},
          {"sha256", info.sha256}};
}

bool FileExists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

http::HttpResponse TlsCaCertificate(Call& call) {
  const std::string path = tls::CaCertPath(call.services.tls_dir);
  std::ifstream in(path, std::ios::binary);
  if (call.services.tls_dir.empty() || !in) {
    return ErrorResponse(
        MakeError(Errc::kNotFound, "this box has no office certificate authority",
                  "it is made when saraban serves HTTPS with its own certificate"));
  }
  std::stringstream pem;
  pem << in.rdbuf();
  http::HttpResponse resp;
  resp.content_type = "application/x-pem-file";
  resp.body = pem.str();
  // .crt: Windows opens its certificate import wizard for this extension.
  resp.headers.emplace_back("Content-Disposition",
                            "attachment; filename=\"saraban-office-ca.crt\"");
  return resp;
}

http::HttpResponse TlsStatus(Call& call) {
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  const int offset = settings->utc_offset_minutes;
  const std::string& dir = call.services.tls_dir;
  const std::string& served = call.services.tls_served;
  json out = {{"https", !served.empty()}, {"certificate", nullptr}, {"ca", nullptr}};
  std::string served_sha;
  if (served.empty()) {
    out["source"] = "none";
  } else {
    out["source"] = served == tls::CustomPemPath(dir)   ? "custom"
                    : served == tls::ServerPemPath(dir) ? "office"
                                                        : "file";
    if (auto info = tls::InspectFile(served)) {
      out["certificate"] = InfoView(*info, offset);
      served_sha = info->sha256;
    }
  }
  if (auto ca = tls::InspectFile(tls::CaCertPath(dir))) {
    out["ca"] = InfoView(*ca, offset);
    out["ca"]["download"] = "/api/v1/tls/ca.pem";
  }
  const bool custom_installed = FileExists(tls::CustomPemPath(dir));
  out["custom_installed"] = custom_installed;
  bool restart = false;
  if (custom_installed && !served.empty()) {
    auto custom = tls::InspectFile(tls::CustomPemPath(dir));
    restart = custom && custom->sha256 != served_sha;
  }
  out["restart_required"] = restart;
  return JsonResponse(200, out);
}

http::HttpResponse InstallTlsCertificate(Call& call) {
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto chain = body->String("certificate", true, 256 << 10);
  auto key = body->String("key", true, 64 << 10);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  auto info = tls::InstallCustom(call.services.tls_dir, *chain, *key,
                                 static_cast<int64_t>(std::time(nullptr)));
  if (!info) return ErrorResponse(info.error());
  const services::Actor actor = ActorOf(call);
  json view = InfoView(*info, settings->utc_offset_minutes);
  Status audited = call.services.store.Write([&](store::WriteTxn& txn) -> Status {
    return txn
        .AppendAudit(services::MakeAudit(&actor.user, "tls_certificate_installed", "tls",
                                         actor.remote_addr, view.dump()))
        .status();
  });
  if (!audited) return ErrorResponse(audited.error());
  return JsonResponse(200, {{"installed", true},
                            {"restart_required", true},
                            {"message", kRestartMessage},
                            {"certificate", view}});
}

}  // namespace saraban::api
