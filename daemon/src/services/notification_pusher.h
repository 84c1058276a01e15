// NotificationPusher pushes each connected user's unread count and newest
// notifications over their websocket whenever they change. It polls the
// store once a second for the users that are connected (a read transaction
// per connected user), which keeps the writers of notifications free of any
// knowledge of connections.
// Thread-safety: Start/Stop from the owner; the callbacks are called from
// the pusher's thread.
#ifndef SARABAN_DAEMON_SERVICES_NOTIFICATION_PUSHER_H_
#define SARABAN_DAEMON_SERVICES_NOTIFICATION_PUSHER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "services/periodic_task.h"
#include "store/store.h"

namespace saraban::services {

class NotificationPusher {
 public:
  using Connected = std::function<std::vector<uint64_t>()>;
  using Send = std::function<void(uint64_t user_id, const std::string& text)>;

  NotificationPusher(store::Store& store, Connected connected, Send send)
      : store_(store), connected_(std::move(connected)), send_(std::move(send)) {}
  NotificationPusher(const NotificationPusher&) = delete;
  NotificationPusher& operator=(const NotificationPusher&) = delete;

  void Start() { task_.Start(); }
  void Stop() { task_.Stop(); }

 private:
  void PushChanges();

  store::Store& store_;
  Connected connected_;
  Send send_;
  std::map<uint64_t, std::pair<size_t, uint64_t>> last_;  // user -> (unread, newest id) pushed
  PeriodicTask task_{std::chrono::seconds(1), [this] { PushChanges(); }};
};

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_NOTIFICATION_PUSHER_H_
