#include "text_analysis.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>

namespace saraban::indexer {
namespace {

constexpr UChar kThaiNikhahit = 0x0E4D;
constexpr UChar kThaiSaraAa = 0x0E32;
constexpr UChar kThaiSaraAm = 0x0E33;
constexpr UChar kThaiFirstTone = 0x0E48;
constexpr UChar kThaiLastTone = 0x0E4B;
constexpr UChar kThaiDigitZero = 0x0E50;
constexpr UChar kLaoNiggahita = 0x0ECD;
constexpr UChar kLaoVowelAa = 0x0EB2;
constexpr UChar kLaoVowelAm = 0x0EB3;
constexpr UChar kLaoFirstTone = 0x0EC8;
constexpr UChar kLaoLastTone = 0x0ECB;
constexpr UChar kLaoDigitZero = 0x0ED0;

constexpr int kFirstBuddhistYear = 2400;
constexpr int kLastBuddhistYear = 2700;
constexpr int kBuddhistEraOffset = 543;

icu::UnicodeString FromUtf8(std::string_view utf8) {
  // fromUTF8 substitutes U+FFFD for each ill-formed sequence.
  const auto size =
      static_cast<int32_t>(std::min<size_t>(utf8.size(), std::numeric_limits<int32_t>::max()));
  return icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), size));
}

std::string ToUtf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

// One iterator per thread: ICU break iterators keep iteration state, and
// creating a dictionary word iterator per call would cost more than the
// segmentation itself. nullptr when ICU's data is unavailable.
icu::BreakIterator* ThreadWordIterator() {
  thread_local const std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> created(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) created.reset();
    return created;
  }();
  return iterator.get();
}

icu::BreakIterator* ThreadCharacterIterator() {
  thread_local const std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> created(
        icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) created.reset();
    return created;
  }();
  return iterator.get();
}

icu::UnicodeString DropWhitespaceBeforeMarks(const icu::UnicodeString& in) {
  icu::UnicodeString out;
  const UChar* buffer = in.getBuffer();
  const int32_t length = in.length();
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U16_NEXT(buffer, i, length, c);
    if (u_charType(c) == U_NON_SPACING_MARK) {
      // White space is all in the BMP, so looking at the last code unit is
      // enough (a trailing surrogate is never white space).
      while (!out.isEmpty() && u_isUWhiteSpace(out.charAt(out.length() - 1))) {
        out.truncate(out.length() - 1);
      }
    }
    out.append(buffer, start, i - start);
  }
  return out;
}

icu::UnicodeString Nfc(const icu::UnicodeString& in) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || nfc == nullptr) return in;
  icu::UnicodeString out = nfc->normalize(in, status);
  return U_FAILURE(status) ? in : out;
}

// Returns whether anything changed. NFC leaves the pair alone: U+0E33 and
// U+0EB3 have only compatibility decompositions.
bool ComposeSaraAm(icu::UnicodeString& text) {
  const int32_t length = text.length();
  icu::UnicodeString out;
  bool changed = false;
  for (int32_t i = 0; i < length; ++i) {
    const UChar c = text.charAt(i);
    if (c == kThaiNikhahit || c == kLaoNiggahita) {
      const bool thai = c == kThaiNikhahit;
      const UChar aa = thai ? kThaiSaraAa : kLaoVowelAa;
      const UChar am = thai ? kThaiSaraAm : kLaoVowelAm;
      const UChar first_tone = thai ? kThaiFirstTone : kLaoFirstTone;
      const UChar last_tone = thai ? kThaiLastTone : kLaoLastTone;
      if (i + 1 < length && text.charAt(i + 1) == aa) {
        out.append(am);
        i += 1;
        changed = true;
        continue;
      }
      if (i + 2 < length && text.charAt(i + 1) >= first_tone && text.charAt(i + 1) <= last_tone &&
          text.charAt(i + 2) == aa) {
        // The tone belongs to the consonant; in the composed spelling it sits
        // before the AM.
        out.append(text.charAt(i + 1));
        out.append(am);
        i += 2;
        changed = true;
        continue;
      }
    }
    out.append(c);
  }
  if (changed) text = std::move(out);
  return changed;
}

icu::UnicodeString NormalizeUnicode(std::string_view utf8) {
  icu::UnicodeString text = Nfc(DropWhitespaceBeforeMarks(FromUtf8(utf8)));
  // Moving a tone mark could in theory put it after a mark of a higher
  // combining class (a stray Latin accent), so re-establish NFC.
  if (ComposeSaraAm(text)) text = Nfc(text);
  return text;
}

