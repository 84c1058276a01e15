#include "core/signing.h"

#include <gtest/gtest.h>

#include <string>

#include "core/crypto.h"

namespace saraban {
namespace {

std::string FromHex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

// RFC 8032, section 7.1, TEST 1 and TEST 2.
constexpr char kRfcPrivate1[] = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr char kRfcPublic1[] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
constexpr char kRfcSignature1[] =
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
    "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
constexpr char kRfcPrivate2[] = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
constexpr char kRfcSignature2[] =
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
    "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

TEST(SigningTest, MatchesTheRfc8032TestVectors) {
  const std::string priv = FromHex(kRfcPrivate1);
  auto pub = Ed25519PublicKey(priv);
  ASSERT_TRUE(pub.ok()) << pub.error().message;
  EXPECT_EQ(HexEncode(*pub), kRfcPublic1);
  auto sig = Ed25519Sign(priv, "");
  ASSERT_TRUE(sig.ok()) << sig.error().message;
  EXPECT_EQ(HexEncode(*sig), kRfcSignature1);
  EXPECT_TRUE(Ed25519Verify(*pub, "", *sig));

  auto sig2 = Ed25519Sign(FromHex(kRfcPrivate2), std::string(1, '\x72'));
  ASSERT_TRUE(sig2.ok());
  EXPECT_EQ(HexEncode(*sig2), kRfcSignature2);
}

TEST(SigningTest, GeneratedKeysSignAndVerify) {
  auto a = GenerateEd25519KeyPair();
  auto b = GenerateEd25519KeyPair();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->public_key.size(), kEd25519KeySize);
  EXPECT_EQ(a->private_key.size(), kEd25519KeySize);
  EXPECT_NE(a->private_key, b->private_key);
  EXPECT_NE(a->public_key, b->public_key);
  EXPECT_EQ(*Ed25519PublicKey(a->private_key), a->public_key);

  const std::string message = R"({"subject":"ເຊີນເຂົ້າຮ່ວມກອງປະຊຸມ"})";
  auto sig = Ed25519Sign(a->private_key, message);
  ASSERT_TRUE(sig.ok());
  ASSERT_EQ(sig->size(), kEd25519SignatureSize);
  EXPECT_EQ(*Ed25519Sign(a->private_key, message), *sig);  // deterministic
  EXPECT_TRUE(Ed25519Verify(a->public_key, message, *sig));
}

TEST(SigningTest, AnyChangeFailsVerification) {
  auto key = GenerateEd25519KeyPair();
  ASSERT_TRUE(key.ok());
  const std::string message = "หนังสือราชการ 12/2567";
  const std::string sig = *Ed25519Sign(key->private_key, message);
  ASSERT_TRUE(Ed25519Verify(key->public_key, message, sig));

  std::string changed = message;
  changed.back() ^= 1;
  EXPECT_FALSE(Ed25519Verify(key->public_key, changed, sig));
  for (size_t i : {size_t{0}, size_t{31}, size_t{32}, size_t{63}}) {
    std::string broken = sig;
    broken[i] ^= 0x01;
    EXPECT_FALSE(Ed25519Verify(key->public_key, message, broken)) << "byte " << i;
  }
  auto other = GenerateEd25519KeyPair();
  EXPECT_FALSE(Ed25519Verify(other->public_key, message, sig));
  EXPECT_FALSE(Ed25519Verify(key->public_key, message, sig.substr(0, 63)));
  EXPECT_FALSE(Ed25519Verify(key->public_key.substr(1), message, sig));
  EXPECT_FALSE(Ed25519Verify("", message, ""));
}

TEST(SigningTest, KeysOfTheWrongSizeAreRefused) {
  auto sig = Ed25519Sign(std::string(31, 'k'), "m");
  ASSERT_FALSE(sig.ok());
  EXPECT_EQ(sig.error().code, Errc::kInvalidArgument);
  EXPECT_FALSE(Ed25519PublicKey(std::string(33, 'k')).ok());
}

TEST(SigningTest, SealedSecretOpensWithItsPasswordOnly) {
  auto key = GenerateEd25519KeyPair();
  ASSERT_TRUE(key.ok());
  const std::string password = "ລະຫັດຜ່ານຍາວພໍ";
  auto sealed = SealWithPassword(key->private_key, password);
  ASSERT_TRUE(sealed.ok()) << sealed.error().message;
  // Versioned header, salt, nonce, ciphertext, tag; the secret does not appear.
  EXPECT_EQ(sealed->size(), 4 + 4 + 16 + 12 + key->private_key.size() + 16);
  EXPECT_EQ(sealed->substr(0, 8), std::string("SRBK\x01\x0f\x08\x01", 8));
  EXPECT_EQ(sealed->find(key->private_key), std::string::npos);

  auto opened = OpenWithPassword(*sealed, password);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(*opened, key->private_key);

  auto wrong = OpenWithPassword(*sealed, password + " ");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, Errc::kUnauthenticated);
  EXPECT_EQ(OpenWithPassword(*sealed, "").error().code, Errc::kUnauthenticated);
}

