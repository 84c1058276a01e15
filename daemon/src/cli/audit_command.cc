// saraban audit verify: walks the hash-chained audit log of a data directory
// (opened read-only, so it may run beside the daemon) and names the first
// broken link.
//
// What each kind of tampering looks like:
//  - an edited entry: its stored hash is not the hash of its fields;
//  - a deleted entry: a gap in the sequence, and the next entry's prev_hash
//    is not the hash of the entry before the gap;
//  - a replaced entry (edited with its hash recomputed): the next entry's
//    prev_hash no longer matches;
//  - deleted newest entries: the meta table's anchor (the last seq handed
//    out and the newest entry's hash, written by AppendAudit in the entry's
//    own transaction) points past the last entry.
// Someone who can rewrite the whole LMDB file can rewrite the anchor too; the
// chain shows tampering by anyone who edits entries without recomputing
// every later hash and the anchor. Printing the head (seq and hash) lets an
// office note it on paper or in a backup report for an outside anchor.
#include <iostream>
#include <optional>
#include <string>

#include "cli/commands.h"

namespace saraban::cli {
namespace {

constexpr size_t kBatch = 512;

// The first broken link: its seq and what is wrong.
struct Break {
  uint64_t seq = 0;
  std::string what;
};

struct Walk {
  uint64_t entries = 0;
  uint64_t last_seq = 0;
  std::string last_hash;
  std::optional<Break> broken;
};

// Decoding a batch fails as a whole; read one entry at a time from `after`
// to find the first one that does not decode.
Break FindUndecodable(const store::ReadTxn& txn, uint64_t after) {
  for (;;) {
    auto one = txn.ListAudit(after, 1);
    if (!one) {
      return {after + 1, "the entry after seq " + std::to_string(after) + " does not decode (" +
                             one.error().message + ")"};
    }
    if (one->empty()) return {after + 1, "an entry does not decode"};
    after = one->front().seq;
  }
}

Result<Walk> WalkChain(const store::ReadTxn& txn) {
  Walk w;
  uint64_t after = 0;
  std::string prev_hash;
  for (;;) {
    auto batch = txn.ListAudit(after, kBatch);
    if (!batch) {
      if (batch.error().code != Errc::kCorruption) return batch.error();
      w.broken = FindUndecodable(txn, after);
      return w;
    }
    for (const store::AuditEntry& e : *batch) {
      const uint64_t expected = w.last_seq + 1;
      if (e.seq != expected) {
        w.broken = Break{expected, "entry " + std::to_string(expected) +
                                       " is missing (deleted): the next entry is seq " +
                                       std::to_string(e.seq)};
        return w;
      }
      if (e.hash != store::AuditHash(e)) {
        w.broken = Break{e.seq, "entry " + std::to_string(e.seq) +
                                    " was edited: its stored hash does not match its content"};
        return w;
      }
      if (e.prev_hash != prev_hash) {
        w.broken = Break{e.seq, "entry " + std::to_string(e.seq) +
                                    " does not link to the entry before it (prev_hash mismatch): "
                                    "an earlier entry was replaced or removed"};
        return w;
      }
      prev_hash = e.hash;
      w.last_seq = e.seq;
      w.last_hash = e.hash;
      ++w.entries;
    }
    if (batch->size() < kBatch) break;
    after = w.last_seq;
  }
  auto head = txn.GetAuditHead();
  if (!head) return head.error();
  if (head->last_seq > w.last_seq) {
    w.broken = Break{w.last_seq + 1, "entries " + std::to_string(w.last_seq + 1) + ".." +
                                         std::to_string(head->last_seq) +
                                         " are missing at the end (the newest entries were "
                                         "deleted)"};
  } else if (head->last_seq < w.last_seq) {
    w.broken = Break{head->last_seq + 1, "entries after seq " + std::to_string(head->last_seq) +
                                             " were added outside Saraban"};
  } else if (!head->hash.empty() && head->hash != w.last_hash) {
    w.broken = Break{w.last_seq, "the newest entry " + std::to_string(w.last_seq) +
                                     " does not match the anchored head hash"};
  }
  return w;
}

}  // namespace

int RunAuditVerify(const std::string& data_dir) {
  auto store = store::Store::Open(data_dir, {.read_only = true});
  // Exit 2, not 1: "could not check" must not read as "tampered".
  if (!store) return Fail(store.error()) + 1;
  auto walk = (*store)->Read([](const store::ReadTxn& txn) { return WalkChain(txn); });
  if (!walk) return Fail(walk.error()) + 1;
  if (walk->broken) {
    std::cout << "audit log BROKEN at seq " << walk->broken->seq << ": " << walk->broken->what
              << " (" << walk->entries << " entries verified before it)\n";
    return 1;
  }
  std::cout << "audit log OK: " << walk->entries << " entries, head seq " << walk->last_seq
            << " hash " << (walk->last_hash.empty() ? "-" : walk->last_hash) << "\n";
  return 0;
}

}  // namespace saraban::cli
