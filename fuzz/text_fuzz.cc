// Fuzz target "text": the Thai/Lao text pipeline of the search index on
// arbitrary bytes: NormalizeText, the ICU segmenter, grapheme bigrams, era
// year aliases, indexing a letter with that text, and a search with it as the
// query (which rewrites Thai/Lao runs before Xapian's query parser sees them).
//
// Besides crashes it checks promises of text_analysis.h: normalising is
// idempotent, tokens and bigrams are never empty, and the output is valid
// UTF-8 whatever came in.
#include <memory>
#include <string>

#include "fuzz_input.h"
#include "indexer/indexer.h"
#include "scratch_dir.h"
#include "text_analysis.h"

namespace {

using namespace saraban::indexer;

bool ValidUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80         ? 1
                       : (c >> 5) == 6  ? 2
                       : (c >> 4) == 14 ? 3
                       : (c >> 3) == 30 ? 4
                                        : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

struct Env {
  saraban::fuzz::ScratchDir dir;
  std::unique_ptr<Index> index;
  Env() {
    auto opened = Index::Open(dir.path() + "/index");
    if (!opened) std::abort();
    index = std::move(*opened);
    LetterDoc seed;
    seed.id = 1;
    seed.unit_id = 1;
    seed.subject = "ກະຊວງສຶກສາທິການ ແຈ້ງການ ปี ๒๕๖๗ ระบบสารบรรณอิเล็กทรอนิกส์ budget 2024";
    seed.attachment_texts = {"ຫ້ອງການ ທັນສະໄໝ หนังสือราชการ"};
    if (!index->Put(seed) || !index->Commit(1)) std::abort();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Env env_storage;  // one index for the whole run, removed at exit
  Env* env = &env_storage;
  saraban::fuzz::FuzzInput in(data, size);
  const uint8_t mode = in.Byte();
  const std::string text = in.Rest();

  const std::string normal = NormalizeText(text);
  Check(ValidUtf8(normal));
  Check(NormalizeText(normal) == normal);
  Check(ValidUtf8(AsciiDigits(text)));
  for (const Token& t : Segment(text)) Check(!t.text.empty() && ValidUtf8(t.text));
  Check(ValidUtf8(SegmentForIndex(text)));
  for (const std::string& g : GraphemeBigrams(text)) Check(!g.empty() && ValidUtf8(g));
  for (const std::string& y : EraYearAliases(text)) Check(y.size() == 4);

  if (mode & 1) {  // index it: Put runs the same analysis plus the year aliases
    LetterDoc doc;
    doc.id = 2;
    doc.unit_id = 1;
    doc.subject = text;
    doc.attachment_texts = {text};
    (void)env->index->Put(doc);
  }
  SearchQuery q;
  q.text = text;
  q.whole_office = (mode & 2) != 0;
  q.units = {1};
  q.clearance = saraban::Secrecy::kTopSecret;
  (void)env->index->Search(q);  // kInvalidArgument for a query that does not parse is fine
  return 0;
}
