// Keeps index commits and searches apart. A glass database keeps only the
// revision before the newest, so a search that spans two commits reads blocks
// the writer has already reused: Xapian reports that as DatabaseModifiedError
// or, with bad luck, as DatabaseCorruptError (IndexTest saw both with a writer
// committing in a tight loop). Searches run side by side; a commit waits for
// the running ones, and new searches wait behind a waiting commit so a steady
// stream of searches cannot hold the index back.
// Thread-safety: all calls may be made from any thread.
#ifndef SARABAN_INDEXER_COMMIT_GATE_H_
#define SARABAN_INDEXER_COMMIT_GATE_H_

#include <condition_variable>
#include <mutex>

namespace saraban::indexer {

class CommitGate {
 public:
  class Search {
   public:
    explicit Search(CommitGate& gate) : gate_(gate) { gate_.BeginSearch(); }
    ~Search() { gate_.EndSearch(); }
    Search(const Search&) = delete;
    Search& operator=(const Search&) = delete;

   private:
    CommitGate& gate_;
  };

  class Commit {
   public:
    explicit Commit(CommitGate& gate) : gate_(gate) { gate_.BeginCommit(); }
    ~Commit() { gate_.EndCommit(); }
    Commit(const Commit&) = delete;
    Commit& operator=(const Commit&) = delete;

   private:
    CommitGate& gate_;
  };

 private:
  void BeginSearch() {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [this] { return !committing_ && commits_waiting_ == 0; });
    ++searches_;
  }
  void EndSearch() {
    std::lock_guard lock(mu_);
    if (--searches_ == 0) changed_.notify_all();
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

  std::mutex mu_;
  std::condition_variable changed_;
  int searches_ = 0;
  int commits_waiting_ = 0;
  bool committing_ = false;
};

}  // namespace saraban::indexer

#endif  // SARABAN_INDEXER_COMMIT_GATE_H_
