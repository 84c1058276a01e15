// Letters between units: send, accept, return, recall, close, delete a
// draft, and the inbox of new incoming letters.
#include "api/handlers.h"
#include "api/views.h"
#include "core/calendar.h"
#include "services/route_view.h"
#include "services/routing.h"

namespace saraban::api {
namespace {

// The optional "unit_id" of a receiver-side action.
std::optional<uint64_t> UnitOf(JsonBody& body) {
  auto unit = body.Int("unit_id", false, 1);
  if (!unit) return std::nullopt;
  return static_cast<uint64_t>(*unit);
}

}  // namespace

json DeliveryView(const store::ReadTxn& txn, const store::Delivery& d,
                  const services::OfficeSettings& s) {
  auto time = [&](int64_t ms) {
    return ms == 0 ? json(nullptr) : json(FormatTimestamp(ms, s.utc_offset_minutes));
  };
  json j = {{"id", d.id},
            {"letter_id", d.letter_id},
            {"from_unit", d.from_unit},
            {"to_unit", d.to_unit},
            {"status", services::DeliveryStatusName(d.status)},
            {"circular", d.circular},
            {"sent_at", time(d.sent_at)},
            {"read_at", time(d.read_at)},
            {"acted_at", time(d.acted_at)},
            {"note", d.note.empty() ? json(nullptr) : json(d.note)},
            {"copy_id", d.copy_id == 0 ? json(nullptr) : json(d.copy_id)},
            {"receive_no", nullptr}};
  if (d.copy_id != 0) {
    if (auto copy = txn.GetLetter(d.copy_id); copy && *copy) j["receive_no"] = (*copy)->register_no;
  }
  return j;
}

http::HttpResponse SendLetter(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  services::SendRequest req;
  if (auto units = body->IdList("unit_ids", true)) req.unit_ids = *units;
  if (auto ext = body->StringList("external_recipients")) req.external_recipients = *ext;
  req.circular = body->Bool("circular").value_or(false);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto sent = services::SendLetter(call.services.store, ActorOf(call), *id, req);
  if (!sent) return ErrorResponse(sent.error());
  auto view = call.services.store.Read([&](const store::ReadTxn& txn) -> Result<json> {
    auto settings = services::LoadSettings(txn);
    if (!settings) return settings.error();
    json out = json::array();
    for (const auto& d : *sent) out.push_back(DeliveryView(txn, d, *settings));
    return out;
  });
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(200, {{"deliveries", *view}});
}

http::HttpResponse AcceptLetter(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto unit = UnitOf(*body);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto copy = services::AcceptLetter(call.services.store, ActorOf(call), *id, unit);
  if (!copy) return ErrorResponse(copy.error());
  return LetterAnswer(call, 200, *copy, true);
}

http::HttpResponse ReturnLetter(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto unit = UnitOf(*body);
  auto note = body->String("note", true, 2000);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  if (Status s = services::ReturnLetter(call.services.store, ActorOf(call), *id, unit, *note); !s) {
    return ErrorResponse(s.error());
  }
  return NoContent();
}

http::HttpResponse RecallLetter(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto unit = UnitOf(*body);
  auto reason = body->String("reason", false, 2000);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto recalled =
      services::RecallLetter(call.services.store, ActorOf(call), *id, unit, reason.value_or(""));
  if (!recalled) return ErrorResponse(recalled.error());
  json units = json::array();
  for (const auto& d : *recalled) units.push_back(d.to_unit);
  return JsonResponse(200, {{"recalled_from", units}});
}

http::HttpResponse CloseLetter(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto note = body->String("note", false, 2000);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto letter = services::CloseLetter(call.services.store, ActorOf(call), *id, note.value_or(""));
  if (!letter) return ErrorResponse(letter.error());
  return LetterAnswer(call, 200, *letter, true);
}

http::HttpResponse DeleteLetter(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  if (Status s = services::DeleteDraft(call.services.store, ActorOf(call), *id); !s) {
    return ErrorResponse(s.error());
  }
  return NoContent();
}

http::HttpResponse Inbox(Call& call) {
  auto items = services::Inbox(call.services.store, call.principal->user);
  if (!items) return ErrorResponse(items.error());
  auto view = call.services.store.Read([&](const store::ReadTxn& txn) -> Result<json> {
    auto settings = services::LoadSettings(txn);
    if (!settings) return settings.error();
    json out = json::array();
    for (const auto& item : *items) {
      auto letter = LetterJson(txn, *settings, item.letter);
      if (!letter) return letter.error();
      out.push_back({{"delivery", DeliveryView(txn, item.delivery, *settings)},
                     {"letter", std::move(*letter)}});
    }
    return out;
  });
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(200, {{"total", view->size()}, {"items", *view}});
}

http::HttpResponse LetterRoute(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto view = call.services.store.Read([&](const store::ReadTxn& txn) -> Result<json> {
    auto settings = services::LoadSettings(txn);
    if (!settings) return settings.error();
    auto route = services::TraceRoute(txn, call.principal->user, *id);
    if (!route) return route.error();
    auto unit_json = [&](uint64_t unit_id) -> Result<json> {
      auto unit = txn.GetUnit(unit_id);
      if (!unit) return unit.error();
      return *unit ? UnitView(**unit) : json{{"id", unit_id}};
    };
    json stops = json::array();
    for (const auto& stop : route->stops) {
      auto unit = unit_json(stop.unit_id);
      if (!unit) return unit.error();
      stops.push_back(
          {{"unit", std::move(*unit)},
           {"from_unit_id", stop.from_unit_id == 0 ? json(nullptr) : json(stop.from_unit_id)},
           {"depth", stop.depth},
           {"state", stop.state},
           {"letter_id", stop.letter_id ? json(*stop.letter_id) : json(nullptr)},
           {"delivery",
            stop.delivery ? DeliveryView(txn, *stop.delivery, *settings) : json(nullptr)}});
    }
    json current = json::array();
    for (uint64_t unit_id : route->current_unit_ids) {
      auto unit = unit_json(unit_id);
      if (!unit) return unit.error();
      current.push_back(std::move(*unit));
    }
    return json{{"letter_id", *id},
                {"origin_letter_id", route->origin_letter_id},
                {"stops", std::move(stops)},
                {"current", std::move(current)}};
  });
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(200, *view);
}

}  // namespace saraban::api