void MapDigitsToAscii(icu::UnicodeString& text) {
  const int32_t length = text.length();
  for (int32_t i = 0; i < length; ++i) {
    const UChar c = text.charAt(i);
    if (c >= kThaiDigitZero && c <= kThaiDigitZero + 9) {
      text.setCharAt(i, static_cast<UChar>(u'0' + (c - kThaiDigitZero)));
    } else if (c >= kLaoDigitZero && c <= kLaoDigitZero + 9) {
      text.setCharAt(i, static_cast<UChar>(u'0' + (c - kLaoDigitZero)));
    }
  }
}

// Which script run a character belongs to. ICU 72's word rules join Thai or
// Lao letters to adjacent Latin letters, digits and even each other
// ("ปี2567", "ABCประชุม", "ไทยລາວ" each come out as one word), so text is cut
// where this class changes before it is word-broken. Neutral characters
// (spaces, punctuation, marks of no script) stay with the run before them.
enum class ScriptClass { kNeutral, kThai, kLao, kOther };

ScriptClass ClassifyForRuns(UChar32 c) {
  if (u_isdigit(c)) return ScriptClass::kOther;  // Thai digits too: "ปี๒๕๖๗"
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  if (U_FAILURE(status)) return ScriptClass::kOther;
  switch (script) {
    case USCRIPT_THAI:
      return ScriptClass::kThai;
    case USCRIPT_LAO:
      return ScriptClass::kLao;
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED:
    case USCRIPT_UNKNOWN:
      return ScriptClass::kNeutral;
    default:
      return ScriptClass::kOther;
  }
}

bool IsMark(UChar32 c) { return (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0; }

bool ContainsAlnum(const icu::UnicodeString& text) {
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    if (u_isalnum(text.char32At(i))) return true;
  }
  return false;
}

bool ContainsThaiOrLao(const icu::UnicodeString& text) {
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    const ScriptClass script_class = ClassifyForRuns(text.char32At(i));
    if (script_class == ScriptClass::kThai || script_class == ScriptClass::kLao) return true;
  }
  return false;
}

// [start, limit) ranges of maximal runs of one ScriptClass.
std::vector<std::pair<int32_t, int32_t>> ScriptRuns(const icu::UnicodeString& text) {
  std::vector<std::pair<int32_t, int32_t>> runs;
  int32_t run_start = 0;
  ScriptClass run_class = ScriptClass::kNeutral;
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    const ScriptClass script_class = ClassifyForRuns(text.char32At(i));
    if (script_class == ScriptClass::kNeutral) continue;
    if (run_class != ScriptClass::kNeutral && script_class != run_class) {
      runs.emplace_back(run_start, i);
      run_start = i;
    }
    run_class = script_class;
  }
  if (run_start < text.length()) runs.emplace_back(run_start, text.length());
  return runs;
}

// Word boundaries of one run, as [start, limit) ranges of word-like segments.
std::vector<std::pair<int32_t, int32_t>> WordRanges(const icu::UnicodeString& run) {
  std::vector<std::pair<int32_t, int32_t>> words;
  icu::BreakIterator* iterator = ThreadWordIterator();
  if (iterator == nullptr) {
    // No ICU data: a word is a run of letters, digits and marks.
    int32_t start = -1;
    for (int32_t i = 0; i < run.length(); i = run.moveIndex32(i, 1)) {
      const UChar32 c = run.char32At(i);
      const bool word_char = u_isalnum(c) || (start >= 0 && IsMark(c));
      if (word_char && start < 0) start = i;
      if (!word_char && start >= 0) {
        words.emplace_back(start, i);
        start = -1;
      }
    }
    if (start >= 0) words.emplace_back(start, run.length());
    return words;
  }
  iterator->setText(run);
  int32_t start = iterator->first();
  for (int32_t end = iterator->next(); end != icu::BreakIterator::DONE;
       start = end, end = iterator->next()) {
    // Status below UBRK_WORD_NONE_LIMIT means spaces, punctuation, symbols
    // and U+FFFD; the alnum check is a guard in case a rule tags a word so.
    if (iterator->getRuleStatus() >= UBRK_WORD_NONE_LIMIT ||
        ContainsAlnum(run.tempSubStringBetween(start, end))) {
      words.emplace_back(start, end);
    }
  }
  return words;
}

