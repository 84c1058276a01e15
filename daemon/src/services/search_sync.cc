#include "services/search_sync.h"

#include <algorithm>
#include <cstdio>

#include "core/calendar.h"
#include "services/settings.h"

namespace saraban::services {

Result<indexer::LetterDoc> LoadLetterDoc(const store::ReadTxn& txn, const store::Letter& l,
                                         int utc_offset_minutes) {
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
  auto attachments = txn.AttachmentsOfLetter(l.origin_letter_id ? l.origin_letter_id : l.id);
  if (!attachments) return attachments.error();
  for (const auto& a : *attachments) {
    if (a.deleted || a.text_status != store::TextStatus::kDone) continue;
    auto text = txn.GetAttachmentText(a.id);
    if (!text) return text.error();
    if (*text) d.attachment_texts.push_back(std::move(**text));
  }
  return d;
}

Result<size_t> SearchSync::CatchUp() {
  // The caller must find every change made before this call, no more: under
  // a steady write load, "until nothing is left" would never end.
  auto target = store_.Read([](const store::ReadTxn& txn) { return txn.LastChangeSeq(); });
  if (!target) return target.error();
  std::lock_guard lock(catch_up_mu_);
  size_t applied = 0;
  // Searches queue on the lock while one of them catches up; that one has
  // usually applied the others' changes too, so they go on without paying
  // for an index commit (an fsync) each.
  while (index_.applied_seq() < *target) {
    const uint64_t after = index_.applied_seq();
    // Read a batch of changes and the letters they name from one snapshot.
    struct Batch {
      uint64_t last_seq = 0;
      std::vector<std::pair<uint64_t, std::optional<indexer::LetterDoc>>> letters;
    };
    auto batch = store_.Read([&](const store::ReadTxn& txn) -> Result<Batch> {
      auto changes = txn.ChangesSince(after, 500);
      if (!changes) return changes.error();
      auto settings = LoadSettings(txn);
      if (!settings) return settings.error();
      Batch b;
      for (const auto& c : *changes) {
        b.last_seq = c.seq;
        if (c.kind != "letter") continue;
        auto letter = txn.GetLetter(c.id);
        if (!letter) return letter.error();
        if (!*letter) {
          b.letters.emplace_back(c.id, std::nullopt);
          continue;
        }
        auto doc = LoadLetterDoc(txn, **letter, settings->utc_offset_minutes);
        if (!doc) return doc.error();
        b.letters.emplace_back(c.id, std::move(*doc));
      }
      return b;
    });
    if (!batch) return batch.error();
    if (batch->last_seq == 0) return applied;
    for (const auto& [id, doc] : batch->letters) {
      Status s = doc ? index_.Put(*doc) : index_.Remove(id);
      if (!s) return s.error();
    }
    if (Status s = index_.Commit(batch->last_seq); !s) return s.error();
    applied += batch->letters.size();
  }
  return applied;
}

Result<size_t> SearchSync::Rebuild(const std::function<void(size_t, size_t)>& progress) {
  std::lock_guard lock(catch_up_mu_);
  // Everything up to `upto` is in the letters read below; later changes are
  // applied by the next CatchUp.
  struct Snapshot {
    uint64_t upto = 0;
    std::vector<uint64_t> ids;
    int utc_offset = 0;
  };
  auto snap = store_.Read([](const store::ReadTxn& txn) -> Result<Snapshot> {
    Snapshot s;
    auto last = txn.LastChangeSeq();
    if (!last) return last.error();
    s.upto = *last;
    auto settings = LoadSettings(txn);
    if (!settings) return settings.error();
    s.utc_offset = settings->utc_offset_minutes;
    Status each = txn.ForEachLetter([&](const store::Letter& l) {
      s.ids.push_back(l.id);
      return true;
    });
    if (!each) return each.error();
    return s;
  });
  if (!snap) return snap.error();
  constexpr size_t kBatch = 500;
  for (size_t i = 0; i < snap->ids.size(); i += kBatch) {
    auto docs = store_.Read([&](const store::ReadTxn& txn) -> Result<std::vector<indexer::LetterDoc>> {
      std::vector<indexer::LetterDoc> out;
      for (size_t j = i; j < std::min(i + kBatch, snap->ids.size()); ++j) {
        auto letter = txn.GetLetter(snap->ids[j]);
        if (!letter) return letter.error();
        if (!*letter) continue;
        auto doc = LoadLetterDoc(txn, **letter, snap->utc_offset);
        if (!doc) return doc.error();
        out.push_back(std::move(*doc));
      }
      return out;
    });
    if (!docs) return docs.error();
    for (const auto& d : *docs) {
      if (Status s = index_.Put(d); !s) return s.error();
    }
    if (progress) progress(std::min(i + kBatch, snap->ids.size()), snap->ids.size());
  }
  if (Status s = index_.Commit(snap->upto); !s) return s.error();
  return snap->ids.size();
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
