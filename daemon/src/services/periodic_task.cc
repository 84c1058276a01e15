#include "services/periodic_task.h"

namespace saraban::services {

void PeriodicTask::Start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      poked_ = false;
      lock.unlock();
      run_();
      lock.lock();
      cv_.wait_for(lock, period_, [this] { return stopping_ || poked_; });
    }
  });
}

void PeriodicTask::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicTask::Poke() {
  {
    std::lock_guard lock(mu_);
    poked_ = true;
  }
  cv_.notify_all();
}

}  // namespace saraban::services
