// The records the store keeps. Plain values: the store copies them in and out
// of LMDB, so nothing here points into the database map.
//
// Times are milliseconds since the Unix epoch (UTC); 0 means "not set".
// Ids are assigned by WriteTxn::NextId and never reused.
#ifndef SARABAN_STORE_RECORDS_H_
#define SARABAN_STORE_RECORDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/domain.h"

namespace saraban::store {

// A node of the organisation chart: ministry or province, department,
// division, group. parent_id 0 marks the root (the office itself).
struct Unit {
  uint64_t id = 0;
  uint64_t parent_id = 0;
  std::string code;  // short official code, unique, e.g. "ປທສ" or "พง0017.2"
  std::string name_lo;
  std::string name_th;
  std::string name_en;
  bool keeps_books = true;  // has its own register books
  bool active = true;
  int64_t created_at = 0;
};

struct User {
  uint64_t id = 0;
  std::string username;  // unique, compared case-insensitively (stored lower-case)
  std::string display_name;
  std::string password_hash;  // Argon2id encoded string
  RoleMask roles = 0;
  std::vector<uint64_t> unit_ids;  // at least one
  Secrecy clearance = Secrecy::kNormal;
  std::string language = "en";  // "lo", "th" or "en"
  bool active = true;
  uint32_t failed_logins = 0;  // consecutive failures since the last success
  int64_t locked_until = 0;
  int64_t password_changed_at = 0;
  int64_t created_at = 0;
  // Electronic signature key (Ed25519): the public half, and the private
  // half encrypted under a key derived from the user's password, so signing
  // needs the password. Empty until the user first signs.
  std::string signing_public_key;
  std::string signing_private_sealed;
  // Where notifications are also mailed, when the office has an SMTP relay;
  // empty: in-app only.
  std::string email;

