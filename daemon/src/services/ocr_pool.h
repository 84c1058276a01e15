// OcrPool turns queued attachments into text. It runs one worker thread per
// worker process (`saraban ocr-worker`, this binary, started with
// OMP_THREAD_LIMIT=1 and a memory limit); each process keeps one Tesseract
// engine for all the files it reads. Jobs come from the LMDB queue that the
// upload committed, so a restart resumes them. A file that crashes a worker,
// or runs past its time limit, is marked failed with the reason and the
// worker is replaced; the queue moves on.
// Thread-safety: Start/Stop/Wake from any thread.
#ifndef SARABAN_DAEMON_SERVICES_OCR_POOL_H_
#define SARABAN_DAEMON_SERVICES_OCR_POOL_H_

#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "services/subprocess.h"
#include "store/blob_store.h"
#include "store/store.h"

namespace saraban::services {

struct OcrPoolOptions {
  int workers = 2;
  int job_timeout_seconds = 900;   // a whole file
  int stall_timeout_seconds = 240;  // between two pages
  ChildLimits limits;
};

class OcrPool {
 public:
  OcrPool(store::Store& store, store::BlobStore& blobs, OcrPoolOptions options);
  ~OcrPool() { Stop(); }
  OcrPool(const OcrPool&) = delete;
  OcrPool& operator=(const OcrPool&) = delete;

  void Start();
  void Stop();
  // A job was queued: wake an idle worker now rather than at its next poll.
  void Wake();
  // Files being read right now (each is still in the queue until its text is recorded).
  size_t Running() const;

 private:
  void WorkerLoop();
  // The oldest queued job no other worker holds, claimed for this one.
  std::optional<store::OcrJob> Claim();
  void Release(uint64_t attachment_id);
  // Runs one job in `child` (started on demand); false if the child had to go.
  void RunJob(const store::OcrJob& job, std::optional<Child>& child);
  bool stopping() const;

  store::Store& store_;
  store::BlobStore& blobs_;
  OcrPoolOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  int wakeups_ = 0;  // jobs announced by Wake and not yet looked for
  std::set<uint64_t> in_flight_;  // attachment ids being worked on
  std::vector<std::thread> threads_;
};

// Records the outcome of a job in one transaction: the text and "done", or
// the failure; removes the job; logs the letter for re-indexing.
Status RecordExtraction(store::Store& store, const store::OcrJob& job, bool ok,
                        const std::string& text, int pages, const std::string& method,
                        const std::string& error);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_OCR_POOL_H_
