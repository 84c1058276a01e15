// Letter-level comments, POST /api/v1/letters/{id}/comments: a note anyone
// who sees the letter adds to its timeline (action "comment"), recorded like
// every other step (timeline, audit, change log) in one transaction.
// Comments on an instruction stay on /api/v1/assignments/{id}/comment.
#include "api/handlers.h"
#include "core/calendar.h"
#include "services/authz.h"
#include "services/letter_steps.h"

namespace saraban::api {

http::HttpResponse AddLetterComment(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  std::string text = body->String("text", true, 5000).value_or("");
  if (body->Has("text") && text.find_first_not_of(" \t\r\n") == std::string::npos) {
    body->Fail("text", "is empty");
  }
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  const services::Actor actor = ActorOf(call);
  auto event = call.services.store.Write([&](store::WriteTxn& txn) -> Result<store::TimelineEvent> {
    auto scope = services::ScopeOf(txn, actor.user);
    if (!scope) return scope.error();
    if (auto letter = services::VisibleLetter(txn, *scope, *id); !letter) return letter.error();
    if (Status s = services::RecordLetterStep(txn, actor, *id, "comment", {{"text", text}}); !s) {
      return s.error();
    }
    auto events = txn.Timeline(*id);  // read back: the answer shows the event as stored
    if (!events) return events.error();
    return events->back();
  });
  if (!event) return ErrorResponse(event.error());
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  return JsonResponse(201, {{"letter_id", *id},
                            {"at", FormatTimestamp(event->at, settings->utc_offset_minutes)},
                            {"user_id", event->user_id},
                            {"action", event->action},
                            {"detail", {{"text", text}}}});
}

}  // namespace saraban::api
