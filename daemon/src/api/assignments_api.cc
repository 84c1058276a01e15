// Instructions: forward a letter with a routing slip; the assignees'
// acknowledge, comment, report, done; extensions; "assigned to me".
#include "api/handlers.h"
#include "core/calendar.h"
#include "services/assignments.h"

namespace saraban::api {
namespace {

json NotesView(const store::Assignment& a, const services::OfficeSettings& s) {
  json notes = json::array();
  for (const auto& n : a.notes) {
    notes.push_back({{"at", FormatTimestamp(n.at, s.utc_offset_minutes)},
                     {"user_id", n.user_id},
                     {"kind", n.kind},
                     {"text", n.text},
                     {"due_date", n.due_date.empty() ? json(nullptr) : json(n.due_date)}});
  }
  return notes;
}

http::HttpResponse Act(Call& call, services::AssignmentAction action) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto text = body->String("text", false, 5000);
  std::optional<std::string> due;
  if (action == services::AssignmentAction::kExtend) due = body->String("due_date", true, 10);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto a = services::ActOnAssignment(call.services.store, ActorOf(call), *id, action,
                                     text.value_or(""), due);
  if (!a) return ErrorResponse(a.error());
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  return JsonResponse(200, AssignmentView(*a, *settings));
}

}  // namespace

json AssignmentView(const store::Assignment& a, const services::OfficeSettings& s) {
  const CivilDate today = LocalDate(NowMillis(), s.utc_offset_minutes);
  return {{"id", a.id},
          {"letter_id", a.letter_id},
          {"from_user", a.from_user},
          {"to_user", a.to_user == 0 ? json(nullptr) : json(a.to_user)},
          {"to_unit", a.to_unit == 0 ? json(nullptr) : json(a.to_unit)},
          {"purpose", a.purpose},
          {"instruction", a.instruction},
          {"due_date", a.due_date.empty() ? json(nullptr) : json(a.due_date)},
          {"status", services::AssignmentStatusName(a.status)},
          {"overdue", services::IsOverdue(a, today)},
          {"created_at", FormatTimestamp(a.created_at, s.utc_offset_minutes)},
          {"notes", NotesView(a, s)}};
}

http::HttpResponse ForwardLetter(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  services::ForwardRequest req;
  if (auto users = body->IdList("user_ids")) req.user_ids = *users;
  if (auto units = body->IdList("unit_ids")) req.unit_ids = *units;
  if (auto purpose = body->String("purpose", false, 20)) req.purpose = *purpose;
  req.instruction = body->String("instruction", true, 5000).value_or("");
  req.due_date = body->String("due_date", false, 10);
  if (auto days = body->Int("due_days", false, 0, 3650)) req.due_days = static_cast<int>(*days);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto made = services::Forward(call.services.store, ActorOf(call), *id, req);
  if (!made) return ErrorResponse(made.error());
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  json out = json::array();
  for (const auto& a : *made) out.push_back(AssignmentView(a, *settings));
  return JsonResponse(200, {{"assignments", out}});
}

http::HttpResponse MyAssignments(Call& call) {
  std::optional<Error> error;
  const Page page = ReadPage(call, 50, 200, &error);
  if (error) return ErrorResponse(*error);
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  const services::MyAssignmentsQuery query{
      .open_only = call.request.Query("open").value_or("") == "true",
      .offset = page.offset,
      .limit = page.limit,
      .today = LocalDate(NowMillis(), settings->utc_offset_minutes)};
  auto mine = services::MyAssignments(call.services.store, call.principal->user, query);
  if (!mine) return ErrorResponse(mine.error());
  json out = json::array();
  for (const auto& item : mine->items) {
    json v = AssignmentView(item.assignment, *settings);
    v.erase("notes");
    v["notes_count"] = item.notes_count;
    v["letter_subject"] = item.letter_subject;
    out.push_back(std::move(v));
  }
  return JsonResponse(200, {{"total", mine->total},
                            {"overdue", mine->overdue},
                            {"offset", page.offset},
                            {"limit", page.limit},
                            {"assignments", std::move(out)}});
}

http::HttpResponse AcknowledgeAssignment(Call& call) {
  return Act(call, services::AssignmentAction::kAcknowledge);
}
http::HttpResponse CommentAssignment(Call& call) {
  return Act(call, services::AssignmentAction::kComment);
}
http::HttpResponse ReportAssignment(Call& call) {
  return Act(call, services::AssignmentAction::kReport);
}
http::HttpResponse FinishAssignment(Call& call) { return Act(call, services::AssignmentAction::kDone); }
http::HttpResponse ExtendAssignment(Call& call) {
  return Act(call, services::AssignmentAction::kExtend);
}

}  // namespace saraban::api
