#include "services/search_sync.h"

#include <cstdio>

#include "core/calendar.h"
#include "services/settings.h"

namespace saraban::services {

indexer::LetterDoc ToLetterDoc(const store::Letter& l, int utc_offset_minutes) {
  indexer::LetterDoc d;
  d.id = l.id;
  d.unit_id = l.unit_id;
  d.secrecy = l.secrecy;
  d.book = l.book;
  d.direction = l.direction;
  d.status = l.status;
  d.urgency = l.urgency;
  d.register_year = l.register_year;
  d.register_no = l.register_no;
  d.document_no = l.document_no;
  d.document_date = l.document_date;
  if (l.received_at) d.received_date = FormatIsoDate(LocalDate(l.received_at, utc_offset_minutes));
  d.subject = l.subject;
  d.from = l.from;
  d.to = l.to;
  d.remarks = l.remarks;
  return d;
}

Result<size_t> SearchSync::CatchUp() {
  std::lock_guard lock(catch_up_mu_);
  size_t applied = 0;
  for (;;) {
    const uint64_t after = index_.applied_seq();
    // Read a batch of changes and the letters they name from one snapshot.
    struct Batch {
      uint64_t last_seq = 0;
      std::vector<std::pair<uint64_t, std::optional<store::Letter>>> letters;
      int utc_offset = 0;
    };
    auto batch = store_.Read([&](const store::ReadTxn& txn) -> Result<Batch> {
      auto changes = txn.ChangesSince(after, 500);
      if (!changes) return changes.error();
      auto settings = LoadSettings(txn);
      if (!settings) return settings.error();
      Batch b;
      b.utc_offset = settings->utc_offset_minutes;
      for (const auto& c : *changes) {
        b.last_seq = c.seq;
        if (c.kind != "letter") continue;
        auto letter = txn.GetLetter(c.id);
        if (!letter) return letter.error();
        b.letters.emplace_back(c.id, std::move(*letter));
      }
      return b;
    });
    if (!batch) return batch.error();
    if (batch->last_seq == 0) return applied;
    for (const auto& [id, letter] : batch->letters) {
      Status s = letter ? index_.Put(ToLetterDoc(*letter, batch->utc_offset)) : index_.Remove(id);
      if (!s) return s.error();
    }
    if (Status s = index_.Commit(batch->last_seq); !s) return s.error();
    applied += batch->letters.size();
  }
}

void SearchSync::Start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(stop_mu_);
    while (!stopping_) {
      lock.unlock();
      if (auto r = CatchUp(); !r) {
        std::fprintf(stderr, "saraban: search index: %s\n", r.error().message.c_str());
      }
      lock.lock();
      stop_cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
    }
  });
}

void SearchSync::Stop() {
  {
    std::lock_guard lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace saraban::services
