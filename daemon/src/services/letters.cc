#include "services/letters.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "services/authz.h"
#include "services/letter_steps.h"
#include "services/sessions.h"

namespace saraban::services {
namespace {

using nlohmann::json;

Error NotAllowed(const std::string& what) {
  return MakeError(Errc::kForbidden, "you may not " + what,
                   "ask a registrar of the letter's unit, or the administrator for the role");
}

// Applies the given fields to `letter`, returning the names of those that changed.
Result<std::vector<std::string>> ApplyFields(const store::ReadTxn& txn, const store::User& user,
                                             const LetterFields& f, store::Letter& letter) {
  std::vector<std::string> changed;
  auto set = [&](const char* name, auto& field, const auto& value) {
    if (value && !(field == *value)) {
      field = *value;
      changed.push_back(name);
    }
  };
  if (f.book && *f.book != letter.book) {
    if (letter.register_no != 0) {
      return MakeError(Errc::kConflict, "a registered letter cannot change its book",
                       "cancel it and register a new letter in the other book");
    }
    auto book = txn.GetBook(*f.book);
    if (!book) return book.error();
    if (!*book) {
      return MakeError(Errc::kInvalidArgument, "no book type '" + *f.book + "'",
                       "GET /api/v1/books lists the book types");
    }
  }
  if (f.direction && *f.direction != letter.direction && letter.status != LetterStatus::kDraft) {
    return MakeError(Errc::kConflict, "only a draft can change its direction");
  }
  for (const auto* date : {&f.document_date, &f.due_date}) {
    if (*date && !date->value().empty() && !ParseIsoDate(**date)) {
      return MakeError(Errc::kInvalidArgument, "'" + **date + "' is not a date (YYYY-MM-DD)");
    }
  }
  if (f.secrecy && *f.secrecy > user.clearance) {
    return MakeError(Errc::kForbidden, "you may not classify a letter above your own clearance",
                     "ask a user with the clearance to register it");
  }
  set("direction", letter.direction, f.direction);
  set("book", letter.book, f.book);
  set("document_no", letter.document_no, f.document_no);
  set("document_date", letter.document_date, f.document_date);
  set("subject", letter.subject, f.subject);
  set("from", letter.from, f.from);
  set("to", letter.to, f.to);
  set("received_at", letter.received_at, f.received_at);
  set("urgency", letter.urgency, f.urgency);
  set("secrecy", letter.secrecy, f.secrecy);
  set("category", letter.category, f.category);
  set("delivery_method", letter.delivery_method, f.delivery_method);
  set("due_date", letter.due_date, f.due_date);
  set("due_days", letter.due_days, f.due_days);
  set("remarks", letter.remarks, f.remarks);
  return changed;
}

// The unit whose book numbers letters of `unit_id`: itself, or the nearest
// ancestor that keeps register books.
Result<store::Unit> RegisterUnitFor(const store::ReadTxn& txn, uint64_t unit_id) {
  for (int depth = 0; depth < 64 && unit_id != 0; ++depth) {
    auto unit = txn.GetUnit(unit_id);
    if (!unit) return unit.error();
    if (!*unit) break;
    if ((*unit)->keeps_books) return **unit;
    unit_id = (*unit)->parent_id;
  }
  return MakeError(Errc::kConflict, "neither this unit nor any unit above it keeps register books",
                   "mark a unit as keeping books in the organisation chart");
}


json NumberDetail(const store::Letter& l) {
  return {{"register_no", l.register_no}, {"register_year", l.register_year}, {"book", l.book}};
}

// Loads a visible letter for a change by `actor`, checking the right to edit it.
Result<store::Letter> LetterToChange(const store::WriteTxn& txn, const Actor& actor, uint64_t id,
                                     const char* what) {
  auto scope = ScopeOf(txn, actor.user);
  if (!scope) return scope.error();
  auto letter = VisibleLetter(txn, *scope, id);
  if (!letter) return letter;
  const bool own_draft =
      letter->status == LetterStatus::kDraft && letter->operator_id == actor.user.id;
  if (!own_draft && !IsRegistrarOf(actor.user, letter->unit_id)) return NotAllowed(what);
  return letter;
}

// Writes the letter and records the step.
Status Record(store::WriteTxn& txn, const Actor& actor, const store::Letter& letter,
              const std::string& action, const json& detail) {
  if (Status s = txn.PutLetter(letter); !s) return s;
  return RecordLetterStep(txn, actor, letter.id, action, detail);
}

}  // namespace

Status AssignNumber(store::WriteTxn& txn, const OfficeSettings& settings, const store::User& user,
                    int64_t now, store::Letter& letter) {
  auto book = txn.GetBook(letter.book);
  if (!book) return book.status();
  if (!*book || !(*book)->numbered) {
    return MakeError(Errc::kConflict, "book '" + letter.book + "' does not number letters");
  }
  auto unit = RegisterUnitFor(txn, letter.unit_id);
  if (!unit) return unit.status();
  const CivilDate today = LocalDate(now, settings.utc_offset_minutes);
  const int32_t year = RegisterYear(today, settings.year_basis);
  auto number = txn.NextRegisterNumber(unit->id, letter.book, year);
  if (!number) return number.status();
  letter.register_unit_id = unit->id;
  letter.register_year = year;
  letter.register_no = *number;
  letter.registered_at = now;
  letter.registered_by = user.id;
  letter.status = LetterStatus::kRegistered;
  if (letter.received_at == 0 && letter.direction == Direction::kIncoming) letter.received_at = now;
  if (letter.due_days > 0 && letter.due_date.empty()) {
    letter.due_date = FormatIsoDate(AddDays(today, letter.due_days));
  }
  return txn.PutRegisterEntry(store::RegisterEntry{.unit_id = unit->id,
                                                   .book = letter.book,
                                                   .year = year,
                                                   .number = *number,
                                                   .letter_id = letter.id,
                                                   .cancelled = false,
                                                   .at = now,
                                                   .by = user.id});
}

Result<store::Letter> CreateLetter(store::Store& store, const Actor& actor, uint64_t unit_id,
                                   const LetterFields& fields, bool register_now) {
  return store.Write([&](store::WriteTxn& txn) -> Result<store::Letter> {
    auto settings = LoadSettings(txn);
    if (!settings) return settings.error();
    auto scope = ScopeOf(txn, actor.user);
    if (!scope) return scope.error();
    auto unit = txn.GetUnit(unit_id);
    if (!unit) return unit.error();
    if (!*unit || !MayDraftIn(*scope, unit_id)) {
      return MakeError(Errc::kNotFound, "no unit " + std::to_string(unit_id) + " of yours",
                       "GET /api/v1/session shows your units");
    }
    if (register_now && !IsRegistrarOf(actor.user, unit_id)) {
      return NotAllowed("register letters in this unit (you may save a draft: \"register\": false)");
    }
    store::Letter letter;
    letter.unit_id = unit_id;
    letter.operator_id = actor.user.id;
    auto changed = ApplyFields(txn, actor.user, fields, letter);
    if (!changed) return changed.error();
    auto id = txn.NextId("letter");
    if (!id) return id.error();
    letter.id = *id;
    const int64_t now = NowMillis();
    letter.created_at = letter.updated_at = now;
    json detail = {{"fields", *changed}};
    std::string action = "created";
    if (register_now) {
      if (Status s = AssignNumber(txn, *settings, actor.user, now, letter); !s) return s.error();
      detail.update(NumberDetail(letter));
      action = "registered";
    }
    if (Status s = Record(txn, actor, letter, action, detail); !s) return s.error();
    return letter;
  });
}

Result<store::Letter> UpdateLetter(store::Store& store, const Actor& actor, uint64_t id,
                                   const LetterFields& fields) {
  return store.Write([&](store::WriteTxn& txn) -> Result<store::Letter> {
    auto letter = LetterToChange(txn, actor, id, "edit this letter");
    if (!letter) return letter;
    if (letter->status == LetterStatus::kCancelled) {
      return MakeError(Errc::kConflict, "a cancelled letter cannot be edited");
    }
    auto changed = ApplyFields(txn, actor.user, fields, *letter);
    if (!changed) return changed.error();
    if (changed->empty()) return letter;  // nothing to record
    letter->updated_at = NowMillis();
    if (Status s = Record(txn, actor, *letter, "updated", {{"fields", *changed}}); !s) {
      return s.error();
    }
    return letter;
  });
}

Result<store::Letter> RegisterLetter(store::Store& store, const Actor& actor, uint64_t id) {
  return store.Write([&](store::WriteTxn& txn) -> Result<store::Letter> {
    auto settings = LoadSettings(txn);
    if (!settings) return settings.error();
    auto letter = LetterToChange(txn, actor, id, "register this letter");
    if (!letter) return letter;
    if (!IsRegistrarOf(actor.user, letter->unit_id)) return NotAllowed("register letters here");
    if (letter->status != LetterStatus::kDraft) {
      return MakeError(Errc::kConflict,
                       "letter " + std::to_string(id) + " is " +
                           std::string(LetterStatusName(letter->status)) + ", not a draft",
                       "only a draft can be registered");
    }
    const int64_t now = NowMillis();
    if (Status s = AssignNumber(txn, *settings, actor.user, now, *letter); !s) return s.error();
    letter->updated_at = now;
    if (Status s = Record(txn, actor, *letter, "registered", NumberDetail(*letter)); !s) {
      return s.error();
    }
    return letter;
  });
}

Result<store::Letter> CancelLetter(store::Store& store, const Actor& actor, uint64_t id,
                                   const std::string& reason) {
  return store.Write([&](store::WriteTxn& txn) -> Result<store::Letter> {
    auto letter = LetterToChange(txn, actor, id, "cancel this letter");
    if (!letter) return letter;
    if (!IsRegistrarOf(actor.user, letter->unit_id)) return NotAllowed("cancel registrations");
    if (letter->status != LetterStatus::kRegistered) {
      return MakeError(Errc::kConflict,
                       "letter " + std::to_string(id) + " is " +
                           std::string(LetterStatusName(letter->status)) + ", not registered",
                       "only a registered letter can be cancelled; a draft can simply be edited");
    }
    letter->status = LetterStatus::kCancelled;
    letter->cancel_reason = reason;
    letter->updated_at = NowMillis();
    store::RegisterEntry entry{.unit_id = letter->register_unit_id,
                               .book = letter->book,
                               .year = letter->register_year,
                               .number = letter->register_no,
                               .letter_id = letter->id,
                               .cancelled = true,
                               .at = letter->registered_at,
                               .by = letter->registered_by};
    if (Status s = txn.PutRegisterEntry(entry); !s) return s.error();
    json detail = NumberDetail(*letter);
    detail["reason"] = reason;
    if (Status s = Record(txn, actor, *letter, "cancelled", detail); !s) return s.error();
    return letter;
  });
}

Result<LetterPage> ListLetters(store::Store& store, const store::User& user, const LetterQuery& q) {
  return store.Read([&](const store::ReadTxn& txn) -> Result<LetterPage> {
    auto scope = ScopeOf(txn, user);
    if (!scope) return scope.error();
    LetterPage page;
    auto visit = [&](const store::Letter& l) {
      if (!CanSeeLetter(*scope, l)) return true;
      const LetterFilter& f = q.filter;
      if ((f.unit_id && l.unit_id != *f.unit_id) || (f.book && l.book != *f.book) ||
          (f.direction && l.direction != *f.direction) || (f.status && l.status != *f.status) ||
          (f.urgency && l.urgency != *f.urgency) || (f.secrecy && l.secrecy != *f.secrecy) ||
          (f.year && l.register_year != *f.year)) {
        return true;
      }
      if (page.total >= q.offset && page.letters.size() < q.limit) page.letters.push_back(l);
      ++page.total;
      return true;
    };
    if (scope->whole_office && !q.filter.unit_id) {
      if (Status s = txn.ForEachLetter(visit); !s) return s.error();
      return page;
    }
    // Walk only the units in scope, merging their newest-first id lists.
    std::vector<uint64_t> ids;
    std::vector<uint64_t> units;
    if (q.filter.unit_id) {
      if (scope->HasUnit(*q.filter.unit_id)) units.push_back(*q.filter.unit_id);
    } else {
      units.assign(scope->units.begin(), scope->units.end());
    }
    for (uint64_t unit : units) {
      auto of_unit = txn.LetterIdsOfUnit(unit);
      if (!of_unit) return of_unit.error();
      ids.insert(ids.end(), of_unit->begin(), of_unit->end());
    }
    std::sort(ids.rbegin(), ids.rend());
    for (uint64_t id : ids) {
      auto letter = txn.GetLetter(id);
      if (!letter) return letter.error();
      if (*letter) visit(**letter);
    }
    return page;
  });
}

std::string FormatRegisterNumber(const std::string& format, uint64_t number, int32_t ce_year,
                                 Era era, const std::string& unit_code) {
  std::string out = format;
  auto replace = [&](const std::string& key, const std::string& value) {
    for (size_t pos; (pos = out.find(key)) != std::string::npos;) out.replace(pos, key.size(), value);
  };
  replace("{no}", std::to_string(number));
  replace("{year}", std::to_string(DisplayYear(ce_year, era)));
  replace("{unit}", unit_code);
  return out;
}

Result<RegisterReport> BuildRegisterReport(store::Store& store, const store::User& user,
                                           uint64_t unit_id, const std::string& book, int32_t year,
                                           std::optional<CivilDate> from,
                                           std::optional<CivilDate> to) {
  return store.Read([&](const store::ReadTxn& txn) -> Result<RegisterReport> {
    auto scope = ScopeOf(txn, user);
    if (!scope) return scope.error();
    auto settings = LoadSettings(txn);
    if (!settings) return settings.error();
    auto unit = UnitInScope(txn, *scope, unit_id);
    if (!unit) return unit.error();
    auto book_type = txn.GetBook(book);
    if (!book_type) return book_type.error();
    if (!*book_type) return MakeError(Errc::kNotFound, "no book type '" + book + "'");
    auto entries = txn.ListRegister(unit_id, book, year);
    if (!entries) return entries.error();
    RegisterReport report{*unit, **book_type, year, {}};
    for (const auto& e : *entries) {
      const CivilDate day = LocalDate(e.at, settings->utc_offset_minutes);
      if ((from && day < *from) || (to && day > *to)) continue;
      // The same rule as everywhere (authz.h): a number in the book is
      // public to whoever keeps it, the letter behind it only if visible.
      auto letter = VisibleLetter(txn, *scope, e.letter_id);
      if (!letter && letter.error().code != Errc::kNotFound) return letter.error();
      RegisterLine line{e, std::nullopt};
      if (letter) line.letter = std::move(*letter);
      report.lines.push_back(std::move(line));
    }
    return report;
  });
}

}  // namespace saraban::services
