// Decides when a search may run. Two reasons to hold one back:
//  - A glass database keeps only the revision before the newest, so a search
//    that spans two commits reads blocks the writer has already reused:
//    Xapian reports that as DatabaseModifiedError or, with bad luck, as
//    DatabaseCorruptError (IndexTest saw both with a writer committing in a
//    tight loop). A commit waits for the running searches, and new searches
//    wait behind a waiting commit so a stream of searches cannot starve it.
//  - A search is CPU-bound (exact totals walk every match). Many at once on
//    a 2-core box leave no CPU for the clerks' registrations, which then
//    hold the store's write lock while descheduled: in the 250-user soak,
//    unbounded searches made register and accept take over a second.
// Thread-safety: all calls may be made from any thread.
#ifndef SARABAN_INDEXER_SEARCH_GATE_H_
#define SARABAN_INDEXER_SEARCH_GATE_H_

#include <condition_variable>
#include <mutex>

namespace saraban::indexer {

class SearchGate {
 public:
  explicit SearchGate(int max_searches) : max_searches_(max_searches < 1 ? 1 : max_searches) {}

  class Search {
   public:
    explicit Search(SearchGate& gate) : gate_(gate) { gate_.BeginSearch(); }
    ~Search() { gate_.EndSearch(); }
    Search(const Search&) = delete;
    Search& operator=(const Search&) = delete;

   private:
    SearchGate& gate_;
  };

  class Commit {
   public:
    explicit Commit(SearchGate& gate) : gate_(gate) { gate_.BeginCommit(); }
    ~Commit() { gate_.EndCommit(); }
    Commit(const Commit&) = delete;
    Commit& operator=(const Commit&) = delete;

   private:
    SearchGate& gate_;
  };

 private:
  void BeginSearch() {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [this] {
      return !committing_ && commits_waiting_ == 0 && searches_ < max_searches_;
    });
    ++searches_;
  }
  void EndSearch() {
    std::lock_guard lock(mu_);
    --searches_;
    changed_.notify_all();
  }
  void BeginCommit() {
    std::unique_lock lock(mu_);
    ++commits_waiting_;
    changed_.wait(lock, [this] { return !committing_ && searches_ == 0; });
    --commits_waiting_;
    committing_ = true;
  }
  void EndCommit() {
    std::lock_guard lock(mu_);
    committing_ = false;
    changed_.notify_all();
  }

  const int max_searches_;
  std::mutex mu_;
  std::condition_variable changed_;
  int searches_ = 0;
  int commits_waiting_ = 0;
  bool committing_ = false;
};

}  // namespace saraban::indexer

#endif  // SARABAN_INDEXER_SEARCH_GATE_H_
