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
    auto all = txn.NotificationsOf(user.id, kUnreadScan);
    if (!all) return all.error();
    NotificationList out;
    for (auto& n : *all) {
      if (!n.read) ++out.unread;
      if (unread_only && n.read) continue;
      if (out.items.size() < limit) out.items.push_back(std::move(n));
    }
    return out;
  });
}

Status MarkNotificationsRead(store::Store& store, const store::User& user,
                             const std::vector<uint64_t>& ids) {
  const std::set<uint64_t> wanted(ids.begin(), ids.end());
  return store.Write([&](store::WriteTxn& txn) -> Status {
    auto all = txn.NotificationsOf(user.id, kUnreadScan);
    if (!all) return all.status();
    for (auto n : *all) {
      if (n.read || (!wanted.empty() && !wanted.count(n.id))) continue;
      n.read = true;
      if (Status s = txn.PutNotification(n); !s) return s;
    }
    return Status::Ok();
  });
}

}  // namespace saraban::services
