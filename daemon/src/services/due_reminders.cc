#include "services/due_reminders.h"

#include <cstdio>
#include <vector>

#include "core/calendar.h"
#include "services/notifications.h"
#include "services/settings.h"

namespace saraban::services {
namespace {

using store::Assignment;

constexpr size_t kPage = 500;

enum class Reminder { kNone, kDueSoon, kOverdue };

Reminder ReminderFor(const Assignment& a, const CivilDate& today, int due_soon_days) {
  if (a.status == store::AssignmentStatus::kDone || a.due_date.empty()) return Reminder::kNone;
  auto due = ParseIsoDate(a.due_date);
  if (!due) return Reminder::kNone;
  if (*due < today) {
    return a.reminded_overdue == a.due_date ? Reminder::kNone : Reminder::kOverdue;
  }
  if (!(AddDays(today, due_soon_days) < *due) && a.reminded_due_soon != a.due_date) {
    return Reminder::kDueSoon;
  }
  return Reminder::kNone;
}

// The assignee (a person, or every member of a unit) is told; for an
// overdue item also whoever gave the instruction.
Status Send(store::WriteTxn& txn, Assignment& a, Reminder r) {
  auto letter = txn.GetLetter(a.letter_id);
  if (!letter) return letter.status();
  if (!*letter) return Status::Ok();
  const char* kind = r == Reminder::kOverdue ? "overdue" : "due_soon";
  Status told = a.to_user ? NotifyUser(txn, a.to_user, **letter, kind)
                          : NotifyUnit(txn, a.to_unit, **letter, kind, 0);
  if (!told) return told;
  if (r == Reminder::kOverdue) {
    if (Status s = NotifyUser(txn, a.from_user, **letter, kind); !s) return s;
    a.reminded_overdue = a.due_date;
  } else {
    a.reminded_due_soon = a.due_date;
  }
  return txn.PutAssignment(a);
}

}  // namespace

Result<size_t> DueReminders::Scan() {
  // Find candidates on a snapshot, so the writer is held only when there is
  // something to send; each is checked again inside the write.
  auto candidates = store_.Read([&](const store::ReadTxn& txn) -> Result<std::vector<uint64_t>> {
    auto settings = LoadSettings(txn);
    if (!settings) return settings.error();
    const CivilDate today = LocalDate(NowMillis(), settings->utc_offset_minutes);
    std::vector<uint64_t> ids;
    for (uint64_t after = 0;;) {
      auto page = txn.AssignmentsAfter(after, kPage);
      if (!page) return page.error();
      for (const Assignment& a : *page) {
        if (ReminderFor(a, today, settings->due_soon_days) != Reminder::kNone) ids.push_back(a.id);
      }
      if (page->size() < kPage) return ids;
      after = page->back().id;
    }
  });
  if (!candidates) return candidates.error();
  if (candidates->empty()) return size_t{0};
  auto sent = store_.Write([&](store::WriteTxn& txn) -> Result<size_t> {
    auto settings = LoadSettings(txn);
    if (!settings) return settings.error();
    const CivilDate today = LocalDate(NowMillis(), settings->utc_offset_minutes);
    size_t n = 0;
    for (uint64_t id : *candidates) {
      auto a = txn.GetAssignment(id);
      if (!a) return a.error();
      if (!*a) continue;
      const Reminder r = ReminderFor(**a, today, settings->due_soon_days);
      if (r == Reminder::kNone) continue;
      if (Status s = Send(txn, **a, r); !s) return s.error();
      ++n;
    }
    return n;
  });
  if (!sent) {
    std::fprintf(stderr, "saraban: due-date reminders failed: %s\n", sent.error().message.c_str());
  }
  return sent;
}

}  // namespace saraban::services
