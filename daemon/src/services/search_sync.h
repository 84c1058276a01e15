// SearchSync keeps the search index in step with the store: it applies the
// store's change log to the index from the sequence the index last recorded,
// so after a crash or a restore the index catches up by itself (DESIGN.md
// invariant 3). A background thread applies changes as they come; a search
// first calls CatchUp so a clerk finds the letter they just registered.
// Thread-safety: all methods may be called from any thread; catching up is
// serialised inside.
#ifndef SARABAN_DAEMON_SERVICES_SEARCH_SYNC_H_
#define SARABAN_DAEMON_SERVICES_SEARCH_SYNC_H_

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "core/error.h"
#include "indexer/indexer.h"
#include "store/store.h"

namespace saraban::services {

class SearchSync {
 public:
  SearchSync(store::Store& store, indexer::Index& index) : store_(store), index_(index) {}
  ~SearchSync() { Stop(); }
  SearchSync(const SearchSync&) = delete;
  SearchSync& operator=(const SearchSync&) = delete;

  // Applies the changes the index has not seen, at least up to the last one
  // made before the call; returns how many letters it applied.
  Result<size_t> CatchUp();
  // Indexes every letter afresh into an empty index (saraban reindex), then
  // records the change log position. `progress(done, total)` after each batch.
  Result<size_t> Rebuild(const std::function<void(size_t, size_t)>& progress);
  // Runs CatchUp in the background about once a second until Stop.
  void Start();
  void Stop();

 private:
  store::Store& store_;
  indexer::Index& index_;
  std::mutex catch_up_mu_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::thread thread_;
};

// What the index needs of a letter: its metadata, dates in the office's time
// zone, and the text of its current attachments.
Result<indexer::LetterDoc> LoadLetterDoc(const store::ReadTxn& txn, const store::Letter& letter,
                                         int utc_offset_minutes);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_SEARCH_SYNC_H_
