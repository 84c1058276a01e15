#include "services/notifications.h"

#include <algorithm>
#include <set>

#include "core/calendar.h"

namespace saraban::services {
namespace {

constexpr size_t kUnreadScan = 1000;  // notifications looked at to count unread ones

Status Put(store::WriteTxn& txn, const store::User& user, const store::Letter& letter,
           std::string_view kind) {
  if (!user.active || user.clearance < letter.secrecy) return Status::Ok();
  auto id = txn.NextId("notification");
  if (!id) return id.status();
  return txn.PutNotification(store::Notification{.id = *id,
                                                 .user_id = user.id,
                                                 .kind = std::string(kind),
                                                 .letter_id = letter.id,
                                                 .text = letter.subject,
                                                 .at = NowMillis()});
}

}  // namespace

Status NotifyUnit(store::WriteTxn& txn, uint64_t unit_id, const store::Letter& letter,
                  std::string_view kind, uint64_t except_user) {
  auto users = txn.ListUsers();
  if (!users) return users.status();
  for (const auto& u : *users) {
    if (u.id == except_user) continue;
    if (std::find(u.unit_ids.begin(), u.unit_ids.end(), unit_id) == u.unit_ids.end()) continue;
    if (Status s = Put(txn, u, letter, kind); !s) return s;
  }
  return Status::Ok();
}

Status NotifyUser(store::WriteTxn& txn, uint64_t user_id, const store::Letter& letter,
                  std::string_view kind) {
  auto user = txn.GetUser(user_id);
  if (!user) return user.status();
  if (!*user) return Status::Ok();
  return Put(txn, **user, letter, kind);
}

Result<NotificationList> ListNotifications(store::Store& store, const store::User& user,
                                           bool unread_only, size_t limit) {
  return store.Read([&](const store::ReadTxn& txn) -> Result<NotificationList> {
    NotificationList out;
    Status s = txn.ForEachNotificationOf(user.id, kUnreadScan, [&](const store::Notification& n) {
      if (!n.read) ++out.unread;
      if (!(unread_only && n.read) && out.items.size() < limit) out.items.push_back(n);
      return true;
    });
    if (!s) return s.error();
    return out;
  });
}

Status MarkNotificationsRead(store::Store& store, const store::User& user,
                             const std::vector<uint64_t>& ids) {
  const std::set<uint64_t> wanted(ids.begin(), ids.end());
  return store.Write([&](store::WriteTxn& txn) -> Status {
    // Collected first: writing while the index is being read would move its cursor.
    std::vector<store::Notification> to_mark;
    Status s = txn.ForEachNotificationOf(user.id, kUnreadScan, [&](const store::Notification& n) {
      if (!n.read && (wanted.empty() || wanted.count(n.id))) to_mark.push_back(n);
      return true;
    });
    if (!s) return s;
    for (auto& n : to_mark) {
      n.read = true;
      if (Status put = txn.PutNotification(n); !put) return put;
    }
    return Status::Ok();
  });
}

}  // namespace saraban::services
