// PeriodicTask runs one function on its own thread every `period` until
// stopped, the shape of every background duty of the daemon (pushing
// notifications, due-date reminders, mailing). Poke() runs it again at once
// instead of waiting out the period.
// Thread-safety: Start and Stop from the owner; Poke from any thread. The
// function runs on the task's thread only, never twice at the same time.
#ifndef SARABAN_DAEMON_SERVICES_PERIODIC_TASK_H_
#define SARABAN_DAEMON_SERVICES_PERIODIC_TASK_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace saraban::services {

class PeriodicTask {
 public:
  PeriodicTask(std::chrono::milliseconds period, std::function<void()> run)
      : period_(period), run_(std::move(run)) {}
  ~PeriodicTask() { Stop(); }
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  // Runs the function at once, then every period.
  void Start();
  // Waits for a running call to finish; no call starts after Stop returns.
  void Stop();
  void Poke();

 private:
  const std::chrono::milliseconds period_;
  const std::function<void()> run_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool poked_ = false;
  std::thread thread_;
};

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_PERIODIC_TASK_H_
