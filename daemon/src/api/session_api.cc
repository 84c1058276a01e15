// POST/GET/PATCH/DELETE /api/v1/session and the self-service password change.
#include "api/handlers.h"
#include "api/views.h"
#include "services/sessions.h"

namespace saraban::api {
namespace {

constexpr char kCookie[] = "saraban_session";

std::string SessionCookie(const std::string& token, bool tls) {
  return std::string(kCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" +
         (tls ? "; Secure" : "");
}

json SessionView(const store::Session& session, const store::User& user,
                 const services::OfficeSettings& s) {
  return {{"csrf_token", session.csrf_token}, {"user", UserView(user, s)}};
}

}  // namespace

Result<services::OfficeSettings> Settings(const Call& call) {
  return call.services.store.Read(
      [](const store::ReadTxn& txn) { return services::LoadSettings(txn); });
}

services::Actor ActorOf(const Call& call) {
  return services::Actor{call.principal->user, call.request.remote_addr};
}

http::HttpResponse Login(Call& call) {
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto username = body->String("username", true, 64);
  auto password = body->Secret("password", true);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto session = services::Login(call.services.store, call.services.login_throttle, *username,
                                 *password, call.request.remote_addr);
  if (!session) return ErrorResponse(session.error());
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  http::HttpResponse r = JsonResponse(200, SessionView(session->session, session->user, *settings));
  r.headers.emplace_back("Set-Cookie", SessionCookie(session->token, call.request.tls));
  return r;
}

http::HttpResponse CurrentSession(Call& call) {
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  return JsonResponse(200,
                      SessionView(call.principal->session, call.principal->user, *settings));
}

http::HttpResponse UpdateSession(Call& call) {
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto language = body->String("language", true, 2);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto& store = call.services.store;
  const uint64_t id = call.principal->user.id;
  auto user = store.Write([&](store::WriteTxn& txn) -> Result<store::User> {
    auto found = txn.GetUser(id);
    if (!found) return found.error();
    if (!*found) return MakeError(Errc::kNotFound, "user no longer exists");
    store::User u = **found;
    if (*language != "lo" && *language != "th" && *language != "en") {
      return MakeError(Errc::kInvalidArgument, "language must be lo, th or en");
    }
    u.language = *language;
    if (Status s = txn.PutUser(u); !s) return s.error();
    return u;
  });
  if (!user) return ErrorResponse(user.error());
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  return JsonResponse(200, SessionView(call.principal->session, *user, *settings));
}

http::HttpResponse Logout(Call& call) {
  if (Status s = services::Logout(call.services.store, call.principal->session,
                                  call.principal->user, call.request.remote_addr);
      !s) {
    return ErrorResponse(s.error());
  }
  http::HttpResponse r;
  r.status = 204;
  r.headers.emplace_back("Set-Cookie", std::string(kCookie) +
                                           "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
  return r;
}

http::HttpResponse ChangePassword(Call& call) {
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto old_password = body->Secret("old_password", true);
  auto new_password = body->Secret("new_password", true);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  if (Status s = services::ChangeOwnPassword(call.services.store, call.principal->session,
                                             call.principal->user.id, *old_password, *new_password,
                                             call.request.remote_addr);
      !s) {
    return ErrorResponse(s.error());
  }
  return NoContent();
}

}  // namespace saraban::api
