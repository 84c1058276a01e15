// Store is the durable record of the office: units, users, sessions, book
// types, letters, register counters and entries, timelines, the audit log,
// office settings and the change log that derived views (the search index)
// follow. It is one LMDB environment in the data directory.
//
// Thread-safety: Store is safe to share between threads. Read() runs on a
// consistent snapshot and may run concurrently with anything; Write() calls
// are serialised (one writer at a time, as LMDB allows). ReadTxn/WriteTxn
// objects live only inside the callback and must not escape it or be used
// from another thread.
//
// Durability: Write() commits with a full sync before it returns success, so a
// caller may acknowledge as soon as it returns (DESIGN.md invariant 1). The
// callback's own Result decides: ok commits, an error aborts and changes
// nothing (invariant 2).
//
// Errors: every call can fail with kIo (the operating system or LMDB failed,
// original message kept) or kCorruption (a stored record does not decode);
// writes can also fail with kFull (disk or map full). Missing records are
// std::nullopt, not errors.
#ifndef SARABAN_STORE_STORE_H_
#define SARABAN_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/error.h"
#include "store/records.h"

namespace saraban::store {

inline constexpr uint32_t kSchemaVersion = 1;

// The anchor of the audit chain, kept in the meta table and updated by
// AppendAudit in the same transaction as the entry: the last seq handed out
// and that entry's hash. Without it, deleting the newest entries would leave
// a shorter chain that still verifies. `hash` is empty for data written
// before the anchor existed.
struct AuditHead {
  uint64_t last_seq = 0;
  std::string hash;
};

// Read access to one consistent snapshot.
class ReadTxn {
 public:
  struct Impl;
  explicit ReadTxn(Impl* impl) : impl_(impl) {}
  ReadTxn(const ReadTxn&) = delete;
  ReadTxn& operator=(const ReadTxn&) = delete;

  Result<std::optional<Unit>> GetUnit(uint64_t id) const;
  Result<std::optional<Unit>> FindUnitByCode(std::string_view code) const;
  Result<std::vector<Unit>> ListUnits() const;

  Result<std::optional<User>> GetUser(uint64_t id) const;
  // `username` is matched case-insensitively (ASCII).
  Result<std::optional<User>> FindUserByName(std::string_view username) const;
  Result<std::vector<User>> ListUsers() const;

  Result<std::optional<Session>> GetSession(std::string_view token_hash) const;

  Result<std::optional<BookType>> GetBook(std::string_view code) const;
  Result<std::vector<BookType>> ListBooks() const;

  Result<std::optional<Letter>> GetLetter(uint64_t id) const;
  // Ids of the letters owned by a unit, newest first.
  Result<std::vector<uint64_t>> LetterIdsOfUnit(uint64_t unit_id) const;
  // Visits every letter, newest first, until `visit` returns false.
  Status ForEachLetter(const std::function<bool(const Letter&)>& visit) const;

  // The last number handed out in a book (0 if none yet).
  Result<uint64_t> RegisterCounter(uint64_t unit_id, std::string_view book, int32_t year) const;
  // Every counter of every book, unit and year.
  Result<std::vector<BookCounter>> ListBookCounters() const;
  // Entries of one book and year in number order.
  Result<std::vector<RegisterEntry>> ListRegister(uint64_t unit_id, std::string_view book,
                                                  int32_t year) const;

  Result<std::vector<TimelineEvent>> Timeline(uint64_t letter_id) const;

  // Audit entries with seq > after, oldest first, at most `limit`.
  Result<std::vector<AuditEntry>> ListAudit(uint64_t after, size_t limit) const;
  // The chain's anchor in the meta table (see AuditHead).
  Result<AuditHead> GetAuditHead() const;

  Result<std::optional<std::string>> GetSetting(std::string_view key) const;

  Result<std::optional<Delivery>> GetDelivery(uint64_t id) const;
  Result<std::vector<Delivery>> DeliveriesOfLetter(uint64_t letter_id) const;
  // Deliveries addressed to a unit, newest first.
  Result<std::vector<Delivery>> DeliveriesToUnit(uint64_t unit_id) const;
  // The receiving unit's copy of a letter it accepted before (0 if none).
  Result<uint64_t> FindCopy(uint64_t origin_letter_id, uint64_t unit_id) const;

