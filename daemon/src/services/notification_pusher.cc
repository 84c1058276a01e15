#include "services/notification_pusher.h"

#include <nlohmann/json.hpp>
#include <set>

#include "services/notifications.h"

namespace saraban::services {

void NotificationPusher::PushChanges() {
  const std::vector<uint64_t> users = connected_();
  const std::set<uint64_t> online(users.begin(), users.end());
  for (auto it = last_.begin(); it != last_.end();) {  // forget who left: they get a fresh push
    it = online.count(it->first) ? std::next(it) : last_.erase(it);
  }
  for (uint64_t user_id : users) {
    auto user = store_.Read([&](const store::ReadTxn& txn) { return txn.GetUser(user_id); });
    if (!user || !*user) continue;
    auto list = ListNotifications(store_, **user, true, 5);
    if (!list) continue;
    const uint64_t newest = list->items.empty() ? 0 : list->items.front().id;
    const auto state = std::make_pair(list->unread, newest);
    auto known = last_.find(user_id);
    if (known != last_.end() && known->second == state) continue;
    last_[user_id] = state;
    nlohmann::json latest = nlohmann::json::array();
    for (const auto& n : list->items) {
      latest.push_back({{"id", n.id}, {"kind", n.kind}, {"letter_id", n.letter_id},
                        {"text", n.text}});
    }
    send_(user_id, nlohmann::json{{"type", "notifications"},
                                  {"unread", list->unread},
                                  {"latest", latest}}
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
}

}  // namespace saraban::services
