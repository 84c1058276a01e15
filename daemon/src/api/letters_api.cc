// Letters and register books: /api/v1/letters and /api/v1/registers.
#include "api/handlers.h"
#include "api/views.h"
#include "core/calendar.h"
#include "services/authz.h"
#include "services/letters.h"
#include "services/routing.h"

namespace saraban::api {
namespace {

template <class Enum>
std::optional<Enum> ReadEnum(JsonBody& body, const std::string& key,
                             std::optional<Enum> (*parse)(std::string_view)) {
  auto text = body.String(key, false, 32);
  if (!text) return std::nullopt;
  auto value = parse(*text);
  if (!value) body.Fail(key, "has an unknown value '" + *text + "'");
  return value;
}

services::LetterFields ReadLetterFields(JsonBody& body) {
  services::LetterFields f;
  f.direction = ReadEnum<Direction>(body, "direction", ParseDirection);
  f.book = body.String("book", false, 64);
  f.document_no = body.String("document_no", false, 200);
  f.document_date = body.String("document_date", false, 10);
  f.subject = body.String("subject", false, 2000);
  f.from = body.String("from", false, 500);
  f.to = body.String("to", false, 500);
  f.category = body.String("category", false, 200);
  f.delivery_method = body.String("delivery_method", false, 100);
  f.due_date = body.String("due_date", false, 10);
  f.remarks = body.String("remarks", false, 5000);
  if (auto received = body.String("received_at", false, 40)) {
    f.received_at = ParseTimestamp(*received);
    if (!f.received_at) body.Fail("received_at", "must be a time like 2024-05-01T09:30:00+07:00");
  }
  f.urgency = ReadEnum<Urgency>(body, "urgency", ParseUrgency);
  f.secrecy = ReadEnum<Secrecy>(body, "secrecy", ParseSecrecy);
  if (auto days = body.Int("due_days", false, 0, 3650)) f.due_days = static_cast<int32_t>(*days);
  return f;
}

}  // namespace

http::HttpResponse LetterAnswer(Call& call, int status, const store::Letter& letter,
                                bool with_details) {
  auto view = call.services.store.Read([&](const store::ReadTxn& txn) -> Result<json> {
    auto settings = services::LoadSettings(txn);
    if (!settings) return settings.error();
    auto j = LetterJson(txn, *settings, letter);
    if (!j || !with_details) return j;
    auto events = txn.Timeline(letter.id);
    if (!events) return events.error();
    (*j)["timeline"] = TimelineView(*events, *settings);
    // A received copy shows the files of the letter it was received from.
    auto attachments =
        txn.AttachmentsOfLetter(letter.origin_letter_id ? letter.origin_letter_id : letter.id);
    if (!attachments) return attachments.error();
    (*j)["attachments"] = json::array();
    for (const auto& a : *attachments) {
      if (!a.deleted) (*j)["attachments"].push_back(AttachmentView(a));
    }
    auto assignments = txn.AssignmentsOfLetter(letter.id);
    if (!assignments) return assignments.error();
    (*j)["assignments"] = json::array();
    for (const auto& a : *assignments) (*j)["assignments"].push_back(AssignmentView(a, *settings));
    auto deliveries = txn.DeliveriesOfLetter(letter.id);
    if (!deliveries) return deliveries.error();
    (*j)["deliveries"] = json::array();
    for (const auto& d : *deliveries) (*j)["deliveries"].push_back(DeliveryView(txn, d, *settings));
    return j;
  });
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(status, *view);
}

Page ReadPage(const Call& call, uint64_t default_limit, uint64_t max_limit,
              std::optional<Error>* error) {
  Page page;
  page.offset = QueryParam<uint64_t>(call, "offset", ParseCount, error).value_or(0);
  page.limit = QueryParam<uint64_t>(call, "limit", ParseCount, error).value_or(default_limit);
  if (!*error && (page.limit == 0 || page.limit > max_limit)) {
    *error = MakeError(Errc::kInvalidArgument,
                       "limit must be from 1 to " + std::to_string(max_limit));
  }
  return page;
}

LetterFilter ReadLetterFilter(const Call& call, std::optional<Error>* error) {
  LetterFilter f;
  f.unit_id = QueryParam<uint64_t>(call, "unit_id", ParseCount, error);
  f.book = QueryParam<std::string>(call, "book", AnyString, error);
  f.direction = QueryParam<Direction>(call, "direction", ParseDirection, error);
  f.status = QueryParam<LetterStatus>(call, "status", ParseLetterStatus, error);
  f.urgency = QueryParam<Urgency>(call, "urgency", ParseUrgency, error);
  f.secrecy = QueryParam<Secrecy>(call, "secrecy", ParseSecrecy, error);
  if (auto year = QueryParam<uint64_t>(call, "year", ParseCount, error)) {
    f.year = static_cast<int32_t>(*year);
  }
  return f;
}

// The letter view needs its book's number format and its register unit's code.
Result<json> LetterJson(const store::ReadTxn& txn, const services::OfficeSettings& settings,
                        const store::Letter& letter) {
  std::string format = "{no}/{year}", unit_code;
  if (letter.register_no != 0) {
    auto book = txn.GetBook(letter.book);
    if (!book) return book.error();
    if (*book) format = (*book)->number_format;
    auto unit = txn.GetUnit(letter.register_unit_id);
    if (!unit) return unit.error();
    if (*unit) unit_code = (*unit)->code;
  }
  return LetterView(letter, settings, format, unit_code);
}

http::HttpResponse ListLetters(Call& call) {
  std::optional<Error> error;
  services::LetterQuery q;
  q.filter = ReadLetterFilter(call, &error);
  const Page page_asked = ReadPage(call, 50, 200, &error);
  q.offset = page_asked.offset;
  q.limit = page_asked.limit;
  if (error) return ErrorResponse(*error);
  auto page = services::ListLetters(call.services.store, call.principal->user, q);
  if (!page) return ErrorResponse(page.error());
  auto letters = call.services.store.Read([&](const store::ReadTxn& txn) -> Result<json> {
    auto settings = services::LoadSettings(txn);
    if (!settings) return settings.error();
    json out = json::array();
    for (const auto& l : page->letters) {
      auto j = LetterJson(txn, *settings, l);
      if (!j) return j.error();
      out.push_back(std::move(*j));
    }
    return out;
  });
  if (!letters) return ErrorResponse(letters.error());
  return JsonResponse(200, {{"total", page->total},
                            {"offset", q.offset},
                            {"limit", q.limit},
                            {"letters", std::move(*letters)}});
}

http::HttpResponse GetLetter(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto letter = call.services.store.Read([&](const store::ReadTxn& txn) -> Result<store::Letter> {
    auto scope = services::ScopeOf(txn, call.principal->user);
    if (!scope) return scope.error();
    return services::VisibleLetter(txn, *scope, *id);
  });
  if (!letter) return ErrorResponse(letter.error());
  // Opening a letter sent to one's unit tells the sender it was read.
  if (Status s = services::MarkRead(call.services.store, call.principal->user, *id); !s) {
    return ErrorResponse(s.error());
  }
  return LetterAnswer(call, 200, *letter, true);
}

http::HttpResponse CreateLetter(Call& call) {
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto unit_id = body->Int("unit_id", true, 1);
  services::LetterFields f = ReadLetterFields(*body);
  auto register_now = body->Bool("register");
  if (!f.book) body->Fail("book", "is required");
  if (!f.subject || f.subject->empty()) body->Fail("subject", "is required");
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto letter = services::CreateLetter(call.services.store, ActorOf(call),
                                       static_cast<uint64_t>(*unit_id), f,
                                       register_now.value_or(true));
  if (!letter) return ErrorResponse(letter.error());
  return LetterAnswer(call, 201, *letter, true);
}

http::HttpResponse UpdateLetter(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  services::LetterFields f = ReadLetterFields(*body);
  if (f.subject && f.subject->empty()) body->Fail("subject", "must not be empty");
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto letter = services::UpdateLetter(call.services.store, ActorOf(call), *id, f);
  if (!letter) return ErrorResponse(letter.error());
  return LetterAnswer(call, 200, *letter, true);
}

http::HttpResponse RegisterLetter(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto letter = services::RegisterLetter(call.services.store, ActorOf(call), *id);
  if (!letter) return ErrorResponse(letter.error());
  return LetterAnswer(call, 200, *letter, true);
}

http::HttpResponse CancelLetter(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto reason = body->String("reason", true, 1000);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto letter = services::CancelLetter(call.services.store, ActorOf(call), *id, *reason);
  if (!letter) return ErrorResponse(letter.error());
  return LetterAnswer(call, 200, *letter, true);
}

http::HttpResponse RegisterReport(Call& call) {
  std::optional<Error> error;
  auto unit_id = QueryParam<uint64_t>(call, "unit_id", ParseCount, &error);
  auto book = QueryParam<std::string>(call, "book", AnyString, &error);
  auto year = QueryParam<uint64_t>(call, "year", ParseCount, &error);
  auto from = QueryParam<CivilDate>(call, "from", ParseIsoDate, &error);
  auto to = QueryParam<CivilDate>(call, "to", ParseIsoDate, &error);
  if (!error && (!unit_id || !book || !year)) {
    error = MakeError(Errc::kInvalidArgument, "unit_id, book and year are required",
                      "e.g. /api/v1/registers?unit_id=1&book=receive&year=2024 (year in CE)");
  }
  if (error) return ErrorResponse(*error);
  auto report = services::BuildRegisterReport(call.services.store, call.principal->user, *unit_id,
                                              *book, static_cast<int32_t>(*year), from, to);
  if (!report) return ErrorResponse(report.error());
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  json lines = json::array();
  for (const auto& line : report->lines) {
    const auto& e = line.entry;
    json j = {{"number", e.number},
              {"label", services::FormatRegisterNumber(report->book.number_format, e.number, e.year,
                                                       settings->era, report->unit.code)},
              {"letter_id", e.letter_id},
              {"cancelled", e.cancelled},
              {"registered_at", FormatTimestamp(e.at, settings->utc_offset_minutes)},
              {"restricted", !line.letter.has_value()}};
    if (line.letter) {
      j["document_no"] = line.letter->document_no;
      j["document_date"] = line.letter->document_date;
      j["subject"] = line.letter->subject;
      j["from"] = line.letter->from;
      j["to"] = line.letter->to;
    }
    lines.push_back(std::move(j));
  }
  return JsonResponse(200, {{"unit", UnitView(report->unit)},
                            {"book", BookView(report->book)},
                            {"year", report->year},
                            {"display_year", DisplayYear(report->year, settings->era)},
                            {"entries", lines}});
}

}  // namespace saraban::api