  bool HasRole(Role r) const { return (roles & RoleBit(r)) != 0; }
};

// A logged-in browser. The cookie carries a random token; only its SHA-256
// is stored, so a copy of the database does not hand out live sessions.
struct Session {
  std::string token_hash;  // hex SHA-256 of the cookie token
  uint64_t user_id = 0;
  std::string csrf_token;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  std::string remote_addr;
};

// A kind of register book. Built-in ones exist from init; an admin adds more
// (e.g. contracts). number_format places {no}, {year} and {unit} of a number.
struct BookType {
  std::string code;  // e.g. "receive", "send_normal"
  std::string name_lo;
  std::string name_th;
  std::string name_en;
  bool numbered = true;
  std::string number_format = "{no}/{year}";
  bool builtin = false;
};

struct Letter {
  uint64_t id = 0;
  Direction direction = Direction::kIncoming;
  std::string book;  // BookType::code
  LetterStatus status = LetterStatus::kDraft;
  std::string document_no;    // the number printed on the letter, e.g. "พง 0017.2/ว5500"
  std::string document_date;  // "YYYY-MM-DD" or empty
  std::string subject;
  std::string from;
  std::string to;
  uint64_t unit_id = 0;      // owner unit
  uint64_t operator_id = 0;  // user who created it
  int64_t received_at = 0;
  Urgency urgency = Urgency::kNormal;
  Secrecy secrecy = Secrecy::kNormal;
  std::string category;
  std::string delivery_method;
  std::string due_date;  // "YYYY-MM-DD"; when given as days, computed from the registration date
  int32_t due_days = 0;
  std::string remarks;
  uint64_t register_unit_id = 0;  // unit whose book numbered it (owner, or nearest ancestor with books)
  int32_t register_year = 0;      // CE year of the register book; 0 while unregistered
  uint64_t register_no = 0;
  int64_t registered_at = 0;
  uint64_t registered_by = 0;
  std::string cancel_reason;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  // Routing: the letter this one was received from (a receiving unit's own
  // registered copy), external recipients recorded when sent, and the note
  // of the unit that closed it.
  uint64_t origin_letter_id = 0;
  std::vector<std::string> external_recipients;
  std::string close_note;
};

// Where a letter sent to one unit stands.
enum class DeliveryStatus : uint8_t { kPending = 0, kAccepted = 1, kReturned = 2, kRecalled = 3 };

// One letter sent from one unit to another. Pending deliveries are the
// receiving unit's "new incoming"; accepting one registers the letter in the
// receiving unit's receive book as its own copy.
struct Delivery {
  uint64_t id = 0;
  uint64_t letter_id = 0;
  uint64_t from_unit = 0;
  uint64_t to_unit = 0;
  DeliveryStatus status = DeliveryStatus::kPending;
  bool circular = false;
  int64_t sent_at = 0;
  uint64_t sent_by = 0;
  int64_t read_at = 0;  // first opened by the receiving unit
  uint64_t read_by = 0;
  int64_t acted_at = 0;  // accepted, returned or recalled
  uint64_t acted_by = 0;
  std::string note;       // why it was returned or recalled
  uint64_t copy_id = 0;   // the receiving unit's registered copy, once accepted
};

// The last number handed out in one book of one unit and year.
struct BookCounter {
  uint64_t unit_id = 0;
  std::string book;
  int32_t year = 0;
  uint64_t last = 0;
};

// One line of a register book: which number went to which letter.
struct RegisterEntry {
  uint64_t unit_id = 0;
  std::string book;
  int32_t year = 0;
  uint64_t number = 0;
  uint64_t letter_id = 0;
  bool cancelled = false;
  int64_t at = 0;
  uint64_t by = 0;
};

struct TimelineEvent {
  uint64_t letter_id = 0;
  uint64_t seq = 0;  // global order of events
  int64_t at = 0;
  uint64_t user_id = 0;
  std::string action;  // e.g. "created", "registered", "updated", "cancelled"
  std::string detail;  // JSON object text with the specifics
};

// One security-relevant action. Entries are hash-chained: hash is SHA-256 over
// prev_hash and the entry's fields, so an edited or deleted entry is detected.
struct AuditEntry {
  uint64_t seq = 0;
  int64_t at = 0;
  uint64_t user_id = 0;
  std::string username;
  std::string action;  // e.g. "login", "login_failed", "user_created"
  std::string target;  // e.g. "user:12", "letter:40"
  std::string remote_addr;
  std::string detail;  // JSON object text
  std::string prev_hash;
  std::string hash;
};

// A routing-slip line: an executive or registrar forwards a letter to a
// person or a unit with a written instruction and a due date. The assignee
// acknowledges, comments, reports back and marks it done; due dates can be
// extended with a reason. Notes keep the whole exchange.
enum class AssignmentStatus : uint8_t { kOpen = 0, kAcknowledged = 1, kDone = 2 };
struct AssignmentNote {
  int64_t at = 0;
  uint64_t user_id = 0;
  std::string kind;  // "comment", "report", "extended", "done"
  std::string text;
  std::string due_date;  // the new due date of an extension
};
struct Assignment {
  uint64_t id = 0;
  uint64_t letter_id = 0;
  uint64_t from_user = 0;
  uint64_t to_user = 0;  // one of to_user and to_unit is set
  uint64_t to_unit = 0;
  std::string purpose;  // "action" or "information"
  std::string instruction;
  std::string due_date;  // YYYY-MM-DD or empty
  AssignmentStatus status = AssignmentStatus::kOpen;
  int64_t created_at = 0;
  int64_t acknowledged_at = 0;
  int64_t done_at = 0;
  std::vector<AssignmentNote> notes;
  // The due date for which "due soon" and "overdue" reminders were sent, so
  // each goes out once per due date and again after an extension.
  std::string reminded_due_soon;
  std::string reminded_overdue;
};

// An in-app notification for one user, created in the same transaction as
// the step it reports (so it exists exactly when the step happened).
struct Notification {
  uint64_t id = 0;
  uint64_t user_id = 0;
  std::string kind;  // "new_incoming", "returned", "recalled", "assigned", "signed", ...
  uint64_t letter_id = 0;
  std::string text;  // short, in the office's words (subject of the letter)
  int64_t at = 0;
  bool read = false;
};

// A letter submitted to an executive for signature, and how it stands.
enum class SigningStatus : uint8_t { kWaiting = 0, kSigned = 1, kReturned = 2 };
struct SigningRequest {
  uint64_t id = 0;
  uint64_t letter_id = 0;
  uint64_t submitted_by = 0;
  uint64_t signer_id = 0;  // the executive asked to sign
  SigningStatus status = SigningStatus::kWaiting;
  std::string note;  // from the submitter, or why it was returned for changes
  int64_t submitted_at = 0;
  int64_t decided_at = 0;
  uint64_t signature_id = 0;
};

// An electronic signature: the signer's Ed25519 signature over the canonical
// JSON of the letter's metadata and its attachments' SHA-256 at signing time.
struct Signature {
  uint64_t id = 0;
  uint64_t letter_id = 0;
  uint64_t signer_id = 0;
  int64_t signed_at = 0;
  std::string signed_document;  // the canonical JSON that was signed
  std::string public_key;       // the signer's key then (raw 32 bytes)
  std::string signature;        // raw 64 bytes
};

// A folder to file letters of one matter, at one of four levels: the whole
// office, a department (a unit directly under the office), a division (a
// unit further down), or one person. Filing never changes the letter; who
// sees a filed letter is still decided by the letter's own access rules.
enum class FolderLevel : uint8_t { kOffice = 0, kDepartment = 1, kDivision = 2, kPersonal = 3 };
struct Folder {
  uint64_t id = 0;
  FolderLevel level = FolderLevel::kPersonal;
  std::string name;
  uint64_t unit_id = 0;   // department and division folders
  uint64_t owner_id = 0;  // personal folders
  uint64_t created_by = 0;
  int64_t created_at = 0;
};
// One letter filed in a folder.
struct FolderEntry {
  uint64_t folder_id = 0;
  uint64_t letter_id = 0;
  uint64_t filed_by = 0;
  int64_t filed_at = 0;
};

// Where text extraction of an attachment stands.
enum class TextStatus : uint8_t { kQueued = 0, kRunning = 1, kDone = 2, kFailed = 3 };

// A file attached to a letter: a scan, a PDF, an office document. Its bytes
// are the blob named by sha256; its extracted text is kept apart (it can be
// large and is read rarely).
struct Attachment {
  uint64_t id = 0;
  uint64_t letter_id = 0;
  std::string filename;
  std::string sha256;
  std::string kind;  // "png", "pdf", "docx", ... decided by content
  uint64_t size = 0;
  TextStatus text_status = TextStatus::kQueued;
  int32_t pages = 0;
  int32_t pages_done = 0;
  std::string method;  // how the text was obtained ("ocr", "pdf_text", ...)
  std::string error;   // why extraction failed
  int64_t created_at = 0;
  uint64_t created_by = 0;
  bool deleted = false;
  uint64_t replaced_by = 0;  // the attachment that replaced this one
};

// A queued text-extraction job. Committed with the upload, removed when the
// text (or the failure) is recorded, so a restart resumes what was pending.
struct OcrJob {
  uint64_t seq = 0;
  uint64_t attachment_id = 0;
};

// A change the derived views (search index) have to apply.
struct Change {
  uint64_t seq = 0;
  std::string kind;  // "letter"
  uint64_t id = 0;
};

}  // namespace saraban::store

#endif  // SARABAN_STORE_RECORDS_H_