// Grapheme clusters as [start, limit) ranges.
std::vector<std::pair<int32_t, int32_t>> GraphemeRanges(const icu::UnicodeString& text) {
  std::vector<std::pair<int32_t, int32_t>> clusters;
  icu::BreakIterator* iterator = ThreadCharacterIterator();
  if (iterator == nullptr) {
    for (int32_t i = 0; i < text.length();) {
      const int32_t next = text.moveIndex32(i, 1);
      clusters.emplace_back(i, next);
      i = next;
    }
    return clusters;
  }
  iterator->setText(text);
  int32_t start = iterator->first();
  for (int32_t end = iterator->next(); end != icu::BreakIterator::DONE;
       start = end, end = iterator->next()) {
    clusters.emplace_back(start, end);
  }
  return clusters;
}

// The script of a grapheme cluster for bigram runs: kThai or kLao when it
// starts with a Thai or Lao letter or mark, kNeutral otherwise (digits,
// punctuation such as ๏ ๚, anything else), which ends a run.
ScriptClass GraphemeClass(UChar32 first) {
  if (u_isdigit(first) || !(u_isalpha(first) || IsMark(first))) return ScriptClass::kNeutral;
  const ScriptClass script_class = ClassifyForRuns(first);
  if (script_class == ScriptClass::kThai || script_class == ScriptClass::kLao) {
    return script_class;
  }
  return ScriptClass::kNeutral;
}

void AppendBigrams(const std::vector<icu::UnicodeString>& run, std::vector<std::string>& out) {
  if (run.size() == 1) {
    out.push_back(ToUtf8(run.front()));
    return;
  }
  for (size_t i = 0; i + 1 < run.size(); ++i) {
    icu::UnicodeString bigram(run[i]);
    bigram.append(run[i + 1]);
    out.push_back(ToUtf8(bigram));
  }
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

std::string NormalizeText(std::string_view utf8) { return ToUtf8(NormalizeUnicode(utf8)); }

std::string AsciiDigits(std::string_view utf8) {
  icu::UnicodeString text = FromUtf8(utf8);
  MapDigitsToAscii(text);
  return ToUtf8(text);
}

std::vector<Token> Segment(std::string_view utf8) {
  const icu::UnicodeString text = NormalizeUnicode(utf8);
  std::vector<Token> tokens;
  for (const auto& [run_start, run_limit] : ScriptRuns(text)) {
    const icu::UnicodeString run = text.tempSubStringBetween(run_start, run_limit);
    for (const auto& [start, limit] : WordRanges(run)) {
      icu::UnicodeString word(run, start, limit - start);
      // Thai and Lao have no case, so folding is the identity for them;
      // elsewhere it lower-cases (and folds ß to ss, final sigma, ...).
      word.foldCase(U_FOLD_CASE_DEFAULT);
      MapDigitsToAscii(word);
      tokens.push_back(Token{ToUtf8(word), ContainsThaiOrLao(word)});
    }
  }
  return tokens;
}

std::string SegmentForIndex(std::string_view utf8) {
  std::string out;
  for (const Token& token : Segment(utf8)) {
    if (!out.empty()) out += ' ';
    out += token.text;
  }
  return out;
}

std::vector<std::string> GraphemeBigrams(std::string_view utf8) {
  const icu::UnicodeString text = NormalizeUnicode(utf8);
  std::vector<std::string> bigrams;
  std::vector<icu::UnicodeString> run;
  ScriptClass run_class = ScriptClass::kNeutral;
  for (const auto& [start, limit] : GraphemeRanges(text)) {
    const ScriptClass cluster_class = GraphemeClass(text.char32At(start));
    if (cluster_class != run_class && !run.empty()) {
      AppendBigrams(run, bigrams);
      run.clear();
    }
    run_class = cluster_class;
    if (cluster_class != ScriptClass::kNeutral) {
      run.push_back(text.tempSubStringBetween(start, limit));
    }
  }
  if (!run.empty()) AppendBigrams(run, bigrams);
  return bigrams;
}

std::vector<std::string> EraYearAliases(std::string_view utf8) {
  const std::string text = AsciiDigits(utf8);
  std::vector<std::string> aliases;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsAsciiDigit(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && IsAsciiDigit(text[end])) ++end;
    // A year glued to a Latin letter is more likely a part or form number.
    const bool standalone = end - i == 4 && (i == 0 || !IsAsciiLetter(text[i - 1])) &&
                            (end == text.size() || !IsAsciiLetter(text[end]));
    if (standalone) {
      const int year = std::stoi(text.substr(i, 4));
      if (year >= kFirstBuddhistYear && year <= kLastBuddhistYear) {
        std::string alias = std::to_string(year - kBuddhistEraOffset);
        if (std::find(aliases.begin(), aliases.end(), alias) == aliases.end()) {
          aliases.push_back(std::move(alias));
        }
      }
    }
    i = end;
  }
  return aliases;
}

}  // namespace saraban::indexer
