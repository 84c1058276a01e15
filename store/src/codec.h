// Internal: records are stored as CBOR produced by nlohmann::json. Fields are
// named, so adding a field is backward compatible (missing fields decode to
// their defaults) and old records never need rewriting for it.
#ifndef SARABAN_STORE_CODEC_H_
#define SARABAN_STORE_CODEC_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/error.h"
#include "store/records.h"

namespace saraban::store {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Unit, id, parent_id, code, name_lo, name_th,
                                                name_en, keeps_books, active, created_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(User, id, username, display_name, password_hash,
                                                roles, unit_ids, clearance, language, active,
                                                failed_logins, locked_until, password_changed_at,
                                                created_at, signing_public_key,
                                                signing_private_sealed, email)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Session, token_hash, user_id, csrf_token,
                                                created_at, last_seen_at, remote_addr)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(BookType, code, name_lo, name_th, name_en,
                                                numbered, number_format, builtin)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Letter, id, direction, book, status, document_no,
                                                document_date, subject, from, to, unit_id,
                                                operator_id, received_at, urgency, secrecy,
                                                category, delivery_method, due_date, due_days,
                                                remarks, register_unit_id, register_year, register_no, registered_at,
                                                registered_by, cancel_reason, created_at,
                                                updated_at, origin_letter_id, external_recipients,
                                                close_note)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Delivery, id, letter_id, from_unit, to_unit, status,
                                                circular, sent_at, sent_by, read_at, read_by,
                                                acted_at, acted_by, note, copy_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RegisterEntry, unit_id, book, year, number,
                                                letter_id, cancelled, at, by)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TimelineEvent, letter_id, seq, at, user_id, action,
                                                detail)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AuditEntry, seq, at, user_id, username, action,
                                                target, remote_addr, detail, prev_hash, hash)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Change, seq, kind, id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Attachment, id, letter_id, filename, sha256, kind,
                                                size, text_status, pages, pages_done, method,
                                                error, created_at, created_by, deleted,
                                                replaced_by)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(OcrJob, seq, attachment_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AssignmentNote, at, user_id, kind, text, due_date)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Assignment, id, letter_id, from_user, to_user,
                                                to_unit, purpose, instruction, due_date, status,
                                                created_at, acknowledged_at, done_at, notes,
                                                reminded_due_soon, reminded_overdue)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Notification, id, user_id, kind, letter_id, text,
                                                at, read)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SigningRequest, id, letter_id, submitted_by,
                                                signer_id, status, note, submitted_at, decided_at,
                                                signature_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Folder, id, level, name, unit_id, owner_id,
                                                created_by, created_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(FolderEntry, folder_id, letter_id, filed_by,
                                                filed_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Signature, id, letter_id, signer_id, signed_at,
                                                signed_document, public_key, signature)

template <class T>
std::string Encode(const T& record) {
  const std::vector<uint8_t> bytes = nlohmann::json::to_cbor(nlohmann::json(record));
  return std::string(bytes.begin(), bytes.end());
}

template <class T>
Result<T> Decode(std::string_view bytes) {
  try {
    return nlohmann::json::from_cbor(bytes.begin(), bytes.end()).get<T>();
  } catch (const nlohmann::json::exception& e) {
    return MakeError(Errc::kCorruption, std::string("stored record does not decode: ") + e.what(),
                     "restore the data directory from a backup");
  }
}

}  // namespace saraban::store

#endif  // SARABAN_STORE_CODEC_H_
