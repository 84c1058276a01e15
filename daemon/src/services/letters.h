// Letters and their register books: creating, editing, registering (the next
// gapless number in the same transaction), cancelling, listing and the
// register report. Every change is one store transaction carrying the letter,
// its index entries, its register entry, its timeline event, its audit entry
// and its change-log entry for the search index.
// Thread-safety: functions only; the store serialises writes.
//
// Errors: kNotFound for a letter the user may not see; kForbidden when the
// user sees it but may not do this; kConflict when the letter's state does
// not allow it (e.g. registering twice); kInvalidArgument for bad fields.
#ifndef SARABAN_DAEMON_SERVICES_LETTERS_H_
#define SARABAN_DAEMON_SERVICES_LETTERS_H_

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "services/settings.h"
#include "store/store.h"

namespace saraban::services {

// The metadata a clerk records. Absent fields are left as they are (on edit)
// or at their defaults (on create).
struct LetterFields {
  std::optional<Direction> direction;
  std::optional<std::string> book, document_no, document_date, subject, from, to, category,
      delivery_method, due_date, remarks;
  std::optional<int64_t> received_at;
  std::optional<Urgency> urgency;
  std::optional<Secrecy> secrecy;
  std::optional<int32_t> due_days;
};

struct Actor {
  const store::User& user;
  std::string remote_addr;
};

Result<store::Letter> CreateLetter(store::Store& store, const Actor& actor, uint64_t unit_id,
                                   const LetterFields& fields, bool register_now);
Result<store::Letter> UpdateLetter(store::Store& store, const Actor& actor, uint64_t id,
                                   const LetterFields& fields);
Result<store::Letter> RegisterLetter(store::Store& store, const Actor& actor, uint64_t id);
// The letter keeps its number, marked cancelled in the register.
Result<store::Letter> CancelLetter(store::Store& store, const Actor& actor, uint64_t id,
                                   const std::string& reason);

// Gives a letter the next number of its book inside the caller's
// transaction (register unit, year, due date from due_days); kConflict when
// the book does not number letters.
Status AssignNumber(store::WriteTxn& txn, const OfficeSettings& settings, const store::User& user,
                    int64_t now, store::Letter& letter);

struct LetterQuery {
  LetterFilter filter;
  size_t offset = 0;
  size_t limit = 50;
};

struct LetterPage {
  size_t total = 0;
  std::vector<store::Letter> letters;
};

// Newest first; only letters the user may see are counted or returned.
Result<LetterPage> ListLetters(store::Store& store, const store::User& user, const LetterQuery& q);

// "12/2567" etc.: the book's number format with {no}, {year} (in the office
// era) and {unit} (the unit code) filled in.
std::string FormatRegisterNumber(const std::string& format, uint64_t number, int32_t ce_year,
                                 Era era, const std::string& unit_code);

// A register book page: every number of one book and year, with the letter
// it went to. Lines of letters the user may not see (above their clearance,
// or a sub-unit's letter outside their scope) keep their number but hide
// their content.
struct RegisterLine {
  store::RegisterEntry entry;
  std::optional<store::Letter> letter;  // absent when restricted
};
struct RegisterReport {
  store::Unit unit;
  store::BookType book;
  int32_t year = 0;
  std::vector<RegisterLine> lines;
};
// from/to filter on the local registration date (inclusive, "YYYY-MM-DD").
Result<RegisterReport> BuildRegisterReport(store::Store& store, const store::User& user,
                                           uint64_t unit_id, const std::string& book, int32_t year,
                                           std::optional<CivilDate> from,
                                           std::optional<CivilDate> to);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_LETTERS_H_
