#include "utf8.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace saraban::ocr {
namespace {

TEST(Utf8Test, AcceptsThaiLaoAndAscii) {
  EXPECT_TRUE(IsValidUtf8("สารบรรณ ສາລະບັນ saraban"));
  EXPECT_TRUE(IsValidUtf8(""));
}

TEST(Utf8Test, RejectsLatin1OverlongsSurrogatesAndNul) {
  EXPECT_FALSE(IsValidUtf8("caf\xe9"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8(std::string("a\0b", 3)));
}

TEST(Utf8Test, TruncatedTailOnlyWhenAllowed) {
  const std::string cut = std::string("ก").substr(0, 2);  // first two of three bytes
  EXPECT_FALSE(IsValidUtf8("ab" + cut));
  EXPECT_TRUE(IsValidUtf8("ab" + cut, /*allow_truncated_tail=*/true));
  EXPECT_FALSE(IsValidUtf8(cut + "ab", /*allow_truncated_tail=*/true));
}

TEST(Utf8Test, DecodeReplacesBadBytesAndRoundTrips) {
  EXPECT_EQ(DecodeUtf8("a\xffก"), (std::u32string{U'a', 0xFFFD, 0x0E01}));
  EXPECT_EQ(EncodeUtf8(DecodeUtf8("ສາລະບັນ สำนักงาน")), "ສາລະບັນ สำนักงาน");
}

TEST(CerTest, ComposesAmAndIgnoresWhitespace) {
  // Tesseract writes NIKHAHIT + SARA AA where the ground truth has SARA AM.
  EXPECT_EQ(testing::Cer("ส\u0E4D\u0E32นัก งาน", "สำนักงาน").edits, 0u);
  EXPECT_EQ(testing::Cer("ນ\u0ECD\u0EB2ໃຊ້", "ນຳໃຊ້").edits, 0u);
  const testing::CerCount one_wrong = testing::Cer("abxd", "ab cd");
  EXPECT_EQ(one_wrong.edits, 1u);
  EXPECT_EQ(one_wrong.length, 4u);
  EXPECT_DOUBLE_EQ(one_wrong.Rate(), 0.25);
  EXPECT_EQ(testing::EditDistance(U"kitten", U"sitting"), 3u);
}

}  // namespace
}  // namespace saraban::ocr
