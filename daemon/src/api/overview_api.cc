// What a user follows: notifications (with the unread count), the watch
// list, and the dashboard counts.
#include "api/handlers.h"
#include "core/calendar.h"
#include "services/assignments.h"
#include "services/authz.h"
#include "services/notifications.h"
#include "services/routing.h"

namespace saraban::api {

http::HttpResponse ListNotifications(Call& call) {
  const bool unread_only = call.request.Query("unread").value_or("") == "true";
  auto list = services::ListNotifications(call.services.store, call.principal->user, unread_only, 100);
  if (!list) return ErrorResponse(list.error());
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  json items = json::array();
  for (const auto& n : list->items) {
    items.push_back({{"id", n.id},
                     {"kind", n.kind},
                     {"letter_id", n.letter_id},
                     {"text", n.text},
                     {"at", FormatTimestamp(n.at, settings->utc_offset_minutes)},
                     {"read", n.read}});
  }
  return JsonResponse(200, {{"unread", list->unread}, {"notifications", items}});
}

http::HttpResponse MarkNotificationsRead(Call& call) {
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto ids = body->IdList("ids");
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  if (Status s = services::MarkNotificationsRead(call.services.store, call.principal->user,
                                                 ids.value_or(std::vector<uint64_t>{}));
      !s) {
    return ErrorResponse(s.error());
  }
  return NoContent();
}

// Watching is a POST, unwatching a DELETE of the same resource.
namespace {
http::HttpResponse SetWatch(Call& call, bool watching) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  const uint64_t user_id = call.principal->user.id;
  Status s = call.services.store.Write([&](store::WriteTxn& txn) -> Status {
    auto scope = services::ScopeOf(txn, call.principal->user);
    if (!scope) return scope.error();
    if (auto letter = services::VisibleLetter(txn, *scope, *id); !letter) return letter.status();
    return txn.SetWatch(user_id, *id, watching);
  });
  if (!s) return ErrorResponse(s.error());
  return NoContent();
}
}  // namespace

http::HttpResponse WatchLetter(Call& call) { return SetWatch(call, true); }
http::HttpResponse UnwatchLetter(Call& call) { return SetWatch(call, false); }

http::HttpResponse Watchlist(Call& call) {
  auto letters = call.services.store.Read([&](const store::ReadTxn& txn) -> Result<json> {
    auto settings = services::LoadSettings(txn);
    if (!settings) return settings.error();
    auto scope = services::ScopeOf(txn, call.principal->user);
    if (!scope) return scope.error();
    auto ids = txn.WatchedLetters(call.principal->user.id);
    if (!ids) return ids.error();
    json out = json::array();
    for (uint64_t id : *ids) {
      auto letter = services::VisibleLetter(txn, *scope, id);
      if (!letter) continue;  // no longer visible (recalled, reclassified): not shown
      auto view = LetterJson(txn, *settings, *letter);
      if (!view) return view.error();
      out.push_back(std::move(*view));
    }
    return out;
  });
  if (!letters) return ErrorResponse(letters.error());
  return JsonResponse(200, {{"total", letters->size()}, {"letters", *letters}});
}

http::HttpResponse Dashboard(Call& call) {
  const store::User& user = call.principal->user;
  auto inbox = services::Inbox(call.services.store, user);
  if (!inbox) return ErrorResponse(inbox.error());
  size_t unread = 0;
  for (const auto& item : *inbox) unread += item.delivery.read_at == 0;
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  auto assignments = services::MyAssignments(
      call.services.store, user,
      {.limit = 0, .today = LocalDate(NowMillis(), settings->utc_offset_minutes)});
  if (!assignments) return ErrorResponse(assignments.error());
  auto signing = call.services.store.Read([&](const store::ReadTxn& txn) -> Result<json> {
    auto mine = txn.SigningRequestsForSigner(user.id);
    if (!mine) return mine.error();
    size_t waiting = 0, signed_count = 0;
    for (const auto& r : *mine) {
      waiting += r.status == store::SigningStatus::kWaiting;
      signed_count += r.status == store::SigningStatus::kSigned;
    }
    auto watched = txn.WatchedLetters(user.id);
    if (!watched) return watched.error();
    return json{{"waiting_for_signature", waiting},
                {"signed", signed_count},
                {"watched", watched->size()}};
  });
  if (!signing) return ErrorResponse(signing.error());
  auto notes = services::ListNotifications(call.services.store, user, true, 0);
  if (!notes) return ErrorResponse(notes.error());
  json out = {{"new_incoming", unread},
              {"waiting_to_accept", inbox->size()},
              {"assigned_to_me", assignments->open},
              {"overdue", assignments->overdue},
              {"unread_notifications", notes->unread}};
  out.update(*signing);
  return JsonResponse(200, out);
}

}  // namespace saraban::api
