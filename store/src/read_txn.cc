// Typed reads over the tables described in keys.h.
#include "codec.h"
#include "keys.h"
#include "lmdb_txn.h"

namespace saraban::store {
namespace {

template <class T>
Result<std::optional<T>> GetRecord(const ReadTxn::Impl& impl, MDB_dbi dbi, std::string_view key) {
  auto raw = impl.Get(dbi, key);
  if (!raw) return raw.error();
  if (!*raw) return std::optional<T>();
  auto rec = Decode<T>(**raw);
  if (!rec) return rec.error();
  return std::optional<T>(std::move(*rec));
}

// Follows a secondary index (key -> be64 id) to the primary record.
template <class T>
Result<std::optional<T>> GetByIndex(const ReadTxn::Impl& impl, MDB_dbi index, MDB_dbi primary,
                                    std::string_view key) {
  auto id = impl.Get(index, key);
  if (!id) return id.error();
  if (!*id) return std::optional<T>();
  return GetRecord<T>(impl, primary, **id);
}

// Decodes every value a scan visits into a vector, up to `limit` records.
// `scan` is called with the visitor and returns the scan's Status.
template <class T, class Scan>
Result<std::vector<T>> Collect(Scan scan, size_t limit = SIZE_MAX) {
  std::vector<T> out;
  Status failed;
  Status s = scan([&](std::string_view, std::string_view v) {
    if (out.size() >= limit) return false;
    auto rec = Decode<T>(v);
    if (!rec) {
      failed = rec.error();
      return false;
    }
    out.push_back(std::move(*rec));
    return true;
  });
  if (!s) return s.error();
  if (!failed) return failed.error();
  return out;
}

template <class T>
Result<std::vector<T>> ListRecords(const ReadTxn::Impl& impl, MDB_dbi dbi,
                                   std::string_view prefix = {}) {
  return Collect<T>([&](const KeyValueVisitor& v) { return impl.Scan(dbi, prefix, false, v); });
}

// Records of a table keyed by be64 sequence, from seq `after + 1` on.
template <class T>
Result<std::vector<T>> ListAfter(const ReadTxn::Impl& impl, MDB_dbi dbi, uint64_t after,
                                 size_t limit) {
  return Collect<T>([&](const KeyValueVisitor& v) { return impl.ScanFrom(dbi, Be64(after + 1), v); },
                    limit);
}

}  // namespace

Result<std::optional<Unit>> ReadTxn::GetUnit(uint64_t id) const {
  return GetRecord<Unit>(*impl_, impl_->tables->units, Be64(id));
}

Result<std::optional<Unit>> ReadTxn::FindUnitByCode(std::string_view code) const {
  return GetByIndex<Unit>(*impl_, impl_->tables->units_by_code, impl_->tables->units, code);
}

Result<std::vector<Unit>> ReadTxn::ListUnits() const {
  return ListRecords<Unit>(*impl_, impl_->tables->units);
}

Result<std::optional<User>> ReadTxn::GetUser(uint64_t id) const {
  return GetRecord<User>(*impl_, impl_->tables->users, Be64(id));
}

Result<std::optional<User>> ReadTxn::FindUserByName(std::string_view username) const {
  return GetByIndex<User>(*impl_, impl_->tables->users_by_name, impl_->tables->users,
                          LowerAscii(username));
}

Result<std::vector<User>> ReadTxn::ListUsers() const {
  return ListRecords<User>(*impl_, impl_->tables->users);
}

Result<std::optional<Session>> ReadTxn::GetSession(std::string_view token_hash) const {
  return GetRecord<Session>(*impl_, impl_->tables->sessions, token_hash);
}

Result<std::optional<BookType>> ReadTxn::GetBook(std::string_view code) const {
  return GetRecord<BookType>(*impl_, impl_->tables->books, code);
}

Result<std::vector<BookType>> ReadTxn::ListBooks() const {
  return ListRecords<BookType>(*impl_, impl_->tables->books);
}

Result<std::optional<Letter>> ReadTxn::GetLetter(uint64_t id) const {
  return GetRecord<Letter>(*impl_, impl_->tables->letters, Be64(id));
}

namespace {
// The ids under one key of a DUPSORT index, newest (largest) first.
Result<std::vector<uint64_t>> IdsByIndex(const ReadTxn::Impl& impl, MDB_dbi index, uint64_t key) {
  std::vector<uint64_t> ids;
  Status s = impl.ScanDups(index, Be64(key), true, [&](std::string_view v) {
    ids.push_back(ReadBe(v));
    return true;
  });
  if (!s) return s.error();
  return ids;
}
}  // namespace

Result<std::vector<uint64_t>> ReadTxn::LetterIdsOfUnit(uint64_t unit_id) const {
  return IdsByIndex(*impl_, impl_->tables->letters_by_unit, unit_id);
}

Status ReadTxn::ForEachLetter(const std::function<bool(const Letter&)>& visit) const {
  Status failed;
  Status s = impl_->Scan(impl_->tables->letters, {}, true, [&](std::string_view, std::string_view v) {
    auto letter = Decode<Letter>(v);
    if (!letter) {
      failed = letter.error();
      return false;
    }
    return visit(*letter);
  });
  if (!s) return s;
  return failed;
}

Result<uint64_t> ReadTxn::RegisterCounter(uint64_t unit_id, std::string_view book,
                                          int32_t year) const {
  auto raw = impl_->Get(impl_->tables->counters, CounterKey(unit_id, book, year));
  if (!raw) return raw.error();
  return *raw ? ReadBe(**raw) : uint64_t{0};
}

Result<std::vector<BookCounter>> ReadTxn::ListBookCounters() const {
  std::vector<BookCounter> out;
  Status s = impl_->Scan(impl_->tables->counters, {}, false,
                         [&](std::string_view k, std::string_view v) {
                           if (k.size() < 12) return true;
                           out.push_back(BookCounter{
                               .unit_id = ReadBe(k.substr(0, 8)),
                               .book = std::string(k.substr(12)),
                               .year = static_cast<int32_t>(ReadBe(k.substr(8, 4))),
                               .last = ReadBe(v)});
                           return true;
                         });
  if (!s) return s.error();
  return out;
}

Result<std::vector<RegisterEntry>> ReadTxn::ListRegister(uint64_t unit_id, std::string_view book,
                                                         int32_t year) const {
  return ListRecords<RegisterEntry>(*impl_, impl_->tables->registers,
                                    RegisterPrefix(unit_id, book, year));
}

Result<std::vector<TimelineEvent>> ReadTxn::Timeline(uint64_t letter_id) const {
  return ListRecords<TimelineEvent>(*impl_, impl_->tables->timeline, Be64(letter_id));
}

Result<uint64_t> ReadTxn::LastChangeSeq() const {
  uint64_t last = 0;
  Status s = impl_->Scan(impl_->tables->changes, {}, true, [&](std::string_view k, std::string_view) {
    last = ReadBe(k);
    return false;
  });
  if (!s) return s.error();
  return last;
}

Result<std::optional<Delivery>> ReadTxn::GetDelivery(uint64_t id) const {
  return GetRecord<Delivery>(*impl_, impl_->tables->deliveries, Be64(id));
}

namespace {
// Deliveries named by a DUPSORT index entry list.
Result<std::vector<Delivery>> DeliveriesOf(const ReadTxn& txn, const ReadTxn::Impl& impl,
                                           MDB_dbi index, uint64_t key, bool newest_first) {
  std::vector<uint64_t> ids;
  Status s = impl.ScanDups(index, Be64(key), newest_first, [&](std::string_view v) {
    ids.push_back(ReadBe(v));
    return true;
  });
  if (!s) return s.error();
  std::vector<Delivery> out;
  for (uint64_t id : ids) {
    auto d = txn.GetDelivery(id);
    if (!d) return d.error();
    if (*d) out.push_back(std::move(**d));
  }
  return out;
}
}  // namespace

Result<std::vector<Delivery>> ReadTxn::DeliveriesOfLetter(uint64_t letter_id) const {
  return DeliveriesOf(*this, *impl_, impl_->tables->deliveries_by_letter, letter_id, false);
}

Result<std::vector<Delivery>> ReadTxn::DeliveriesToUnit(uint64_t unit_id) const {
  return DeliveriesOf(*this, *impl_, impl_->tables->deliveries_by_unit, unit_id, true);
}

Result<uint64_t> ReadTxn::FindCopy(uint64_t origin_letter_id, uint64_t unit_id) const {
  auto raw = impl_->Get(impl_->tables->copies, Be64(origin_letter_id) + Be64(unit_id));
  if (!raw) return raw.error();
  return *raw ? ReadBe(**raw) : uint64_t{0};
}

namespace {
// Records named by the ids in one key's duplicates of a DUPSORT index.
template <class T>
Result<std::vector<T>> ByIndex(const ReadTxn::Impl& impl, MDB_dbi index, MDB_dbi primary,
                               uint64_t key, bool newest_first) {
  std::vector<std::string> ids;
  Status s = impl.ScanDups(index, Be64(key), newest_first, [&](std::string_view v) {
    ids.emplace_back(v);
    return true;
  });
  if (!s) return s.error();
  std::vector<T> out;
  for (const auto& id : ids) {
    auto rec = GetRecord<T>(impl, primary, id);
    if (!rec) return rec.error();
    if (*rec) out.push_back(std::move(**rec));
  }
  return out;
}
}  // namespace

Result<std::optional<Assignment>> ReadTxn::GetAssignment(uint64_t id) const {
  return GetRecord<Assignment>(*impl_, impl_->tables->assignments, Be64(id));
}

Result<std::vector<Assignment>> ReadTxn::AssignmentsOfLetter(uint64_t letter_id) const {
  return ByIndex<Assignment>(*impl_, impl_->tables->assignments_by_letter,
                             impl_->tables->assignments, letter_id, false);
}

Result<std::vector<uint64_t>> ReadTxn::AssignmentIdsToUser(uint64_t user_id) const {
  return IdsByIndex(*impl_, impl_->tables->assignments_by_user, user_id);
}

Result<std::vector<uint64_t>> ReadTxn::AssignmentIdsToUnit(uint64_t unit_id) const {
  return IdsByIndex(*impl_, impl_->tables->assignments_by_unit, unit_id);
}

Result<std::optional<Notification>> ReadTxn::GetNotification(uint64_t id) const {
  return GetRecord<Notification>(*impl_, impl_->tables->notifications, Be64(id));
}

Status ReadTxn::ForEachNotificationOf(
    uint64_t user_id, size_t limit,
    const std::function<bool(const Notification&)>& visit) const {
  std::vector<uint64_t> ids;
  Status s = impl_->ScanDups(impl_->tables->notifications_by_user, Be64(user_id), true,
                             [&](std::string_view v) {
                               ids.push_back(ReadBe(v));
                               return ids.size() < limit;
                             });
  if (!s) return s;
  for (uint64_t id : ids) {
    auto n = GetNotification(id);
    if (!n) return n.status();
    if (*n && !visit(**n)) break;
  }
  return Status::Ok();
}

Result<std::vector<Notification>> ReadTxn::NotificationsAfter(uint64_t after, size_t limit) const {
  return ListAfter<Notification>(*impl_, impl_->tables->notifications, after, limit);
}

Result<std::vector<Assignment>> ReadTxn::AssignmentsAfter(uint64_t after, size_t limit) const {
  return ListAfter<Assignment>(*impl_, impl_->tables->assignments, after, limit);
}

Result<std::optional<Folder>> ReadTxn::GetFolder(uint64_t id) const {
  return GetRecord<Folder>(*impl_, impl_->tables->folders, Be64(id));
}

Result<std::vector<Folder>> ReadTxn::ListFolders() const {
  return ListRecords<Folder>(*impl_, impl_->tables->folders);
}

Result<std::vector<FolderEntry>> ReadTxn::FolderLetters(uint64_t folder_id) const {
  return ListRecords<FolderEntry>(*impl_, impl_->tables->folder_letters, Be64(folder_id));
}

Result<uint64_t> ReadTxn::GetCursor(std::string_view name) const {
  auto raw = impl_->Get(impl_->tables->meta, "cursor/" + std::string(name));
  if (!raw) return raw.error();
  return *raw ? ReadBe(**raw) : 0;
}

Result<std::vector<uint64_t>> ReadTxn::WatchedLetters(uint64_t user_id) const {
  std::vector<uint64_t> out;
  Status s = impl_->Scan(impl_->tables->watches, Be64(user_id), false,
                         [&](std::string_view k, std::string_view) {
                           out.push_back(ReadBe(k.substr(8)));
                           return true;
                         });
  if (!s) return s.error();
  return out;
}

Result<std::optional<SigningRequest>> ReadTxn::GetSigningRequest(uint64_t id) const {
  return GetRecord<SigningRequest>(*impl_, impl_->tables->signing_requests, Be64(id));
}

Result<std::vector<SigningRequest>> ReadTxn::SigningRequestsOfLetter(uint64_t letter_id) const {
  return ByIndex<SigningRequest>(*impl_, impl_->tables->signing_by_letter,
                                 impl_->tables->signing_requests, letter_id, false);
}

Result<std::vector<SigningRequest>> ReadTxn::SigningRequestsForSigner(uint64_t signer_id) const {
  return ByIndex<SigningRequest>(*impl_, impl_->tables->signing_by_signer,
                                 impl_->tables->signing_requests, signer_id, true);
}

Result<std::optional<Signature>> ReadTxn::GetSignature(uint64_t id) const {
  return GetRecord<Signature>(*impl_, impl_->tables->signatures, Be64(id));
}

Result<std::vector<Signature>> ReadTxn::SignaturesOfLetter(uint64_t letter_id) const {
  return ByIndex<Signature>(*impl_, impl_->tables->signatures_by_letter, impl_->tables->signatures,
                            letter_id, false);
}

Result<std::optional<Attachment>> ReadTxn::GetAttachment(uint64_t id) const {
  return GetRecord<Attachment>(*impl_, impl_->tables->attachments, Be64(id));
}

Result<std::vector<Attachment>> ReadTxn::AttachmentsOfLetter(uint64_t letter_id) const {
  std::vector<uint64_t> ids;
  Status s = impl_->ScanDups(impl_->tables->attachments_by_letter, Be64(letter_id), false,
                             [&](std::string_view v) {
                               ids.push_back(ReadBe(v));
                               return true;
                             });
  if (!s) return s.error();
  std::vector<Attachment> out;
  for (uint64_t id : ids) {
    auto a = GetAttachment(id);
    if (!a) return a.error();
    if (*a) out.push_back(std::move(**a));
  }
  return out;
}

Result<std::optional<std::string>> ReadTxn::GetAttachmentText(uint64_t attachment_id) const {
  auto raw = impl_->Get(impl_->tables->attachment_text, Be64(attachment_id));
  if (!raw) return raw.error();
  if (!*raw) return std::optional<std::string>();
  return std::optional<std::string>(std::string(**raw));
}

Result<std::vector<OcrJob>> ReadTxn::ListJobs(size_t limit) const {
  return ListAfter<OcrJob>(*impl_, impl_->tables->jobs, 0, limit);
}

Result<std::vector<AuditEntry>> ReadTxn::ListAudit(uint64_t after, size_t limit) const {
  return ListAfter<AuditEntry>(*impl_, impl_->tables->audit, after, limit);
}

Result<AuditHead> ReadTxn::GetAuditHead() const {
  AuditHead head;
  auto seq = impl_->Get(impl_->tables->meta, "seq/audit");
  if (!seq) return seq.error();
  if (*seq) head.last_seq = ReadBe(**seq);
  auto hash = impl_->Get(impl_->tables->meta, kAuditHeadKey);
  if (!hash) return hash.error();
  if (*hash) head.hash = std::string(**hash);
  return head;
}

Result<std::optional<std::string>> ReadTxn::GetSetting(std::string_view key) const {
  auto raw = impl_->Get(impl_->tables->settings, key);
  if (!raw) return raw.error();
  if (!*raw) return std::optional<std::string>();
  return std::optional<std::string>(std::string(**raw));
}

Result<std::vector<Change>> ReadTxn::ChangesSince(uint64_t after, size_t limit) const {
  return ListAfter<Change>(*impl_, impl_->tables->changes, after, limit);
}

}  // namespace saraban::store
