// Internal: key layouts. Integers are big-endian and fixed-width so that
// LMDB's byte order is numeric order.
//
//   meta              "schema_version" -> be32; "seq/<name>" -> be64;
//                     "audit/head" -> hash of the newest audit entry (the chain's anchor)
//   units             be64 id -> Unit              units_by_code     code -> be64 id
//   users             be64 id -> User              users_by_name     lower(name) -> be64 id
//   sessions          token_hash -> Session        sessions_by_user  be64 user => token_hash (dupsort)
//   books             code -> BookType
//   letters           be64 id -> Letter            letters_by_unit   be64 unit => be64 id (dupsort)
//   counters          be64 unit | be32 year | book -> be64 last number
//   registers         be64 unit | book | 0x00 | be32 year | be64 number -> RegisterEntry
//   timeline          be64 letter | be64 seq -> TimelineEvent
//   audit             be64 seq -> AuditEntry       changes           be64 seq -> Change
//   settings          key -> value text
//   attachments       be64 id -> Attachment        attachments_by_letter be64 letter => be64 id (dupsort)
//   attachment_text   be64 id -> UTF-8 text        jobs              be64 seq -> OcrJob
//   deliveries        be64 id -> Delivery          deliveries_by_letter be64 letter => be64 id (dupsort)
//   deliveries_by_unit be64 to_unit => be64 id (dupsort)
//   copies            be64 origin letter | be64 unit -> be64 copy letter
//   signing_requests  be64 id -> SigningRequest    signing_by_letter / signing_by_signer (dupsort)
//   signatures        be64 id -> Signature         signatures_by_letter be64 letter => be64 id
//   assignments       be64 id -> Assignment        assignments_by_letter / _by_user / _by_unit (dupsort)
//   notifications     be64 id -> Notification      notifications_by_user be64 user => be64 id
//   watches           be64 user | be64 letter -> ""
//   folders           be64 id -> Folder            folder_letters    be64 folder | be64 letter -> FolderEntry
//   meta "cursor/<name>" -> be64: how far a background consumer (e.g. the mailer) has come
#ifndef SARABAN_STORE_KEYS_H_
#define SARABAN_STORE_KEYS_H_

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>

namespace saraban::store {

inline constexpr char kAuditHeadKey[] = "audit/head";

inline std::string Be(uint64_t v, int bytes) {
  std::string out(bytes, '\0');
  for (int i = bytes - 1; i >= 0; --i, v >>= 8) out[i] = static_cast<char>(v & 0xff);
  return out;
}
inline std::string Be64(uint64_t v) { return Be(v, 8); }
inline std::string Be32(uint32_t v) { return Be(v, 4); }

inline uint64_t ReadBe(std::string_view s) {
  uint64_t v = 0;
  for (unsigned char c : s) v = (v << 8) | c;
  return v;
}

inline std::string CounterKey(uint64_t unit, std::string_view book, int32_t year) {
  return Be64(unit) + Be32(static_cast<uint32_t>(year)) + std::string(book);
}

inline std::string RegisterPrefix(uint64_t unit, std::string_view book, int32_t year) {
  return Be64(unit) + std::string(book) + '\0' + Be32(static_cast<uint32_t>(year));
}

// Usernames and codes are matched case-insensitively in ASCII only: Lao and
// Thai have no case, and Unicode case folding is not worth a surprise here.
inline std::string LowerAscii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace saraban::store

#endif  // SARABAN_STORE_KEYS_H_
