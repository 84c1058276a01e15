#include "services/ocr_pool.h"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "services/settings.h"

namespace saraban::services {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Updates an attachment's status fields in its own transaction.
Status UpdateStatus(store::Store& store, uint64_t id, store::TextStatus status, int pages,
                    int pages_done) {
  return store.Write([&](store::WriteTxn& txn) -> Status {
    auto a = txn.GetAttachment(id);
    if (!a) return a.status();
    if (!*a) return Status::Ok();
    (*a)->text_status = status;
    (*a)->pages = pages;
    (*a)->pages_done = pages_done;
    return txn.PutAttachment(**a);
  });
}

}  // namespace

Status RecordExtraction(store::Store& store, const store::OcrJob& job, bool ok,
                        const std::string& text, int pages, const std::string& method,
                        const std::string& error) {
  return store.Write([&](store::WriteTxn& txn) -> Status {
    if (Status s = txn.DeleteJob(job.seq); !s) return s;
    auto a = txn.GetAttachment(job.attachment_id);
    if (!a) return a.status();
    if (!*a) return Status::Ok();
    store::Attachment att = **a;
    att.text_status = ok ? store::TextStatus::kDone : store::TextStatus::kFailed;
    att.error = ok ? "" : error;
    att.method = method;
    if (ok) {
      att.pages = pages;
      att.pages_done = pages;
      if (Status s = txn.PutAttachmentText(att.id, text); !s) return s;
    }
    if (Status s = txn.PutAttachment(att); !s) return s;
    return txn.AppendChange("letter", att.letter_id).status();
  });
}

OcrPool::OcrPool(store::Store& store, store::BlobStore& blobs, OcrPoolOptions options)
    : store_(store), blobs_(blobs), options_(options) {}

void OcrPool::Start() {
  for (int i = 0; i < options_.workers; ++i) threads_.emplace_back([this] { WorkerLoop(); });
}

void OcrPool::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void OcrPool::Wake() {
  {
    std::lock_guard lock(mu_);
    ++wakeups_;
  }
  cv_.notify_one();
}

bool OcrPool::stopping() const {
  std::lock_guard lock(mu_);
  return stopping_;
}

size_t OcrPool::Running() const {
  std::lock_guard lock(mu_);
  return in_flight_.size();
}

std::optional<store::OcrJob> OcrPool::Claim() {
  auto jobs = store_.Read([](const store::ReadTxn& txn) { return txn.ListJobs(64); });
  if (!jobs) {
    std::fprintf(stderr, "saraban: ocr queue: %s\n", jobs.error().message.c_str());
    return std::nullopt;
  }
  std::lock_guard lock(mu_);
  for (const auto& job : *jobs) {
    if (in_flight_.insert(job.attachment_id).second) return job;
  }
  return std::nullopt;
}

void OcrPool::Release(uint64_t attachment_id) {
  std::lock_guard lock(mu_);
  in_flight_.erase(attachment_id);
}

void OcrPool::WorkerLoop() {
  std::optional<Child> child;
  while (!stopping()) {
    auto job = Claim();
    if (!job) {
      // Sleep until a job is announced (or 2 s pass: jobs queued by another
      // path, e.g. before a restart, are found by polling).
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::seconds(2), [this] { return stopping_ || wakeups_ > 0; });
      if (wakeups_ > 0) --wakeups_;
      continue;
    }
    RunJob(*job, child);
    Release(job->attachment_id);
  }
}

void OcrPool::RunJob(const store::OcrJob& job, std::optional<Child>& child) {
  struct Work {
    std::string path, languages;
  };
  auto work = store_.Read([&](const store::ReadTxn& txn) -> Result<std::optional<Work>> {
    auto a = txn.GetAttachment(job.attachment_id);
    if (!a) return a.error();
    auto settings = LoadSettings(txn);
    if (!settings) return settings.error();
    if (!*a || (*a)->deleted) return std::optional<Work>();
    return std::optional<Work>(Work{blobs_.PathOf((*a)->sha256), settings->ocr_languages});
  });
  auto fail = [&](const std::string& why) {
    if (Status s = RecordExtraction(store_, job, false, "", 0, "", why); !s) {
      std::fprintf(stderr, "saraban: ocr: %s\n", s.error().message.c_str());
    }
  };
  if (!work) {
    std::fprintf(stderr, "saraban: ocr: %s\n", work.error().message.c_str());
    return;
  }
  if (!*work) {  // deleted meanwhile: drop the job
    fail("the attachment was deleted");
    return;
  }
  if (!child) {
    auto started = Child::Start({"ocr-worker"}, options_.limits);
    if (!started) {
      fail("cannot start an extraction worker: " + started.error().message);
      return;
    }
    child.emplace(std::move(*started));
  }
  (void)UpdateStatus(store_, job.attachment_id, store::TextStatus::kRunning, 0, 0);
  if (!child->WriteLine(json{{"path", (*work)->path}, {"languages", (*work)->languages}}.dump())) {
    fail("the extraction worker stopped (" + child->KillAndDescribe() + ")");
    child.reset();
    return;
  }
  const auto started_at = Clock::now();
  auto last_progress = started_at;
  for (;;) {
    if (stopping()) {  // leave the job queued: the next start resumes it
      child->KillAndDescribe();
      child.reset();
      (void)UpdateStatus(store_, job.attachment_id, store::TextStatus::kQueued, 0, 0);
      return;
    }
    auto line = child->ReadLine(500);
    if (!line) {  // the worker died on this file
      fail("the file crashed the extraction worker (" + child->WaitAndDescribe() + ")");
      child.reset();
      return;
    }
    const auto now = Clock::now();
    if (!*line) {
      const bool too_long = now - started_at > std::chrono::seconds(options_.job_timeout_seconds);
      const bool stalled =
          now - last_progress > std::chrono::seconds(options_.stall_timeout_seconds);
      if (too_long || stalled) {
        child->KillAndDescribe();
        child.reset();
        fail(too_long ? "extraction took longer than " +
                            std::to_string(options_.job_timeout_seconds) + " s"
                      : "extraction made no progress for " +
                            std::to_string(options_.stall_timeout_seconds) + " s");
        return;
      }
      continue;
    }
    const json msg = json::parse(**line, nullptr, false);
    if (msg.is_discarded() || !msg.is_object()) {
      child->KillAndDescribe();
      child.reset();
      fail("the extraction worker answered nonsense");
      return;
    }
    if (msg.contains("progress")) {
      last_progress = now;
      const int done = msg["progress"][0], total = msg["progress"][1];
      (void)UpdateStatus(store_, job.attachment_id, store::TextStatus::kRunning, total, done);
      continue;
    }
    Status s = msg.value("ok", false)
                   ? RecordExtraction(store_, job, true, msg.value("text", ""),
                                      msg.value("pages", 0), msg.value("method", ""), "")
                   : RecordExtraction(store_, job, false, "", 0, "",
                                      msg.value("message", "extraction failed"));
    if (!s) std::fprintf(stderr, "saraban: ocr: %s\n", s.error().message.c_str());
    return;
  }
}

}  // namespace saraban::services
