// Instructions and assignments (the routing slip): forwarding a letter to
// people or units with an instruction "for action" or "for information" and
// a due date (a date, or a number of days from today); acknowledging,
// commenting, reporting back, marking done; extending a due date with a
// reason; overdue flags. Each step is one transaction with its timeline
// event and audit entry.
// Thread-safety: functions only.
// Errors: kNotFound (no such letter/assignment the user may see),
// kForbidden (not the assignee / not allowed to forward), kConflict (the
// state does not allow it, e.g. done already), kInvalidArgument.
#ifndef SARABAN_DAEMON_SERVICES_ASSIGNMENTS_H_
#define SARABAN_DAEMON_SERVICES_ASSIGNMENTS_H_

#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/error.h"
#include "services/letters.h"
#include "store/store.h"

namespace saraban::services {

struct ForwardRequest {
  std::vector<uint64_t> user_ids;
  std::vector<uint64_t> unit_ids;
  std::string purpose = "action";  // or "information"
  std::string instruction;
  std::optional<std::string> due_date;
  std::optional<int> due_days;
};

// Executives and registrars who see a registered letter may forward it.
Result<std::vector<store::Assignment>> Forward(store::Store& store, const Actor& actor,
                                               uint64_t letter_id, const ForwardRequest& request);

enum class AssignmentAction { kAcknowledge, kComment, kReport, kDone, kExtend };
// Acknowledge/report/done: the assignee (or a member of the assigned unit);
// comment: anyone who sees the letter; extend: whoever gave the instruction
// or an executive, with a reason and a new due date.
Result<store::Assignment> ActOnAssignment(store::Store& store, const Actor& actor, uint64_t id,
                                          AssignmentAction action, const std::string& text,
                                          std::optional<std::string> due_date);

// An assignment in the user's work list, with the subject of its letter so
// the list reads as letters, not only as instructions. The notes are left
// out (a busy instruction gathers hundreds, and the letter page shows them),
// only their number is kept: a page of the list costs the same however long
// the conversations grow.
struct MyAssignment {
  store::Assignment assignment;  // with `notes` empty
  size_t notes_count = 0;
  std::string letter_subject;
};

struct MyAssignmentsQuery {
  bool open_only = false;  // leave out the done ones
  size_t offset = 0;
  size_t limit = 50;  // 0: only count
  CivilDate today;    // office-local, for the overdue count
};

// One page of the list, newest first, and counts over the whole of it.
struct MyAssignmentsPage {
  size_t total = 0;    // assignments matching the query
  size_t open = 0;     // not done, whatever the query
  size_t overdue = 0;  // past their due date and not done
  std::vector<MyAssignment> items;
};

// Assignments to the user or to their units whose letter is within the
// user's clearance. Records are read one at a time, so memory stays that of
// one page however many assignments the user has.
Result<MyAssignmentsPage> MyAssignments(store::Store& store, const store::User& user,
                                        const MyAssignmentsQuery& query);

// Whether an assignment is past its due date on the office-local `today`.
bool IsOverdue(const store::Assignment& a, const CivilDate& today);

std::string_view AssignmentStatusName(store::AssignmentStatus s);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_ASSIGNMENTS_H_
