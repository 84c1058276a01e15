// Index is the full-text search view of the office's letters: a Xapian
// database derived from the store (DESIGN.md invariant 3), rebuilt or caught
// up from the store's change log, never edited by hand.
//
// Thai and Lao text is normalised and word-broken with ICU before Xapian sees
// it (Xapian 1.4 drops long Thai runs), with a grapheme-bigram fallback field
// for words inside long compounds; English is stemmed. Access control is part
// of every query: the caller passes the units and clearance the user may see
// and they become boolean filter terms, so totals and pages never count a
// letter the user may not see.
//
// Thread-safety: Index is safe to share. Writes (Put, Remove, Commit) are
// serialised inside; Search may run from any number of threads and sees the
// last committed state.
//
// Errors: every call can fail with kIo (Xapian's message kept) or
// kCorruption (the database is damaged: delete the index directory and it
// is rebuilt from the store). Search fails with kInvalidArgument on a query
// that does not parse.
#ifndef SARABAN_INDEXER_INDEXER_H_
#define SARABAN_INDEXER_INDEXER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.h"
#include "core/error.h"

namespace saraban::indexer {

// Text as Saraban keeps and shows it: NFC, Thai SARA AM and Lao AM composed,
// no white space before combining marks (DESIGN.md). The index applies the
// same normalisation; extraction output goes through it before it is stored.
std::string NormalizeText(std::string_view utf8);

// What the index knows of a letter.
struct LetterDoc {
  uint64_t id = 0;
  uint64_t unit_id = 0;
  Secrecy secrecy = Secrecy::kNormal;
  std::string book;
  Direction direction = Direction::kIncoming;
  LetterStatus status = LetterStatus::kDraft;
  Urgency urgency = Urgency::kNormal;
  int32_t register_year = 0;  // CE; 0 if unregistered
  uint64_t register_no = 0;
  std::string document_no;
  std::string document_date;  // YYYY-MM-DD or empty
  std::string received_date;  // office-local YYYY-MM-DD or empty
  std::string subject, from, to, remarks;
  std::vector<std::string> attachment_texts;
};

enum class SortBy { kRelevance, kRegisterNo, kDocumentNo, kDocumentDate, kReceivedDate };

struct SearchQuery {
  std::string text;  // Xapian query syntax: AND OR NOT, "phrases", subject: from: to: number:
  // Access, applied inside the query:
  bool whole_office = false;
  std::vector<uint64_t> units;  // when !whole_office; empty means nothing is visible
  Secrecy clearance = Secrecy::kNormal;
  // Filters:
  LetterFilter filter;
  std::optional<std::string> document_date_from, document_date_to;  // YYYY-MM-DD, inclusive
  std::optional<std::string> received_from, received_to;
  SortBy sort = SortBy::kRelevance;
  bool descending = true;
  size_t offset = 0;
  size_t limit = 20;
};

struct SearchHit {
  uint64_t letter_id = 0;
  double score = 0;
  std::string snippet;  // HTML-escaped text with <mark>...</mark> around matches
};

struct SearchResult {
  size_t total = 0;  // exact count of matching visible letters
  std::vector<SearchHit> hits;
};

class Index {
 public:
  // Opens or creates the index in `dir`.
  static Result<std::unique_ptr<Index>> Open(const std::string& dir);
  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  // Adds or replaces a letter; visible to Search after Commit.
  Status Put(const LetterDoc& doc);
  Status Remove(uint64_t letter_id);
  // Makes the changes durable and visible, recording the store change-log
  // sequence they bring the index up to.
  Status Commit(uint64_t applied_seq);
  // The change-log sequence the index has applied (0 for a new index).
  uint64_t applied_seq() const;
  size_t doc_count() const;

  Result<SearchResult> Search(const SearchQuery& query) const;

  struct Impl;

 private:
  explicit Index(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The change-log sequence an index in `dir` has applied, read without taking
// the writer's lock (so while the daemon runs). kNotFound when there is no
// index yet; kIo when it cannot be opened.
Result<uint64_t> ReadAppliedSeq(const std::string& dir);

}  // namespace saraban::indexer

#endif  // SARABAN_INDEXER_INDEXER_H_
