// In-app notifications. They are written inside the transaction of the step
// they report (sending, returning, recalling, assigning, signing), so a
// notification exists exactly when its step committed. Secrecy is honoured
// here: a user not cleared for a letter is never told about it.
// Thread-safety: functions only.
#ifndef SARABAN_DAEMON_SERVICES_NOTIFICATIONS_H_
#define SARABAN_DAEMON_SERVICES_NOTIFICATIONS_H_

#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/store.h"

namespace saraban::services {

// Notifies every active member of `unit_id` cleared for the letter, except
// `except_user` (who did the step).
Status NotifyUnit(store::WriteTxn& txn, uint64_t unit_id, const store::Letter& letter,
                  std::string_view kind, uint64_t except_user);
// Notifies one user, if active and cleared for the letter.
Status NotifyUser(store::WriteTxn& txn, uint64_t user_id, const store::Letter& letter,
                  std::string_view kind);

struct NotificationList {
  size_t unread = 0;
  std::vector<store::Notification> items;  // newest first
};
Result<NotificationList> ListNotifications(store::Store& store, const store::User& user,
                                           bool unread_only, size_t limit);
// Marks the given notifications of the user read (all of them when `ids` is empty).
Status MarkNotificationsRead(store::Store& store, const store::User& user,
                             const std::vector<uint64_t>& ids);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_NOTIFICATIONS_H_
