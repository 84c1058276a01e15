// Text analysis for the search index: normalisation, word segmentation and
// fallback terms for Thai and Lao, which Xapian 1.4 cannot segment itself.
//
// Pure functions from UTF-8 text to text or tokens; no index, no storage.
// The same functions must run at index time and at query time, otherwise a
// query word and the indexed word can end up split or spelled differently.
//
// Thread-safety: every function may be called from many threads at once.
// ICU break iterators are not thread-safe, so each thread keeps its own
// (thread_local); the ICU normaliser is a shared immutable singleton.
//
// Failure: none of these calls fails. Invalid UTF-8 is replaced with U+FFFD
// (which never becomes a token). If ICU's break-iterator data cannot be
// loaded, Segment falls back to splitting at non-alphanumeric characters and
// GraphemeBigrams to single code points instead of grapheme clusters.
#ifndef SARABAN_INDEXER_TEXT_ANALYSIS_H_
#define SARABAN_INDEXER_TEXT_ANALYSIS_H_

#include <string>
#include <string_view>
#include <vector>

namespace saraban::indexer {

// NFC, then Thai SARA AM written as NIKHAHIT + SARA AA (U+0E4D U+0E32, as
// Tesseract emits it) becomes U+0E33, and Lao U+0ECD U+0EB2 becomes U+0EB3;
// a tone mark typed between the two (U+0E4D U+0E48 U+0E32) is moved before
// the AM (U+0E48 U+0E33). Whitespace directly before a non-spacing mark is
// removed (PDF text extraction inserts it, e.g. "ก ิน"). Never NFKC and never
// strips marks: both would destroy Thai and Lao vowels and tone marks.
// Idempotent.
std::string NormalizeText(std::string_view utf8);

// Thai digits U+0E50-0E59 and Lao digits U+0ED0-0ED9 become ASCII 0-9;
// everything else is unchanged.
std::string AsciiDigits(std::string_view utf8);

struct Token {
  std::string text;
  // The token contains Thai or Lao script (after digits became ASCII, so a
  // number written in Thai digits is not Thai).
  bool thai_or_lao = false;

  friend bool operator==(const Token&, const Token&) = default;
};

// Normalizes, then splits into words with ICU's dictionary word breaker and
// keeps only word-like segments (letters, numbers, ideographs), Latin and
// other cased scripts case-folded, Thai/Lao digits as ASCII. Text is first cut
// where the script changes between Thai, Lao and anything else, because ICU 72
// glues a Thai word to Latin letters or digits written against it
// ("ปี2567" would be one token).
std::vector<Token> Segment(std::string_view utf8);

// The tokens of Segment joined with ASCII spaces: the text Xapian's
// TermGenerator should see (it ignores a zero-width space, which would glue
// the words back together).
std::string SegmentForIndex(std::string_view utf8);

// Bigrams of grapheme clusters over each maximal run of Thai (or Lao) letters
// in the normalized text, in text order, duplicates kept; a run of a single
// grapheme yields that grapheme. For a separate prefixed field so that a word
// inside a compound the dictionary keeps whole (ກະຊວງສຶກສາທິການ) still matches
// a query for ສຶກສາ: the query's bigrams are a subset of the document's. Note
// that a following vowel such as SARA AA is its own grapheme cluster:
// "ສຶກສາ" -> ສຶ ກ ສ າ -> ສຶກ ກສ ສາ. Digits and punctuation end a run.
std::vector<std::string> GraphemeBigrams(std::string_view utf8);

// For each standalone 4-digit number (not part of a longer run of digits and
// not glued to a Latin letter) between 2400 and 2700 inclusive, after Thai and
// Lao digits became ASCII, the Common Era year (Buddhist Era - 543), each
// once, in order of first appearance. Index and query both add these terms, so
// a query for 2567 finds 2024 and a query for 2024 finds a text saying 2567.
std::vector<std::string> EraYearAliases(std::string_view utf8);

}  // namespace saraban::indexer

#endif  // SARABAN_INDEXER_TEXT_ANALYSIS_H_
