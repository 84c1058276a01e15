// Email notifications: the state of the mailer and a test message, for the
// admin setting up the office's mail relay.
#include "api/handlers.h"
#include "core/calendar.h"
#include "services/mailer.h"

namespace saraban::api {
namespace {

Result<services::Mailer*> MailerOf(const Call& call) {
  if (!call.services.mailer) {
    return MakeError(Errc::kConflict, "this server does not send email");
  }
  return call.services.mailer;
}

}  // namespace

Result<json> MailReport(const Call& call) {
  auto mailer = MailerOf(call);
  if (!mailer) return mailer.error();
  auto report = (*mailer)->Report();
  if (!report) return report.error();
  auto settings = Settings(call);
  if (!settings) return settings.error();
  for (const char* key : {"last_sent_at", "last_error_at"}) {
    json& at = (*report)[key];
    if (!at.is_null()) at = FormatTimestamp(at.get<int64_t>(), settings->utc_offset_minutes);
  }
  return report;
}

http::HttpResponse MailStatus(Call& call) {
  auto report = MailReport(call);
  if (!report) return ErrorResponse(report.error());
  return JsonResponse(200, *report);
}

http::HttpResponse SendTestMail(Call& call) {
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto to = body->String("to", true, 254);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto mailer = MailerOf(call);
  if (!mailer) return ErrorResponse(mailer.error());
  return NoContentOr((*mailer)->SendTest(*to));
}

}  // namespace saraban::api
