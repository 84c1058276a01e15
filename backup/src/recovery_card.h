// The paper recovery card: the 32-byte X25519 private recovery key written
// as "SRBK-" and 14 groups of 4 Crockford base32 characters, the last group a
// checksum (docs/backup-format.md, "Recovery card").
// Thread-safety: pure functions.
#ifndef SARABAN_BACKUP_RECOVERY_CARD_H_
#define SARABAN_BACKUP_RECOVERY_CARD_H_

#include <string>
#include <string_view>

#include "core/error.h"

namespace saraban::backup {

// `private_key` must have 32 bytes.
std::string EncodeRecoveryCard(std::string_view private_key);

// Accepts what a person types back: any case, spaces or line breaks
// anywhere, with or without the "SRBK" prefix and the hyphens, and the
// look-alikes O (for 0) and I, L (for 1). kInvalidArgument, naming the
// problem, for a character that cannot be on a card, the wrong number of
// characters, or a checksum that does not match (a mistyped character).
Result<std::string> DecodeRecoveryCard(std::string_view text);

}  // namespace saraban::backup

#endif  // SARABAN_BACKUP_RECOVERY_CARD_H_
