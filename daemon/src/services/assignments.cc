#include "services/assignments.h"

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>

#include "core/calendar.h"
#include "services/authz.h"
#include "services/letter_steps.h"
#include "services/notifications.h"
#include "services/sessions.h"
#include "services/settings.h"

namespace saraban::services {
namespace {

using nlohmann::json;
using store::Assignment;
using store::AssignmentStatus;


bool IsAssignee(const store::User& user, const Assignment& a) {
  if (a.to_user) return a.to_user == user.id;
  return std::find(user.unit_ids.begin(), user.unit_ids.end(), a.to_unit) != user.unit_ids.end();
}

// The due date of a request, from a date or a number of days from today.
Result<std::string> DueDate(const std::optional<std::string>& date, std::optional<int> days,
                            const OfficeSettings& settings) {
  if (date && days) return MakeError(Errc::kInvalidArgument, "give due_date or due_days, not both");
  if (date) {
    if (!ParseIsoDate(*date)) {
      return MakeError(Errc::kInvalidArgument, "'" + *date + "' is not a date (YYYY-MM-DD)");
    }
    return *date;
  }
  if (days) {
    return FormatIsoDate(AddDays(LocalDate(NowMillis(), settings.utc_offset_minutes), *days));
  }
  return std::string();
}

}  // namespace

std::string_view AssignmentStatusName(AssignmentStatus s) {
  switch (s) {
    case AssignmentStatus::kOpen: return "open";
    case AssignmentStatus::kAcknowledged: return "acknowledged";
    case AssignmentStatus::kDone: return "done";
  }
  return "open";
}

bool IsOverdue(const Assignment& a, const CivilDate& today) {
  if (a.status == AssignmentStatus::kDone || a.due_date.empty()) return false;
  auto due = ParseIsoDate(a.due_date);
  return due && *due < today;
}

Result<std::vector<Assignment>> Forward(store::Store& store, const Actor& actor, uint64_t letter_id,
                                        const ForwardRequest& req) {
  if (req.user_ids.empty() && req.unit_ids.empty()) {
    return MakeError(Errc::kInvalidArgument, "forward to at least one person or unit");
  }
  if (req.purpose != "action" && req.purpose != "information") {
    return MakeError(Errc::kInvalidArgument, "purpose must be action or information");
  }
  return store.Write([&](store::WriteTxn& txn) -> Result<std::vector<Assignment>> {
    auto settings = LoadSettings(txn);
    if (!settings) return settings.error();
    auto scope = ScopeOf(txn, actor.user);
    if (!scope) return scope.error();
    auto letter = VisibleLetter(txn, *scope, letter_id);
    if (!letter) return letter.error();
    if (!actor.user.HasRole(Role::kExecutive) && !IsRegistrarOf(actor.user, letter->unit_id)) {
      return MakeError(Errc::kForbidden, "only an executive or the unit's registrar gives instructions");
    }
    if (letter->status != LetterStatus::kRegistered) {
      return MakeError(Errc::kConflict, "only a registered, open letter can be forwarded");
    }
    auto due = DueDate(req.due_date, req.due_days, *settings);
    if (!due) return due.error();
    std::vector<Assignment> made;
    const int64_t now = NowMillis();
    auto add = [&](uint64_t user, uint64_t unit) -> Status {
      auto id = txn.NextId("assignment");
      if (!id) return id.status();
      Assignment a{.id = *id,
                   .letter_id = letter_id,
                   .from_user = actor.user.id,
                   .to_user = user,
                   .to_unit = unit,
                   .purpose = req.purpose,
                   .instruction = req.instruction,
                   .due_date = *due,
                   .created_at = now};
      if (Status s = txn.PutAssignment(a); !s) return s;
      Status told = user ? NotifyUser(txn, user, *letter, "assigned")
                         : NotifyUnit(txn, unit, *letter, "assigned", actor.user.id);
      if (!told) return told;
      made.push_back(a);
      return Status::Ok();
    };
    for (uint64_t user_id : std::set<uint64_t>(req.user_ids.begin(), req.user_ids.end())) {
      auto user = txn.GetUser(user_id);
      if (!user) return user.error();
      if (!*user || !(*user)->active) {
        return MakeError(Errc::kInvalidArgument, "no user " + std::to_string(user_id));
      }
      if ((*user)->clearance < letter->secrecy) {
        return MakeError(Errc::kConflict, "user " + (*user)->username +
                                              " is not cleared for this letter's secrecy");
      }
      if (Status s = add(user_id, 0); !s) return s.error();
    }
    for (uint64_t unit_id : std::set<uint64_t>(req.unit_ids.begin(), req.unit_ids.end())) {
      auto unit = txn.GetUnit(unit_id);
      if (!unit) return unit.error();
      if (!*unit) return MakeError(Errc::kInvalidArgument, "no unit " + std::to_string(unit_id));
      if (Status s = add(0, unit_id); !s) return s.error();
    }
    json ids = json::array();
    for (const auto& a : made) ids.push_back(a.id);
    if (Status s = RecordLetterStep(txn, actor, letter_id, "forwarded",
                         {{"assignments", ids},
                          {"user_ids", req.user_ids},
                          {"unit_ids", req.unit_ids},
                          {"purpose", req.purpose},
                          {"instruction", req.instruction},
                          {"due_date", *due}});
        !s) {
      return s.error();
    }
    return made;
  });
}

Result<Assignment> ActOnAssignment(store::Store& store, const Actor& actor, uint64_t id,
                                   AssignmentAction action, const std::string& text,
                                   std::optional<std::string> due_date) {
  return store.Write([&](store::WriteTxn& txn) -> Result<Assignment> {
    auto found = txn.GetAssignment(id);
    if (!found) return found.error();
    auto scope = ScopeOf(txn, actor.user);
    if (!scope) return scope.error();
    if (!*found) return MakeError(Errc::kNotFound, "no assignment " + std::to_string(id));
    Assignment a = **found;
    if (auto letter = VisibleLetter(txn, *scope, a.letter_id); !letter) return letter.error();
    const bool assignee = IsAssignee(actor.user, a);
    const int64_t now = NowMillis();
    std::string event;
    store::AssignmentNote note{.at = now, .user_id = actor.user.id, .text = text};
    switch (action) {
      case AssignmentAction::kComment:
        note.kind = event = "comment";
        break;
      case AssignmentAction::kAcknowledge:
      case AssignmentAction::kReport:
      case AssignmentAction::kDone:
        if (!assignee) return MakeError(Errc::kForbidden, "this is not assigned to you");
        if (a.status == AssignmentStatus::kDone) {
          return MakeError(Errc::kConflict, "the assignment is done already");
        }
        if (action == AssignmentAction::kAcknowledge) {
          if (a.status != AssignmentStatus::kOpen) {
            return MakeError(Errc::kConflict, "the assignment is acknowledged already");
          }
          a.status = AssignmentStatus::kAcknowledged;
          a.acknowledged_at = now;
          note.kind = event = "acknowledged";
        } else if (action == AssignmentAction::kReport) {
          note.kind = event = "report";
        } else {
          a.status = AssignmentStatus::kDone;
          a.done_at = now;
          if (a.acknowledged_at == 0) a.acknowledged_at = now;
          note.kind = event = "done";
        }
        break;
      case AssignmentAction::kExtend: {
        if (a.from_user != actor.user.id && !actor.user.HasRole(Role::kExecutive)) {
          return MakeError(Errc::kForbidden,
                           "only whoever gave the instruction, or an executive, extends it");
        }
        if (a.status == AssignmentStatus::kDone) {
          return MakeError(Errc::kConflict, "the assignment is done already");
        }
        if (!due_date || !ParseIsoDate(*due_date)) {
          return MakeError(Errc::kInvalidArgument, "a new due_date (YYYY-MM-DD) is required");
        }
        if (text.empty()) return MakeError(Errc::kInvalidArgument, "give a reason for the extension");
        note.kind = event = "extended";
        note.due_date = *due_date;
        a.due_date = *due_date;
        break;
      }
    }
    if ((action == AssignmentAction::kComment || action == AssignmentAction::kReport) &&
        text.empty()) {
      return MakeError(Errc::kInvalidArgument, "the text is empty");
    }
    a.notes.push_back(note);
    if (Status s = txn.PutAssignment(a); !s) return s.error();
    if (Status s = RecordLetterStep(txn, actor, a.letter_id, "assignment_" + event,
                         {{"assignment_id", a.id}, {"text", text}, {"due_date", a.due_date}});
        !s) {
      return s.error();
    }
    return a;
  });
}

Result<MyAssignmentsPage> MyAssignments(store::Store& store, const store::User& user,
                                        const MyAssignmentsQuery& query) {
  return store.Read([&](const store::ReadTxn& txn) -> Result<MyAssignmentsPage> {
    auto ids = txn.AssignmentIdsToUser(user.id);
    if (!ids) return ids.error();
    for (uint64_t unit : user.unit_ids) {
      auto of_unit = txn.AssignmentIdsToUnit(unit);
      if (!of_unit) return of_unit.error();
      ids->insert(ids->end(), of_unit->begin(), of_unit->end());
    }
    std::sort(ids->begin(), ids->end(), std::greater<>());  // ids grow: newest first
    ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
    MyAssignmentsPage page;
    for (uint64_t id : *ids) {
      auto a = txn.GetAssignment(id);
      if (!a) return a.error();
      if (!*a) continue;
      auto letter = txn.GetLetter((*a)->letter_id);
      if (!letter) return letter.error();
      if (!*letter || (*letter)->secrecy > user.clearance) continue;  // within clearance only
      const bool done = (*a)->status == AssignmentStatus::kDone;
      page.open += !done;
      page.overdue += IsOverdue(**a, query.today);
      if (query.open_only && done) continue;
      if (page.total++ < query.offset || page.items.size() >= query.limit) continue;
      MyAssignment item{.notes_count = (*a)->notes.size(), .letter_subject = (*letter)->subject};
      (*a)->notes.clear();
      item.assignment = std::move(**a);
      page.items.push_back(std::move(item));
    }
    return page;
  });
}

}  // namespace saraban::services
