// Units and users: /api/v1/units and /api/v1/users.
#include "api/handlers.h"
#include "api/views.h"
#include "services/org.h"

namespace saraban::api {
namespace {

// Reads the unit fields of a create or edit body.
services::UnitFields ReadUnitFields(JsonBody& body, bool creating) {
  services::UnitFields f;
  if (auto parent = body.Int("parent_id", creating, 1)) f.parent_id = static_cast<uint64_t>(*parent);
  f.code = body.String("code", creating, 32);
  f.name_lo = body.String("name_lo", false, 200);
  f.name_th = body.String("name_th", false, 200);
  f.name_en = body.String("name_en", false, 200);
  f.keeps_books = body.Bool("keeps_books");
  f.active = body.Bool("active");
  return f;
}

services::UserFields ReadUserFields(JsonBody& body, bool creating) {
  services::UserFields f;
  f.username = body.String("username", creating, 64);
  f.display_name = body.String("display_name", false, 200);
  f.language = body.String("language", false, 2);
  f.email = body.String("email", false, 254);
  if (auto roles = body.StringList("roles", creating)) {
    RoleMask mask = 0;
    for (const auto& name : *roles) {
      auto role = ParseRole(name);
      if (!role) body.Fail("roles", "has an unknown role '" + name + "'");
      else mask |= RoleBit(*role);
    }
    f.roles = mask;
  }
  f.unit_ids = body.IdList("unit_ids", creating);
  if (auto clearance = body.String("clearance", false, 20)) {
    f.clearance = ParseSecrecy(*clearance);
    if (!f.clearance) body.Fail("clearance", "must be normal, confidential, secret or top_secret");
  }
  f.active = body.Bool("active");
  return f;
}

http::HttpResponse UserAnswer(Call& call, int status, const store::User& user,
                              const std::string* password = nullptr) {
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  json view = UserView(user, *settings);
  if (password) view["password"] = *password;
  return JsonResponse(status, view);
}

}  // namespace

http::HttpResponse ListUnits(Call& call) {
  auto units = call.services.store.Read([](const store::ReadTxn& txn) { return txn.ListUnits(); });
  if (!units) return ErrorResponse(units.error());
  json out = json::array();
  for (const auto& u : *units) out.push_back(UnitView(u));
  return JsonResponse(200, {{"units", out}});
}

http::HttpResponse GetUnit(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto unit = call.services.store.Read([&](const store::ReadTxn& txn) { return txn.GetUnit(*id); });
  if (!unit) return ErrorResponse(unit.error());
  if (!*unit) return ErrorResponse(MakeError(Errc::kNotFound, "no unit " + std::to_string(*id)));
  return JsonResponse(200, UnitView(**unit));
}

http::HttpResponse CreateUnit(Call& call) {
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  services::UnitFields f = ReadUnitFields(*body, true);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto unit = services::CreateUnit(call.services.store, ActorOf(call), f);
  if (!unit) return ErrorResponse(unit.error());
  return JsonResponse(201, UnitView(*unit));
}

http::HttpResponse UpdateUnit(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  services::UnitFields f = ReadUnitFields(*body, false);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto unit = services::UpdateUnit(call.services.store, ActorOf(call), *id, f);
  if (!unit) return ErrorResponse(unit.error());
  return JsonResponse(200, UnitView(*unit));
}

http::HttpResponse ListUsers(Call& call) {
  auto users = call.services.store.Read([](const store::ReadTxn& txn) { return txn.ListUsers(); });
  if (!users) return ErrorResponse(users.error());
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  json out = json::array();
  for (const auto& u : *users) out.push_back(UserView(u, *settings));
  return JsonResponse(200, {{"users", out}});
}

http::HttpResponse GetUser(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto user = call.services.store.Read([&](const store::ReadTxn& txn) { return txn.GetUser(*id); });
  if (!user) return ErrorResponse(user.error());
  if (!*user) return ErrorResponse(MakeError(Errc::kNotFound, "no user " + std::to_string(*id)));
  return UserAnswer(call, 200, **user);
}

http::HttpResponse CreateUser(Call& call) {
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  services::UserFields f = ReadUserFields(*body, true);
  auto password = body->Secret("password");
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto created =
      services::CreateUser(call.services.store, ActorOf(call), f, password.value_or(""));
  if (!created) return ErrorResponse(created.error());
  // The password is shown once, only when the server generated it.
  return UserAnswer(call, 201, created->user, password ? nullptr : &created->password);
}

http::HttpResponse UpdateUser(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  services::UserFields f = ReadUserFields(*body, false);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto user = services::UpdateUser(call.services.store, ActorOf(call), *id, f);
  if (!user) return ErrorResponse(user.error());
  return UserAnswer(call, 200, *user);
}

http::HttpResponse ResetPassword(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto password = body->Secret("password");
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto fresh =
      services::ResetPassword(call.services.store, ActorOf(call), *id, password.value_or(""));
  if (!fresh) return ErrorResponse(fresh.error());
  json out = {{"user_id", *id}};
  if (!password) out["password"] = *fresh;
  return JsonResponse(200, out);
}

}  // namespace saraban::api
