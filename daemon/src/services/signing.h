// Electronic signatures of letters by executives.
//
// A registrar of the letter's unit (or the letter's author) submits a letter
// to an executive for signature; the executive signs it with their password,
// or returns it for changes with a note; it may then be submitted again.
// One request per letter waits at a time.
//
// Signing creates (on first use) the executive's Ed25519 key pair, whose
// private half is kept sealed under their password (core/signing.h), and
// signs the letter's canonical document: the JSON of its official metadata,
// the SHA-256 of its current attachments, the signer and the time (see
// CanonicalDocument). Verifying recomputes that document from the letter as
// it is now, so a later change to the metadata or a replaced attachment shows
// as "document changed since signing", and an altered stored signature as
// "signature broken".
//
// When an admin resets a password the sealed key no longer opens; the next
// signature then makes a new key pair (old signatures keep their own public
// key). A self-service password change re-seals the key (ResealSigningKey).
//
// Every transition is one store transaction with its timeline event, audit
// entry and change-log entry. Errors: kNotFound for a letter the user may not
// see; kForbidden when the user sees it but may not do this; kConflict when
// the state does not allow it (a request already waiting, nothing waiting,
// a cancelled letter); kInvalidArgument for a signer who is not an active
// executive able to see the letter; kUnauthenticated for a wrong password.
// Thread-safety: functions only; the store serialises writes.
#ifndef SARABAN_DAEMON_SERVICES_SIGNING_H_
#define SARABAN_DAEMON_SERVICES_SIGNING_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "services/letters.h"
#include "store/store.h"

namespace saraban::services {

// The actor must be a registrar of the letter's unit or its author; the
// signer an active executive who may see the letter; the letter not
// cancelled, with no request waiting already.
Result<store::SigningRequest> SubmitForSignature(store::Store& store, const Actor& actor,
                                                 uint64_t letter_id, uint64_t signer_id,
                                                 const std::string& note);

struct SignOutcome {
  store::SigningRequest request;
  store::Signature signature;
  bool new_key = false;  // a key pair was made (first signature, or after a password reset)
};
// The actor must be the signer of the letter's waiting request and give
// their login password. A wrong password is kUnauthenticated and signs
// nothing (the attempt is audited).
Result<SignOutcome> SignLetter(store::Store& store, const Actor& actor, uint64_t letter_id,
                               std::string_view password);

// The signer hands the waiting request back with a note saying what to change.
Result<store::SigningRequest> ReturnForChanges(store::Store& store, const Actor& actor,
                                               uint64_t letter_id, const std::string& note);

enum class SignatureCheck {
  kValid,            // the letter is as signed and the signature verifies
  kDocumentChanged,  // the signature verifies, but the letter has changed since
  kSignatureBroken,  // the stored signature does not verify: the record was altered
};
std::string_view SignatureCheckName(SignatureCheck check);     // "valid", ...
std::string_view SignatureCheckMessage(SignatureCheck check);  // "document changed since signing"

struct VerifiedSignature {
  store::Signature signature;
  SignatureCheck check = SignatureCheck::kValid;
  // Top-level fields of the document that differ from the letter now
  // (e.g. "subject", "attachments"); empty unless kDocumentChanged.
  std::vector<std::string> changed_fields;
};
// Every signature of a letter the user may see, oldest first.
Result<std::vector<VerifiedSignature>> VerifySignatures(store::Store& store,
                                                        const store::User& user,
                                                        uint64_t letter_id);

struct SigningFolderItem {
  store::SigningRequest request;
  store::Letter letter;
};
struct SigningFolderContents {
  std::vector<SigningFolderItem> waiting;  // for the user to sign, newest first
  std::vector<SigningFolderItem> recent;   // decided in the last 30 days, newest first, at most 50
};
// Requests addressed to the user, on letters the user still may see.
Result<SigningFolderContents> SigningFolder(store::Store& store, const store::User& user);

// The canonical document signed for a letter: compact JSON with sorted keys
// of {format, letter_id, direction, book, document_no, document_date,
// subject, from, to, unit_id, register_no, register_year, secrecy, urgency,
// attachments: [{id, filename, sha256}] (current ones, by id), signer_id,
// signed_at}. A received copy lists the files of the letter it came from,
// as the letter view does.
Result<std::string> CanonicalDocument(const store::ReadTxn& txn, const store::Letter& letter,
                                      uint64_t signer_id, int64_t signed_at);

// Re-seals the user's signing key under a new password, for a self-service
// password change; call it on the record inside the transaction that stores
// the new password hash. A user without a key is left as is. A key that does
// not open with `old_password` (the password was reset by an admin since it
// was made) is left as is too: it is unusable, and the next signature makes a
// new pair. Fails (kInternal) only if sealing fails; then do not store the
// new password. Costs two scrypt derivations (about 0.1-0.3 s).
Status ResealSigningKey(store::User& user, std::string_view old_password,
                        std::string_view new_password);

std::string_view SigningStatusName(store::SigningStatus s);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_SIGNING_H_