TEST(SigningTest, SealingTwiceGivesDifferentValues) {
  auto a = SealWithPassword("secret", "password1");
  auto b = SealWithPassword("secret", "password1");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);  // fresh salt and nonce
  EXPECT_EQ(*OpenWithPassword(*b, "password1"), "secret");
}

TEST(SigningTest, EmptySecretAndEmptyPasswordRoundTrip) {
  auto sealed = SealWithPassword("", "");
  ASSERT_TRUE(sealed.ok());
  auto opened = OpenWithPassword(*sealed, "");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "");
  EXPECT_EQ(OpenWithPassword(*sealed, "x").error().code, Errc::kUnauthenticated);
}

TEST(SigningTest, TamperingAnywhereIsDetected) {
  const std::string sealed = *SealWithPassword("0123456789abcdef0123456789abcdef", "password1");
  // Salt, nonce, ciphertext and tag: each changed byte fails authentication.
  for (size_t i : {size_t{8}, size_t{30}, size_t{36}, size_t{50}, sealed.size() - 1}) {
    std::string bad = sealed;
    bad[i] ^= 0x40;
    auto opened = OpenWithPassword(bad, "password1");
    ASSERT_FALSE(opened.ok()) << "byte " << i;
    EXPECT_EQ(opened.error().code, Errc::kUnauthenticated) << "byte " << i;
  }
  // Cut or extended values fail too.
  EXPECT_FALSE(OpenWithPassword(sealed.substr(0, sealed.size() - 1), "password1").ok());
  EXPECT_FALSE(OpenWithPassword(sealed + "x", "password1").ok());
}

TEST(SigningTest, ValuesThatAreNotSealedAreCorruption) {
  const std::string sealed = *SealWithPassword("secret", "password1");
  EXPECT_EQ(OpenWithPassword("", "password1").error().code, Errc::kCorruption);
  EXPECT_EQ(OpenWithPassword(sealed.substr(0, 40), "password1").error().code, Errc::kCorruption);
  std::string magic = sealed;
  magic[0] = 'X';
  EXPECT_EQ(OpenWithPassword(magic, "password1").error().code, Errc::kCorruption);
  std::string version = sealed;
  version[4] = 2;
  EXPECT_EQ(OpenWithPassword(version, "password1").error().code, Errc::kCorruption);
  std::string huge = sealed;
  huge[5] = 40;  // 2^40 iterations would never finish
  EXPECT_EQ(OpenWithPassword(huge, "password1").error().code, Errc::kCorruption);
  std::string zero_r = sealed;
  zero_r[6] = 0;
  EXPECT_EQ(OpenWithPassword(zero_r, "password1").error().code, Errc::kCorruption);
}

TEST(SigningTest, WipeSecretEmptiesTheString) {
  std::string s = "private key bytes";
  WipeSecret(s);
  EXPECT_TRUE(s.empty());
}

}  // namespace
}  // namespace saraban
