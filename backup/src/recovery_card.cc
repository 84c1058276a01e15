#include "recovery_card.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <vector>

#include "core/crypto.h"

namespace saraban::backup {
namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford base32
constexpr std::string_view kPrefix = "SRBK";
constexpr size_t kKeyChars = 52;      // 256 bits + 4 zero bits = 52 x 5 bits
constexpr size_t kChecksumChars = 4;  // 20 bits
constexpr size_t kGroup = 4;
constexpr std::string_view kChecksumDomain = "SRBK1";

// Symbols (0..31) of `bits` MSB-first, padded with zero bits to a multiple of 5.
std::vector<int> ToSymbols(std::string_view bytes, size_t symbols) {
  std::vector<int> out;
  uint32_t acc = 0;
  int nbits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    nbits += 8;
    while (nbits >= 5) {
      out.push_back(static_cast<int>((acc >> (nbits - 5)) & 31));
      nbits -= 5;
    }
  }
  if (nbits > 0) out.push_back(static_cast<int>((acc << (5 - nbits)) & 31));
  out.resize(symbols);
  return out;
}

std::vector<int> ChecksumSymbols(std::string_view key) {
  const std::string digest = Sha256(std::string(kChecksumDomain) + std::string(key));
  return ToSymbols(digest.substr(0, 3), kChecksumChars);  // the first 20 bits
}

int SymbolOf(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'O') c = '0';
  if (c == 'I' || c == 'L') c = '1';
  for (int i = 0; i < 32; ++i) {
    if (kAlphabet[i] == c) return i;
  }
  return -1;
}

}  // namespace

std::string EncodeRecoveryCard(std::string_view private_key) {
  assert(private_key.size() == 32);
  std::vector<int> symbols = ToSymbols(private_key, kKeyChars);
  for (int s : ChecksumSymbols(private_key)) symbols.push_back(s);
  std::string out(kPrefix);
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (i % kGroup == 0) out.push_back('-');
    out.push_back(kAlphabet[symbols[i]]);
  }
  return out;
}

Result<std::string> DecodeRecoveryCard(std::string_view text) {
  const std::string hint = "type the card again exactly as printed: SRBK- and 14 groups of 4";
  std::string compact;
  for (char c : text) {
    if (c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r') continue;
    compact.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  if (compact.rfind(kPrefix, 0) == 0) compact.erase(0, kPrefix.size());
  std::vector<int> symbols;
  for (size_t i = 0; i < compact.size(); ++i) {
    int s = SymbolOf(compact[i]);
    if (s < 0) {
      const unsigned char c = static_cast<unsigned char>(compact[i]);
      std::string shown = c < 0x80 ? std::string(1, compact[i]) : "a non-Latin character";
      return MakeError(Errc::kInvalidArgument,
                       "the recovery card cannot contain '" + shown + "' (group " +
                           std::to_string(i / kGroup + 1) + ")",
                       hint);
    }
    symbols.push_back(s);
  }
  const size_t want = kKeyChars + kChecksumChars;
  if (symbols.size() != want) {
    return MakeError(Errc::kInvalidArgument,
                     "the recovery card has " + std::to_string(symbols.size()) +
                         " characters after SRBK; it should have " + std::to_string(want) +
                         " (14 groups of 4)",
                     hint);
  }
  // 52 symbols = 260 bits: 256 key bits then 4 zero bits.
  std::string key;
  uint32_t acc = 0;
  int nbits = 0;
  for (size_t i = 0; i < kKeyChars; ++i) {
    acc = (acc << 5) | static_cast<uint32_t>(symbols[i]);
    nbits += 5;
    if (nbits >= 8) {
      key.push_back(static_cast<char>((acc >> (nbits - 8)) & 0xFF));
      nbits -= 8;
    }
  }
  const bool pad_ok = nbits == 4 && (acc & 0xF) == 0;
  const std::vector<int> check = ChecksumSymbols(key);
  if (!pad_ok || !std::equal(check.begin(), check.end(), symbols.begin() + kKeyChars)) {
    return MakeError(Errc::kInvalidArgument,
                     "the recovery card does not check out: a character is mistyped", hint);
  }
  return key;
}

}  // namespace saraban::backup