  Result<std::optional<Assignment>> GetAssignment(uint64_t id) const;
  Result<std::vector<Assignment>> AssignmentsOfLetter(uint64_t letter_id) const;
  // Ids of the assignments to a user, or to a unit, newest first: ids, not
  // records, so a work list can be counted and paged one record at a time.
  Result<std::vector<uint64_t>> AssignmentIdsToUser(uint64_t user_id) const;
  Result<std::vector<uint64_t>> AssignmentIdsToUnit(uint64_t unit_id) const;

  Result<std::optional<Notification>> GetNotification(uint64_t id) const;
  // Visits a user's notifications, newest first, at most `limit` of them,
  // until `visit` returns false. One record is decoded at a time, so
  // counting the unread ones costs no memory however many there are.
  Status ForEachNotificationOf(uint64_t user_id, size_t limit,
                               const std::function<bool(const Notification&)>& visit) const;
  // Notifications of every user with id > after, oldest first, at most `limit`.
  Result<std::vector<Notification>> NotificationsAfter(uint64_t after, size_t limit) const;
  // Letters the user watches, most recently watched last.
  Result<std::vector<uint64_t>> WatchedLetters(uint64_t user_id) const;
  // Assignments with id > after, in id order, at most `limit`.
  Result<std::vector<Assignment>> AssignmentsAfter(uint64_t after, size_t limit) const;

  Result<std::optional<Folder>> GetFolder(uint64_t id) const;
  Result<std::vector<Folder>> ListFolders() const;
  // The letters filed in a folder, in letter id order.
  Result<std::vector<FolderEntry>> FolderLetters(uint64_t folder_id) const;

  // A named position of a background consumer (0 until first set).
  Result<uint64_t> GetCursor(std::string_view name) const;

  Result<std::optional<SigningRequest>> GetSigningRequest(uint64_t id) const;
  Result<std::vector<SigningRequest>> SigningRequestsOfLetter(uint64_t letter_id) const;
  // Requests addressed to a signer, newest first.
  Result<std::vector<SigningRequest>> SigningRequestsForSigner(uint64_t signer_id) const;
  Result<std::optional<Signature>> GetSignature(uint64_t id) const;
  Result<std::vector<Signature>> SignaturesOfLetter(uint64_t letter_id) const;

  Result<std::optional<Attachment>> GetAttachment(uint64_t id) const;
  // Every attachment of a letter, deleted ones included, oldest first.
  Result<std::vector<Attachment>> AttachmentsOfLetter(uint64_t letter_id) const;
  Result<std::optional<std::string>> GetAttachmentText(uint64_t attachment_id) const;
  // Pending extraction jobs, oldest first, at most `limit`.
  Result<std::vector<OcrJob>> ListJobs(size_t limit) const;

  // Changes with seq > after, oldest first, at most `limit`.
  Result<std::vector<Change>> ChangesSince(uint64_t after, size_t limit) const;
  // The newest change's seq (0 if none).
  Result<uint64_t> LastChangeSeq() const;

 protected:
  friend class Store;
  Impl* impl_;
};

// A write transaction: everything done through it commits together or not at all.
class WriteTxn : public ReadTxn {
 public:
  using ReadTxn::ReadTxn;

  // The next value of a named sequence ("unit", "user", "letter", ...), starting at 1.
  Result<uint64_t> NextId(std::string_view sequence);

  // Puts replace the whole record and keep secondary indexes in step.
  // PutUnit fails with kConflict when the code is taken by another unit;
  // PutUser likewise for the username.
  Status PutUnit(const Unit& unit);
  Status PutUser(const User& user);
  Status PutSession(const Session& session);
  Status DeleteSession(std::string_view token_hash);
  // Ends every session of a user except `keep_token_hash` (may be empty).
  Status DeleteSessionsOfUser(uint64_t user_id, std::string_view keep_token_hash);
  Status PutBook(const BookType& book);
  Status PutLetter(const Letter& letter);

