// The people directory, GET /api/v1/people: whom a letter can be submitted to
// for signature or forwarded to. Any logged-in user may read it, so it shows
// only what a colleague needs to pick a person: id, username, display name,
// roles and units of the active accounts. Clearance, email, language, lockout
// and password dates stay on the admin's /api/v1/users.
#include <algorithm>

#include "api/handlers.h"

namespace saraban::api {

http::HttpResponse ListPeople(Call& call) {
  std::optional<Error> error;
  const auto role = QueryParam<Role>(call, "role", ParseRole, &error);
  const auto unit_id = QueryParam<uint64_t>(
      call, "unit_id",
      [](std::string_view s) -> std::optional<uint64_t> {
        auto id = ParseCount(s);
        return id && *id > 0 ? id : std::nullopt;
      },
      &error);
  if (error) return ErrorResponse(*error);
  auto users = call.services.store.Read([](const store::ReadTxn& txn) { return txn.ListUsers(); });
  if (!users) return ErrorResponse(users.error());
  json people = json::array();
  for (const store::User& u : *users) {
    if (!u.active) continue;
    if (role && !u.HasRole(*role)) continue;
    if (unit_id && std::find(u.unit_ids.begin(), u.unit_ids.end(), *unit_id) == u.unit_ids.end()) {
      continue;
    }
    json roles = json::array();
    for (Role r : kAllRoles) {
      if (u.HasRole(r)) roles.push_back(RoleName(r));
    }
    people.push_back({{"id", u.id},
                      {"username", u.username},
                      {"display_name", u.display_name},
                      {"roles", roles},
                      {"unit_ids", u.unit_ids}});
  }
  return JsonResponse(200, {{"total", people.size()}, {"people", people}});
}

}  // namespace saraban::api
