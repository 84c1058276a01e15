#include "text_analysis.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace saraban::indexer {
namespace {

using Strings = std::vector<std::string>;

std::vector<std::string> Texts(const std::vector<Token>& tokens) {
  std::vector<std::string> texts;
  for (const Token& token : tokens) texts.push_back(token.text);
  return texts;
}

bool IsSubset(const std::vector<std::string>& part, const std::vector<std::string>& whole) {
  return std::all_of(part.begin(), part.end(), [&](const std::string& s) {
    return std::find(whole.begin(), whole.end(), s) != whole.end();
  });
}

TEST(TextAnalysisTest, SegmentsThaiWords) {
  const std::vector<Token> tokens = Segment("ระบบสารบรรณอิเล็กทรอนิกส์");
  EXPECT_EQ(Texts(tokens), (Strings{"ระบบ", "สารบรรณ", "อิเล็กทรอนิกส์"}));
  for (const Token& token : tokens) EXPECT_TRUE(token.thai_or_lao) << token.text;

  EXPECT_EQ(Texts(Segment("กระทรวงศึกษาธิการ")), (Strings{"กระทรวง", "ศึกษาธิการ"}));
  EXPECT_EQ(Texts(Segment("ผู้อำนวยการ")), (Strings{"ผู้", "อำนวย", "การ"}));
}

TEST(TextAnalysisTest, SegmentsLaoWords) {
  const std::vector<Token> tokens = Segment("ລະບົບຫ້ອງການທັນສະໄໝ");
  EXPECT_EQ(Texts(tokens), (Strings{"ລະບົບ", "ຫ້ອງການ", "ທັນສະໄໝ"}));
  for (const Token& token : tokens) EXPECT_TRUE(token.thai_or_lao) << token.text;
}

TEST(TextAnalysisTest, LaoCompoundStaysWholeButItsBigramsCoverItsParts) {
  const std::string compound = "ກະຊວງສຶກສາທິການ";
  EXPECT_EQ(Texts(Segment(compound)), (Strings{compound}));

  // SARA AA is a grapheme cluster of its own: ສຶ ກ ສ າ.
  const std::vector<std::string> query = GraphemeBigrams("ສຶກສາ");
  EXPECT_EQ(query, (Strings{"ສຶກ", "ກສ", "ສາ"}));
  const std::vector<std::string> document = GraphemeBigrams(compound);
  EXPECT_EQ(document.size(), 12u);  // 13 clusters
  EXPECT_TRUE(IsSubset(query, document));
  // ...and the fallback is not so loose that any Lao word matches.
  EXPECT_FALSE(IsSubset(GraphemeBigrams("ຫ້ອງການ"), document));
}

TEST(TextAnalysisTest, ThaiCompoundBigramsCoverItsParts) {
  EXPECT_TRUE(IsSubset(GraphemeBigrams("ศึกษา"), GraphemeBigrams("กระทรวงศึกษาธิการ")));
  EXPECT_FALSE(IsSubset(GraphemeBigrams("ศึกษานิเทศก์"), GraphemeBigrams("กระทรวงศึกษาธิการ")));
}

TEST(TextAnalysisTest, GraphemeBigramsOnlyOverThaiAndLaoRuns) {
  // A run of one grapheme yields it; SARA AM belongs to the cluster before it.
  EXPECT_EQ(GraphemeBigrams("ทำ"), (Strings{"ทำ"}));
  EXPECT_EQ(GraphemeBigrams("ທີ"), (Strings{"ທີ"}));
  // Spaces, Latin letters and digits end a run; digits make no bigrams.
  EXPECT_EQ(GraphemeBigrams("ไป ABC กิน ๒๕๖๗"), (Strings{"ไป", "กิน"}));
  // A change from Thai to Lao ends a run too.
  EXPECT_EQ(GraphemeBigrams("ไทยລາວ"), (Strings{"ไท", "ทย", "ລາ", "າວ"}));
  // Bigrams are taken from normalized text.
  EXPECT_EQ(GraphemeBigrams("ทํางาน"), GraphemeBigrams("ทำงาน"));
  EXPECT_TRUE(GraphemeBigrams("Invitation 2024").empty());
  EXPECT_TRUE(GraphemeBigrams("").empty());
}

TEST(TextAnalysisTest, ComposesThaiAndLaoSaraAm) {
  // U+0E17 U+0E4D U+0E32 -> U+0E17 U+0E33
  EXPECT_EQ(NormalizeText("\u0E17\u0E4D\u0E32"), "\u0E17\u0E33");
  EXPECT_EQ(NormalizeText("ทํา"), "ทำ");
  // Lao U+0E99 U+0ECD U+0EB2 -> U+0E99 U+0EB3
  EXPECT_EQ(NormalizeText("\u0E99\u0ECD\u0EB2"), "\u0E99\u0EB3");
  // Tone before the nikhahit: the plain pair follows it.
  EXPECT_EQ(NormalizeText("\u0E19\u0E49\u0E4D\u0E32"), "\u0E19\u0E49\u0E33");  // น้ำ
  EXPECT_EQ(NormalizeText("\u0E99\u0EC9\u0ECD\u0EB2"), "\u0E99\u0EC9\u0EB3");  // ນ້ຳ
  // Tone between nikhahit and SARA AA: reordered to tone + AM.
  EXPECT_EQ(NormalizeText("\u0E19\u0E4D\u0E49\u0E32"), "\u0E19\u0E49\u0E33");
  EXPECT_EQ(NormalizeText("\u0E99\u0ECD\u0EC9\u0EB2"), "\u0E99\u0EC9\u0EB3");
  // A Thai nikhahit is not combined with a Lao vowel, nor a Lao tone moved in Thai.
  EXPECT_EQ(NormalizeText("\u0E19\u0E4D\u0EB2"), "\u0E19\u0E4D\u0EB2");
  EXPECT_EQ(NormalizeText("\u0E19\u0E4D\u0EC9\u0E32"), "\u0E19\u0E4D\u0EC9\u0E32");
  // A nikhahit on its own (Pali) stays.
  EXPECT_EQ(NormalizeText("\u0E2A\u0E4D"), "\u0E2A\u0E4D");
}

TEST(TextAnalysisTest, DecomposedSaraAmSegmentsLikeComposed) {
  EXPECT_EQ(Segment("ทํางานที่กระทรวง"), Segment("ทำงานที่กระทรวง"));
  EXPECT_EQ(Segment("ນໍ້າສະອາດ"), Segment("ນ້ຳສະອາດ"));
}

TEST(TextAnalysisTest, RemovesWhitespaceBeforeCombiningMarks) {
  EXPECT_EQ(NormalizeText("ก ิน"), "กิน");
  EXPECT_EQ(NormalizeText("ก  \t\u00A0ิน"), "กิน");
  EXPECT_EQ(NormalizeText("ส ึกษา"), "สึกษา");
  EXPECT_EQ(NormalizeText("ສ ຶກສາ"), "ສຶກສາ");
  // A space and then a nikhahit: the space goes and the SARA AM is composed.
  EXPECT_EQ(NormalizeText("ท ํา"), "ทำ");
  // Spaces before letters (including leading vowels and SARA AA) stay.
  EXPECT_EQ(NormalizeText("ไป กิน ข้าว"), "ไป กิน ข้าว");
  EXPECT_EQ(NormalizeText("ก า"), "ก า");
  EXPECT_EQ(Texts(Segment("ก ินข้าว")), (Strings{"กิน", "ข้าว"}));
}

TEST(TextAnalysisTest, KeepsMarksAndNeverAppliesNfkc) {
  EXPECT_EQ(NormalizeText("ผู้ใหญ่บ้าน"), "ผู้ใหญ่บ้าน");
  EXPECT_EQ(NormalizeText("ຜູ້ອຳນວຍການ"), "ຜູ້ອຳນວຍການ");
  // NFKC would decompose SARA AM and the Lao AM back into two characters.
  EXPECT_EQ(NormalizeText("\u0E33"), "\u0E33");
  EXPECT_EQ(NormalizeText("\u0EB3"), "\u0EB3");
  EXPECT_EQ(NormalizeText("\uFB01"), "\uFB01");  // fi ligature
  // NFC does apply.
  EXPECT_EQ(NormalizeText("e\u0301"), "\u00E9");
}

TEST(TextAnalysisTest, NormalizeIsIdempotent) {
  const std::vector<std::string> inputs = {"ทํา",
                                           "น\u0E4D\u0E49\u0E32",
                                           "ນໍ້າ",
                                           "ก ิน",
                                           "ระบบสารบรรณ",
                                           "ລະບົບຫ້ອງການທັນສະໄໝ",
                                           "e\u0301",
                                           "\xff\xfe bad",
                                           "ก\u0E48\u0E38",
                                           "ก\u0301\u0E4D\u0E48\u0E32",
                                           "",
                                           "Invitation, WORKSHOP 2024"};
  for (const std::string& input : inputs) {
    const std::string once = NormalizeText(input);
    EXPECT_EQ(NormalizeText(once), once) << input;
  }
}

TEST(TextAnalysisTest, MapsThaiAndLaoDigitsToAscii) {
  EXPECT_EQ(AsciiDigits("๒๕๖๗ ແລະ ໒໐໒໔"), "2567 ແລະ 2024");
  EXPECT_EQ(AsciiDigits("๐๑๒๓๔๕๖๗๘๙"), "0123456789");
  EXPECT_EQ(AsciiDigits("໐໑໒໓໔໕໖໗໘໙"), "0123456789");
  EXPECT_EQ(AsciiDigits("ที่ ศธ ๐๒๐๑/๑๒๓"), "ที่ ศธ 0201/123");
  EXPECT_EQ(AsciiDigits("no digits"), "no digits");
  EXPECT_EQ(Texts(Segment("ปี ๒๕๖๗ ແລະ ປີ ໒໐໒໔")), (Strings{"ปี", "2567", "ແລະ", "ປີ", "2024"}));
}

TEST(TextAnalysisTest, BuddhistEraYearsGetCommonEraAliases) {
  EXPECT_EQ(EraYearAliases("ปี ๒๕๖๗"), (Strings{"2024"}));
  EXPECT_EQ(EraYearAliases("ປີ ໒໕໖໗"), (Strings{"2024"}));
  EXPECT_TRUE(EraYearAliases("1999").empty());
  EXPECT_TRUE(EraYearAliases("2024").empty());  // CE is not turned into BE
  EXPECT_EQ(EraYearAliases("พ.ศ.2400 ถึง 2700"), (Strings{"1857", "2157"}));
  EXPECT_TRUE(EraYearAliases("2399 2701").empty());
  EXPECT_TRUE(EraYearAliases("25670 125670").empty());  // not standalone
  EXPECT_TRUE(EraYearAliases("A2567 2567B").empty());   // part numbers
  EXPECT_EQ(EraYearAliases("ลงวันที่ 1/3/2567 และ 2567"), (Strings{"2024"}));
  EXPECT_EQ(EraYearAliases("ปี2566-2567"), (Strings{"2023", "2024"}));
  EXPECT_TRUE(EraYearAliases("").empty());
}

TEST(TextAnalysisTest, LowerCasesAndSplitsEnglish) {
  const std::vector<Token> tokens = Segment("Invitation, WORKSHOP");
  EXPECT_EQ(Texts(tokens), (Strings{"invitation", "workshop"}));
  for (const Token& token : tokens) EXPECT_FALSE(token.thai_or_lao) << token.text;
  EXPECT_EQ(Texts(Segment("Re: (Urgent) MINISTRY of Education!")),
            (Strings{"re", "urgent", "ministry", "of", "education"}));
  EXPECT_EQ(Texts(Segment("STRASSE Straße")), (Strings{"strasse", "strasse"}));
}

TEST(TextAnalysisTest, SegmentsMixedThaiEnglishAndDigits) {
  // ICU 72 alone returns "ประชุมWorkshopปี2567" as a single word.
  const std::vector<Token> tokens = Segment("ประชุมWorkshopปี2567 เวลา 09:30 น.");
  EXPECT_EQ(Texts(tokens), (Strings{"ประชุม", "workshop", "ปี", "2567", "เวลา", "09", "30", "น"}));
  ASSERT_EQ(tokens.size(), 8u);
  EXPECT_TRUE(tokens[0].thai_or_lao);
  EXPECT_FALSE(tokens[1].thai_or_lao);
  EXPECT_TRUE(tokens[2].thai_or_lao);
  EXPECT_FALSE(tokens[3].thai_or_lao);

  EXPECT_EQ(Texts(Segment("ปี๒๕๖๗")), (Strings{"ปี", "2567"}));
  EXPECT_EQ(Texts(Segment("หนังสือที่ ศธ 0201/1234 ลงวันที่ 5 มี.ค. 2567")),
            (Strings{"หนังสือ", "ที่", "ศธ", "0201", "1234", "ลง", "วัน", "ที่", "5", "มี.ค", "2567"}));
  EXPECT_EQ(Texts(Segment("ເລກທີ123/ກສ COVID19")), (Strings{"ເລກທີ", "123", "ກສ", "covid19"}));
  EXPECT_EQ(Texts(Segment("ไทยລາວ")), (Strings{"ไทย", "ລາວ"}));
  EXPECT_EQ(Texts(Segment("สวัสดีครับ😀ทดสอบ")), (Strings{"สวัสดี", "ครับ", "ทดสอบ"}));
}

TEST(TextAnalysisTest, SegmentForIndexJoinsWithAsciiSpaces) {
  EXPECT_EQ(SegmentForIndex("ระบบสารบรรณอิเล็กทรอนิกส์"), "ระบบ สารบรรณ อิเล็กทรอนิกส์");
  EXPECT_EQ(SegmentForIndex("ລະບົບຫ້ອງການທັນສະໄໝ, Invitation!"), "ລະບົບ ຫ້ອງການ ທັນສະໄໝ invitation");
  EXPECT_EQ(SegmentForIndex("  ...  "), "");
  EXPECT_EQ(SegmentForIndex("ระบบ\u200Bสารบรรณ").find("\u200B"), std::string::npos);
}

TEST(TextAnalysisTest, InvalidUtf8IsReplacedNotFatal) {
  const std::vector<std::string> inputs = {
      "\xff\xfeทำ\xc3",  // stray bytes and a truncated sequence at the end
      "\xc0\xaf",        // overlong '/'
      "\xed\xa0\x80",    // encoded surrogate
      "\xe0\xb8",        // truncated Thai letter
      std::string("ก\0ข", 7),
  };
  for (const std::string& input : inputs) {
    (void)Segment(input);
    (void)SegmentForIndex(input);
    (void)GraphemeBigrams(input);
    (void)EraYearAliases(input);
    (void)AsciiDigits(input);
  }
  EXPECT_EQ(Texts(Segment("\xff\xfeทำ\xc3")), (Strings{"ทำ"}));
  EXPECT_EQ(NormalizeText("ก\xff"), "ก\uFFFD");
  EXPECT_EQ(AsciiDigits("\xe0\xb9๑"), "\uFFFD1");
  EXPECT_EQ(GraphemeBigrams("\xffกิน\xff"), (Strings{"กิน"}));
}

TEST(TextAnalysisTest, SafeFromManyThreads) {
  const std::vector<std::string> expected_thai = {"ระบบ", "สารบรรณ", "อิเล็กทรอนิกส์"};
  const std::vector<std::string> expected_lao = {"ລະບົບ", "ຫ້ອງການ", "ທັນສະໄໝ"};
  std::vector<int> failures(8, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (Texts(Segment("ระบบสารบรรณอิเล็กทรอนิกส์")) != expected_thai) ++failures[t];
        if (Texts(Segment("ລະບົບຫ້ອງການທັນສະໄໝ")) != expected_lao) ++failures[t];
        if (GraphemeBigrams("ສຶກສາ").size() != 3) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int failure_count : failures) EXPECT_EQ(failure_count, 0);
}

}  // namespace
}  // namespace saraban::indexer
