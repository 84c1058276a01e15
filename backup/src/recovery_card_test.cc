#include "recovery_card.h"

#include <gtest/gtest.h>

#include <string>

namespace saraban::backup {
namespace {

// A fixed key, so that every typo case below is deterministic.
std::string FixedKey() {
  std::string key;
  for (int i = 0; i < 32; ++i) key.push_back(static_cast<char>(i * 37 + 11));
  return key;
}

TEST(RecoveryCardTest, HasPrefixAndFourteenGroupsOfFour) {
  const std::string card = EncodeRecoveryCard(FixedKey());
  ASSERT_EQ(card.size(), 4 + 14 * 5u) << card;
  EXPECT_EQ(card.substr(0, 5), "SRBK-");
  for (size_t i = 4; i < card.size(); i += 5) EXPECT_EQ(card[i], '-') << card;
}

TEST(RecoveryCardTest, RoundTripsKeys) {
  for (int seed = 0; seed < 50; ++seed) {
    std::string key;
    for (int i = 0; i < 32; ++i) key.push_back(static_cast<char>((seed * 131 + i * 7) ^ (i << 3)));
    Result<std::string> back = DecodeRecoveryCard(EncodeRecoveryCard(key));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, key);
  }
}

TEST(RecoveryCardTest, AcceptsWhatAPersonTypes) {
  std::string card = EncodeRecoveryCard(FixedKey());
  std::string typed;
  for (char c : card) {
    if (c == '-') {
      typed += ' ';
    } else if (c == '0') {
      typed += 'o';
    } else if (c == '1') {
      typed += 'l';
    } else {
      typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  typed.insert(30, "\n");
  Result<std::string> back = DecodeRecoveryCard(typed);
  ASSERT_TRUE(back.ok()) << typed << ": " << back.error().message;
  EXPECT_EQ(*back, FixedKey());
  // Without the prefix too.
  back = DecodeRecoveryCard(card.substr(5));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, FixedKey());
}

TEST(RecoveryCardTest, RejectsEverySingleCharacterTypo) {
  const std::string card = EncodeRecoveryCard(FixedKey());
  const std::string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  int tried = 0;
  for (size_t i = 5; i < card.size(); ++i) {
    if (card[i] == '-') continue;
    for (char c : alphabet) {
      if (c == card[i]) continue;
      std::string typo = card;
      typo[i] = c;
      Result<std::string> r = DecodeRecoveryCard(typo);
      ASSERT_FALSE(r.ok()) << "typo at " << i << " accepted: " << typo;
      EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
      EXPECT_NE(r.error().message.find("mistyped"), std::string::npos) << r.error().message;
      ++tried;
    }
  }
  EXPECT_EQ(tried, 56 * 31);
}

TEST(RecoveryCardTest, RejectsSwappedNeighbours) {
  const std::string card = EncodeRecoveryCard(FixedKey());
  for (size_t i = 5; i + 1 < card.size(); ++i) {
    if (card[i] == '-' || card[i + 1] == '-' || card[i] == card[i + 1]) continue;
    std::string typo = card;
    std::swap(typo[i], typo[i + 1]);
    EXPECT_FALSE(DecodeRecoveryCard(typo).ok()) << typo;
  }
}

TEST(RecoveryCardTest, NamesAForeignCharacterAndItsGroup) {
  std::string card = EncodeRecoveryCard(FixedKey());
  card[5 + 5 * 2 + 1] = 'U';  // U is not in Crockford's alphabet; group 3
  Result<std::string> r = DecodeRecoveryCard(card);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
  EXPECT_NE(r.error().message.find("'U' (group 3)"), std::string::npos) << r.error().message;

  r = DecodeRecoveryCard(EncodeRecoveryCard(FixedKey()) + "ก");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("non-Latin"), std::string::npos) << r.error().message;
}

TEST(RecoveryCardTest, NamesAMissingGroup) {
  const std::string card = EncodeRecoveryCard(FixedKey());
  Result<std::string> r = DecodeRecoveryCard(card.substr(0, card.size() - 5));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("has 52 characters"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace saraban::backup
