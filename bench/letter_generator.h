// benchgen: realistic official letters for the benchmarks, generated
// deterministically from a seed.
//
// A letter is a function of (seed, index) alone, so parallel clients can each
// generate the letters they register, and an in-process peer can generate the
// very same letters again, without sharing any state. The mix follows a
// provincial office near the Lao-Thai border: about 45% Lao, 45% Thai and 10%
// English letters; subjects of 6 to 20 words of official phrasing (an action,
// a topic, one to three qualifiers), real senders and recipients, document
// numbers in each country's style ("323/ປທສ", "พง 0017.2/ว5500",
// "MOE/2024/17"), document dates in 2025-2026 and occasional remarks. The
// vocabulary is embedded (a few hundred words and phrases taken from real Lao
// and Thai correspondence and from /work/shared/domain), so the output does
// not depend on files on the machine.
//
// Thread-safety: everything here is a pure function of its arguments.
#ifndef SARABAN_BENCH_LETTER_GENERATOR_H_
#define SARABAN_BENCH_LETTER_GENERATOR_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace saraban::bench {

enum class Language { kLao, kThai, kEnglish };

std::string_view LanguageName(Language language);  // "lao", "tha", "eng"

// One generated letter. Enumerations hold their API wire names.
struct GeneratedLetter {
  Language language = Language::kLao;
  std::string book;       // "receive" (incoming) or "send_normal" (outgoing)
  std::string direction;  // "incoming" or "outgoing"
  std::string urgency;    // "normal", "urgent", "very_urgent", "most_urgent"
  std::string secrecy;    // "normal", "confidential", "secret", "top_secret"
  std::string document_no;
  std::string document_date;  // YYYY-MM-DD, 2025-01-01 .. 2026-11-20
  std::string subject;
  std::string from;
  std::string to;
  std::string remarks;  // often empty
};

// Letter number `index` of the stream `seed`. Same arguments, same letter.
GeneratedLetter GenerateLetter(uint64_t seed, uint64_t index);

// The body of POST /api/v1/letters for `letter` in unit `unit_id`
// (registered at once; empty optional fields are left out).
nlohmann::json LetterRequestJson(const GeneratedLetter& letter, uint64_t unit_id);

// Single words of a language that occur in generated subjects, senders or
// recipients: material for realistic search queries.
const std::vector<std::string>& QueryWords(Language language);
// Multi-word expressions that occur verbatim in generated text (Thai and Lao
// ones are written without spaces, as in the letters): material for phrase
// queries.
const std::vector<std::string>& QueryPhrases(Language language);
// Lao and Thai word pieces that occur only inside longer compounds of the
// generated text (ສຶກສາ in ກະຊວງສຶກສາທິການ): they are found through the
// index's grapheme-bigram fallback.
const std::vector<std::string>& CompoundPieces(Language language);

// A deterministic pseudo-random stream (SplitMix64), for benches that need
// reproducible choices of their own.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform in [0, n); n > 0.
  uint64_t Below(uint64_t n) { return Next() % n; }
  // True with probability percent / 100.
  bool Chance(int percent) { return Below(100) < static_cast<uint64_t>(percent); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  uint64_t state_;
};

}  // namespace saraban::bench

#endif  // SARABAN_BENCH_LETTER_GENERATOR_H_
