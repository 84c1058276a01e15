// The Xapian side of the index: documents, terms, values, queries.
// xapian.h is included here and nowhere outside indexer/.
#include <xapian.h>

#include <mutex>
#include <thread>
#include <nlohmann/json.hpp>

#include "indexer/indexer.h"
#include "search_gate.h"
#include "text_analysis.h"

namespace saraban::indexer {
namespace {

// Free-text field prefixes, usable in queries as `name:`.
struct Field {
  const char* name;
  const char* prefix;
};
constexpr Field kFields[] = {{"subject", "S"}, {"from", "XF"},    {"to", "XT"},
                             {"number", "XN"}, {"remarks", "XR"}, {"text", "XA"}};
constexpr char kBigramPrefix[] = "XB";
constexpr char kBigramField[] = "xbigram";  // query-side name of the XB prefix
constexpr Xapian::termpos kBigramPositionBase = 1'000'000;  // apart from word positions

enum Slot : Xapian::valueno {
  kRegisterNoSlot = 0,
  kDocumentNoSlot = 1,
  kDocumentDateSlot = 2,
  kReceivedDateSlot = 3,
};

constexpr char kAppliedSeqKey[] = "saraban_applied_seq";

std::string IdTerm(uint64_t id) { return "Q" + std::to_string(id); }

Error XapianError(const Xapian::Error& e, const std::string& what) {
  const std::string msg = what + ": " + e.get_type() + ": " + e.get_msg();
  const std::string type = e.get_type();  // Xapian::Error is not polymorphic
  if (type == "DatabaseCorruptError") {
    return MakeError(Errc::kCorruption, msg,
                     "stop Saraban, delete the index directory, start again: it is rebuilt");
  }
  if (type == "QueryParserError") {
    return MakeError(Errc::kInvalidArgument, "the search does not parse: " + e.get_msg(),
                     "check quotes and AND/OR/NOT");
  }
  return MakeError(Errc::kIo, msg);
}

// Splits text into maximal runs of Thai or Lao script (U+0E00..U+0EFF).
std::vector<std::string> ThaiLaoRuns(std::string_view s) {
  std::vector<std::string> runs;
  std::string current;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80           ? 1
                       : (c >> 5) == 6    ? 2
                       : (c >> 4) == 14   ? 3
                       : (c >> 3) == 30   ? 4
                                          : 1;
    bool thai_lao = false;
    if (len == 3 && i + 2 < s.size()) {
      const uint32_t cp = ((c & 0x0fu) << 12) |
                          ((static_cast<unsigned char>(s[i + 1]) & 0x3fu) << 6) |
                          (static_cast<unsigned char>(s[i + 2]) & 0x3fu);
      thai_lao = cp >= 0x0E00 && cp <= 0x0EFF;
    }
    if (thai_lao) {
      current.append(s.substr(i, len));
    } else if (!current.empty()) {
      runs.push_back(std::move(current));
      current.clear();
    }
    i += len;
  }
  if (!current.empty()) runs.push_back(std::move(current));
  return runs;
}

// Extra terms so that Buddhist Era and Common Era years find each other.
std::vector<std::string> YearAliases(std::string_view text) {
  std::vector<std::string> out = EraYearAliases(text);
  for (const Token& t : Segment(text)) {
    if (t.text.size() == 4 && t.text.find_first_not_of("0123456789") == std::string::npos) {
      const int year = std::stoi(t.text);
      if (year >= 1900 && year <= 2200) out.push_back(std::to_string(year + 543));
    }
  }
  return out;
}

std::string EnumTerm(const char* prefix, int value) { return prefix + std::to_string(value); }

// The boolean filter for access and the caller's filters.
Xapian::Query FilterQuery(const SearchQuery& q) {
  std::vector<Xapian::Query> parts;
  if (!q.whole_office) {
    std::vector<Xapian::Query> units;
    for (uint64_t u : q.units) units.emplace_back("XU" + std::to_string(u));
    if (units.empty()) return Xapian::Query::MatchNothing;
    parts.emplace_back(Xapian::Query::OP_OR, units.begin(), units.end());
  }
  std::vector<Xapian::Query> levels;
  for (int s = 0; s <= static_cast<int>(q.clearance); ++s) levels.emplace_back(EnumTerm("XS", s));
  parts.emplace_back(Xapian::Query::OP_OR, levels.begin(), levels.end());
  const LetterFilter& f = q.filter;
  if (f.unit_id) parts.emplace_back("XU" + std::to_string(*f.unit_id));
  if (f.book) parts.emplace_back("XK" + *f.book);
  if (f.direction) parts.emplace_back(EnumTerm("XD", static_cast<int>(*f.direction)));
  if (f.status) parts.emplace_back(EnumTerm("XE", static_cast<int>(*f.status)));
  if (f.urgency) parts.emplace_back(EnumTerm("XG", static_cast<int>(*f.urgency)));
  if (f.secrecy) parts.emplace_back(EnumTerm("XS", static_cast<int>(*f.secrecy)));
  if (f.year) parts.emplace_back("XY" + std::to_string(*f.year));
  auto range = [&](Xapian::valueno slot, const std::optional<std::string>& from,
                   const std::optional<std::string>& to) {
    if (from && to) {
      parts.emplace_back(Xapian::Query::OP_VALUE_RANGE, slot, *from, *to);
    } else if (from) {
      parts.emplace_back(Xapian::Query::OP_VALUE_GE, slot, *from);
    } else if (to) {
      parts.emplace_back(Xapian::Query::OP_VALUE_LE, slot, *to);
    }
  };
  range(kDocumentDateSlot, q.document_date_from, q.document_date_to);
  range(kReceivedDateSlot, q.received_from, q.received_to);
  return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

// Rewrites the Thai/Lao runs of a query for the query parser, leaving its
// syntax (quotes, prefixes, operators) as typed. A run outside quotes becomes
//   ("word1 word2" OR xbigram:"g1g2 g2g3 ...")
// so it matches either the ICU words in order or, when the dictionary kept a
// longer compound whole in the letter (ກະຊວງສຶກສາທິການ), the run's grapheme
// bigrams in a row; under AND, OR and NOT alike. Inside quotes, or right
// after a field prefix, the run becomes its words only.
std::string SegmentQuery(const std::string& text) {
  const std::string normal = AsciiDigits(NormalizeText(text));
  const auto runs = ThaiLaoRuns(normal);
  std::string out;
  bool in_quotes = false;
  size_t next_run = 0, i = 0;
  while (i < normal.size()) {
    if (next_run < runs.size() && normal.compare(i, runs[next_run].size(), runs[next_run]) == 0) {
      const std::string& run = runs[next_run++];
      const std::string words = SegmentForIndex(run);
      const bool after_prefix = !out.empty() && out.back() == ':';
      std::string grams;
      for (const std::string& g : GraphemeBigrams(run)) grams += (grams.empty() ? "" : " ") + g;
      if (in_quotes || after_prefix || grams.empty()) {
        out += after_prefix ? words : " " + words + " ";
      } else {
        out += " (\"" + words + "\" OR " + kBigramField + ":\"" + grams + "\") ";
      }
      i += run.size();
    } else {
      if (normal[i] == '"') in_quotes = !in_quotes;
      out.push_back(normal[i++]);
    }
  }
  return out;
}

}  // namespace

struct Index::Impl {
  std::string path;
  mutable std::mutex write_mu;
  // Half the cores for searches, the rest for everything else.
  mutable SearchGate gate{static_cast<int>(std::thread::hardware_concurrency() / 2)};
  std::unique_ptr<Xapian::WritableDatabase> writer;
};

Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::~Index() = default;

Result<std::unique_ptr<Index>> Index::Open(const std::string& dir) {
  auto impl = std::make_unique<Impl>();
  impl->path = dir;
  try {
    impl->writer = std::make_unique<Xapian::WritableDatabase>(dir, Xapian::DB_CREATE_OR_OPEN);
  } catch (const Xapian::Error& e) {
    return XapianError(e, "open index " + dir);
  }
  return std::unique_ptr<Index>(new Index(std::move(impl)));
}

Status Index::Put(const LetterDoc& d) {
  try {
    Xapian::Document doc;
    Xapian::TermGenerator gen;
    gen.set_stemmer(Xapian::Stem("en"));
    gen.set_document(doc);
    std::string attachments;
    for (const auto& t : d.attachment_texts) attachments += t + "\n";
    const std::pair<const Field*, const std::string*> fields[] = {
        {&kFields[0], &d.subject},     {&kFields[1], &d.from},    {&kFields[2], &d.to},
        {&kFields[3], &d.document_no}, {&kFields[4], &d.remarks}, {&kFields[5], &attachments}};
    std::string snippet_text;
    Xapian::termpos bigram_pos = kBigramPositionBase;
    for (const auto& [field, text] : fields) {
      if (text->empty()) continue;
      const std::string segmented = SegmentForIndex(*text);
      gen.index_text(segmented, 1, field->prefix);  // the field, for `subject:` etc.
      gen.index_text(segmented);                    // and the unprefixed whole
      gen.increase_termpos();
      for (const std::string& alias : YearAliases(*text)) doc.add_term(alias);
      for (const std::string& run : ThaiLaoRuns(NormalizeText(*text))) {
        for (const std::string& g : GraphemeBigrams(run)) {
          doc.add_posting(kBigramPrefix + g, ++bigram_pos);
        }
        bigram_pos += 2;  // runs are not adjacent
      }
      if (snippet_text.size() < 4000) snippet_text += segmented + "\n";
    }
    doc.add_boolean_term(IdTerm(d.id));
    doc.add_boolean_term("XU" + std::to_string(d.unit_id));
    doc.add_boolean_term(EnumTerm("XS", static_cast<int>(d.secrecy)));
    doc.add_boolean_term("XK" + d.book);
    doc.add_boolean_term(EnumTerm("XD", static_cast<int>(d.direction)));
    doc.add_boolean_term(EnumTerm("XE", static_cast<int>(d.status)));
    doc.add_boolean_term(EnumTerm("XG", static_cast<int>(d.urgency)));
    if (d.register_year) doc.add_boolean_term("XY" + std::to_string(d.register_year));
    doc.add_value(kRegisterNoSlot, Xapian::sortable_serialise(static_cast<double>(d.register_no)));
    doc.add_value(kDocumentNoSlot, d.document_no);
    doc.add_value(kDocumentDateSlot, d.document_date);
    doc.add_value(kReceivedDateSlot, d.received_date);
    doc.set_data(nlohmann::json{{"id", d.id}, {"text", snippet_text}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace));
    std::lock_guard lock(impl_->write_mu);
    impl_->writer->replace_document(IdTerm(d.id), doc);
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return XapianError(e, "index letter " + std::to_string(d.id));
  }
}

Status Index::Remove(uint64_t letter_id) {
  try {
    std::lock_guard lock(impl_->write_mu);
    impl_->writer->delete_document(IdTerm(letter_id));
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return XapianError(e, "remove letter " + std::to_string(letter_id));
  }
}

Status Index::Commit(uint64_t applied_seq) {
  try {
    std::lock_guard lock(impl_->write_mu);
    impl_->writer->set_metadata(kAppliedSeqKey, std::to_string(applied_seq));
    SearchGate::Commit alone(impl_->gate);
    impl_->writer->commit();
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return XapianError(e, "commit index");
  }
}

uint64_t Index::applied_seq() const {
  std::lock_guard lock(impl_->write_mu);
  const std::string v = impl_->writer->get_metadata(kAppliedSeqKey);
  return v.empty() ? 0 : std::stoull(v);
}

Result<uint64_t> ReadAppliedSeq(const std::string& dir) {
  try {
    Xapian::Database db(dir);
    const std::string v = db.get_metadata(kAppliedSeqKey);
    return v.empty() ? uint64_t{0} : std::stoull(v);
  } catch (const Xapian::DatabaseNotFoundError&) {
    return MakeError(Errc::kNotFound, "no search index in " + dir);
  } catch (const Xapian::DatabaseOpeningError& e) {
    return MakeError(Errc::kNotFound, "no search index in " + dir + ": " + e.get_msg());
  } catch (const Xapian::Error& e) {
    return XapianError(e, "read index " + dir);
  }
}

size_t Index::doc_count() const {
  std::lock_guard lock(impl_->write_mu);
  return impl_->writer->get_doccount();
}

Result<SearchResult> Index::Search(const SearchQuery& q) const {
  // No commit of this object runs during a search (SearchGate), so the
  // reader's revision stays whole; the retry is a second line against any
  // other writer of the same directory.
  SearchGate::Search reading(impl_->gate);
  constexpr int kAttempts = 50;
  for (int attempt = 1;; ++attempt) {
    try {
      Xapian::Database db(impl_->path);
      Xapian::QueryParser parser;
      parser.set_database(db);
      parser.set_stemmer(Xapian::Stem("en"));
      parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
      parser.set_default_op(Xapian::Query::OP_AND);
      for (const Field& f : kFields) parser.add_prefix(f.name, f.prefix);
      parser.add_prefix(kBigramField, kBigramPrefix);
      Xapian::Query text_query = Xapian::Query::MatchAll;
      const std::string segmented = SegmentQuery(q.text);
      if (segmented.find_first_not_of(" \t\r\n") != std::string::npos) {
        text_query = parser.parse_query(segmented, Xapian::QueryParser::FLAG_DEFAULT |
                                                       Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE);
      }
      Xapian::Enquire enquire(db);
      enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, text_query, FilterQuery(q)));
      const Xapian::valueno slots[] = {0, kRegisterNoSlot, kDocumentNoSlot, kDocumentDateSlot,
                                       kReceivedDateSlot};
      if (q.sort != SortBy::kRelevance) {
        enquire.set_sort_by_value_then_relevance(slots[static_cast<int>(q.sort)], q.descending);
      }
      // check_at_least = every document: the total is exact, not an estimate.
      Xapian::MSet mset =
          enquire.get_mset(static_cast<Xapian::doccount>(q.offset),
                           static_cast<Xapian::doccount>(q.limit), db.get_doccount());
      SearchResult result;
      result.total = mset.get_matches_estimated();
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        const auto data = nlohmann::json::parse(it.get_document().get_data(), nullptr, false);
        SearchHit hit;
        hit.letter_id = data.value("id", uint64_t{0});
        hit.score = it.get_weight();
        hit.snippet =
            mset.snippet(data.value("text", std::string()), 300, Xapian::Stem("en"),
                         Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
                         "<mark>", "</mark>", "…");
        result.hits.push_back(std::move(hit));
      }
      return result;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt == kAttempts) return XapianError(e, "search");
    } catch (const Xapian::Error& e) {
      return XapianError(e, "search");
    }
  }
}

}  // namespace saraban::indexer
