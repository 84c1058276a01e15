// DueReminders tells assignees when an instruction falls due: "due_soon"
// once the due date is at most `due_soon_days` (an office setting) away, and
// "overdue" the day after it passed, to the assignee and to whoever gave the
// instruction. Each reminder goes out once per due date; extending the due
// date arms them again. The office-local date decides (utc_offset_minutes).
//
// Reminders are ordinary notifications (notifications.h), so clearance is
// honoured and they are pushed live and mailed like every other.
// Thread-safety: Start/Stop from the owner; Scan may run from any thread
// (the store serialises its writes).
#ifndef SARABAN_DAEMON_SERVICES_DUE_REMINDERS_H_
#define SARABAN_DAEMON_SERVICES_DUE_REMINDERS_H_

#include <chrono>

#include "core/error.h"
#include "services/periodic_task.h"
#include "store/store.h"

namespace saraban::services {

class DueReminders {
 public:
  DueReminders(store::Store& store, std::chrono::milliseconds period)
      : store_(store), task_(period, [this] { (void)Scan(); }) {}

  void Start() { task_.Start(); }
  void Stop() { task_.Stop(); }

  // Sends the reminders due now; returns how many assignments got one.
  Result<size_t> Scan();

 private:
  store::Store& store_;
  PeriodicTask task_;
};

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_DUE_REMINDERS_H_