  // Increments the counter of (unit, book, year) and returns the new number.
  Result<uint64_t> NextRegisterNumber(uint64_t unit_id, std::string_view book, int32_t year);
  Status PutRegisterEntry(const RegisterEntry& entry);

  // Assigns seq (and for audit, the chain hashes) and appends.
  Result<uint64_t> AppendTimeline(TimelineEvent event);
  Result<uint64_t> AppendAudit(AuditEntry entry);
  Result<uint64_t> AppendChange(std::string_view kind, uint64_t id);

  Status PutSetting(std::string_view key, std::string_view value);

  Status PutAssignment(const Assignment& assignment);
  Status PutNotification(const Notification& notification);
  Status SetWatch(uint64_t user_id, uint64_t letter_id, bool watching);
  Status PutFolder(const Folder& folder);
  // Removes a folder and its entries; the letters are untouched.
  Status DeleteFolder(uint64_t folder_id);
  Status PutFolderEntry(const FolderEntry& entry);
  Status DeleteFolderEntry(uint64_t folder_id, uint64_t letter_id);
  Status PutCursor(std::string_view name, uint64_t value);
  Status PutSigningRequest(const SigningRequest& request);
  Status PutSignature(const Signature& signature);
  Status PutDelivery(const Delivery& delivery);
  Status PutCopy(uint64_t origin_letter_id, uint64_t unit_id, uint64_t copy_id);
  // Removes a letter that was never registered or sent (a discarded draft)
  // with its index entries.
  Status DeleteLetter(uint64_t id);

  Status PutAttachment(const Attachment& attachment);
  Status PutAttachmentText(uint64_t attachment_id, std::string_view text);
  Result<uint64_t> EnqueueJob(uint64_t attachment_id);
  Status DeleteJob(uint64_t seq);
};

// The chain hash of an audit entry: SHA-256 (hex) over prev_hash and every
// other field. An entry whose stored hash differs was edited; a prev_hash that
// differs from the previous entry's hash means an entry was removed.
std::string AuditHash(const AuditEntry& entry);

struct StoreOptions {
  // LMDB map size. Sparse: reserving a large map up front costs nothing and
  // avoids ever resizing a live environment.
  uint64_t map_size = uint64_t{1} << 40;
  // Create the environment if the directory holds none.
  bool create = false;
  // Open without writing anything (e.g. a snapshot being backed up): no
  // migration, no new tables; Write() fails with kIo.
  bool read_only = false;
};

class Store {
 public:
  // Opens (or with options.create, creates) the store in `dir`, which must
  // exist. Migrates an older schema forward in one transaction. Fails with
  // kCorruption if the data was written by a newer Saraban.
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  uint32_t schema_version() const { return schema_version_; }

  // Runs `fn(const ReadTxn&)` on a snapshot and returns its result, or the
  // store's error converted to the same Result/Status type.
  template <class F>
  auto Read(F&& fn) const {
    using R = std::invoke_result_t<F, const ReadTxn&>;
    std::optional<R> out;
    Status s = RunRead([&](const ReadTxn& txn) { out.emplace(fn(txn)); });
    if (!s.ok()) return R(s.error());
    return std::move(*out);
  }

  // Runs `fn(WriteTxn&)`; commits durably if its result is ok, aborts otherwise.
  template <class F>
  auto Write(F&& fn) {
    using R = std::invoke_result_t<F, WriteTxn&>;
    std::optional<R> out;
    Status s = RunWrite([&](WriteTxn& txn) {
      out.emplace(fn(txn));
      return out->ok();
    });
    if (!s.ok()) return R(s.error());
    return std::move(*out);
  }

  // Writes a consistent, compacted copy of the environment to `path` (a file
  // that must not exist) while readers and writers go on.
  Status CopyTo(const std::string& path) const;

  struct Impl;

 private:
  explicit Store(std::unique_ptr<Impl> impl, uint32_t schema_version);
  Status RunRead(const std::function<void(const ReadTxn&)>& fn) const;
  Status RunWrite(const std::function<bool(WriteTxn&)>& fn);

  std::unique_ptr<Impl> impl_;
  uint32_t schema_version_;
};

}  // namespace saraban::store

#endif  // SARABAN_STORE_STORE_H_
