// Typed writes. Each Put keeps its secondary indexes in step inside the same
// transaction, so an index never points at a record that is not there.
#include <nlohmann/json.hpp>

#include "codec.h"
#include "core/crypto.h"
#include "keys.h"
#include "lmdb_txn.h"

namespace saraban::store {
namespace {

// Re-points a unique secondary index from old_key to new_key for record `id`,
// refusing a new_key that belongs to another record.
Status MoveUniqueIndex(ReadTxn::Impl& impl, MDB_dbi index, const std::string* old_key,
                       const std::string& new_key, uint64_t id, std::string_view what) {
  auto holder = impl.Get(index, new_key);
  if (!holder) return holder.error();
  if (*holder && ReadBe(**holder) != id) {
    return MakeError(Errc::kConflict, std::string(what) + " '" + new_key + "' is already taken",
                     "choose another one");
  }
  if (old_key && *old_key != new_key) {
    if (Status s = impl.Del(index, *old_key); !s) return s;
  }
  return impl.Put(index, new_key, Be64(id));
}

}  // namespace

Result<uint64_t> WriteTxn::NextId(std::string_view sequence) {
  const std::string key = "seq/" + std::string(sequence);
  auto raw = impl_->Get(impl_->tables->meta, key);
  if (!raw) return raw.error();
  const uint64_t next = (*raw ? ReadBe(**raw) : 0) + 1;
  if (Status s = impl_->Put(impl_->tables->meta, key, Be64(next)); !s) return s.error();
  return next;
}

Status WriteTxn::PutUnit(const Unit& unit) {
  auto old = GetUnit(unit.id);
  if (!old) return old.error();
  const std::string* old_code = *old ? &(*old)->code : nullptr;
  if (Status s = MoveUniqueIndex(*impl_, impl_->tables->units_by_code, old_code, unit.code, unit.id,
                                 "unit code");
      !s) {
    return s;
  }
  return impl_->Put(impl_->tables->units, Be64(unit.id), Encode(unit));
}

Status WriteTxn::PutUser(const User& user) {
  auto old = GetUser(user.id);
  if (!old) return old.error();
  User stored = user;
  stored.username = LowerAscii(user.username);
  const std::string* old_name = *old ? &(*old)->username : nullptr;
  if (Status s = MoveUniqueIndex(*impl_, impl_->tables->users_by_name, old_name, stored.username,
                                 user.id, "username");
      !s) {
    return s;
  }
  return impl_->Put(impl_->tables->users, Be64(user.id), Encode(stored));
}

Status WriteTxn::PutSession(const Session& session) {
  const std::string user_key = Be64(session.user_id);
  if (Status s = impl_->Put(impl_->tables->sessions_by_user, user_key, session.token_hash); !s) {
    return s;
  }
  return impl_->Put(impl_->tables->sessions, session.token_hash, Encode(session));
}

Status WriteTxn::DeleteSession(std::string_view token_hash) {
  auto session = GetSession(token_hash);
  if (!session) return session.error();
  if (!*session) return Status::Ok();
  const std::string user_key = Be64((*session)->user_id);
  if (Status s = impl_->Del(impl_->tables->sessions_by_user, user_key, &token_hash); !s) return s;
  return impl_->Del(impl_->tables->sessions, token_hash);
}

Status WriteTxn::DeleteSessionsOfUser(uint64_t user_id, std::string_view keep_token_hash) {
  std::vector<std::string> doomed;
  Status s = impl_->ScanDups(impl_->tables->sessions_by_user, Be64(user_id), false,
                             [&](std::string_view token_hash) {
                               if (token_hash != keep_token_hash) doomed.emplace_back(token_hash);
                               return true;
                             });
  if (!s) return s;
  for (const auto& token_hash : doomed) {
    if (Status d = DeleteSession(token_hash); !d) return d;
  }
  return Status::Ok();
}

Status WriteTxn::PutBook(const BookType& book) {
  return impl_->Put(impl_->tables->books, book.code, Encode(book));
}

Status WriteTxn::PutLetter(const Letter& letter) {
  auto old = GetLetter(letter.id);
  if (!old) return old.error();
  const std::string id_key = Be64(letter.id);
  const std::string_view id_value = id_key;
  if (*old && (*old)->unit_id != letter.unit_id) {
    if (Status s = impl_->Del(impl_->tables->letters_by_unit, Be64((*old)->unit_id), &id_value);
        !s) {
      return s;
    }
  }
  if (!*old || (*old)->unit_id != letter.unit_id) {
    if (Status s = impl_->Put(impl_->tables->letters_by_unit, Be64(letter.unit_id), id_key); !s) {
      return s;
    }
  }
  return impl_->Put(impl_->tables->letters, id_key, Encode(letter));
}

Result<uint64_t> WriteTxn::NextRegisterNumber(uint64_t unit_id, std::string_view book,
                                              int32_t year) {
  auto last = RegisterCounter(unit_id, book, year);
  if (!last) return last.error();
  const uint64_t next = *last + 1;
  if (Status s = impl_->Put(impl_->tables->counters, CounterKey(unit_id, book, year), Be64(next));
      !s) {
    return s.error();
  }
  return next;
}

Status WriteTxn::PutRegisterEntry(const RegisterEntry& entry) {
  return impl_->Put(impl_->tables->registers,
                    RegisterPrefix(entry.unit_id, entry.book, entry.year) + Be64(entry.number),
                    Encode(entry));
}

Result<uint64_t> WriteTxn::AppendTimeline(TimelineEvent event) {
  auto seq = NextId("timeline");
  if (!seq) return seq;
  event.seq = *seq;
  if (Status s = impl_->Put(impl_->tables->timeline, Be64(event.letter_id) + Be64(event.seq),
                            Encode(event));
      !s) {
    return s.error();
  }
  return event.seq;
}

std::string AuditHash(const AuditEntry& e) {
  // Canonical form: a JSON object of every field but `hash`, keys sorted (nlohmann's default).
  nlohmann::json j = e;
  j.erase("hash");
  return Sha256Hex(j.dump());
}

Result<uint64_t> WriteTxn::AppendAudit(AuditEntry entry) {
  auto seq = NextId("audit");
  if (!seq) return seq;
  entry.seq = *seq;
  entry.prev_hash.clear();
  if (entry.seq > 1) {
    auto prev = ListAudit(entry.seq - 2, 1);
    if (!prev) return prev.error();
    if (!prev->empty()) entry.prev_hash = prev->front().hash;
  }
  entry.hash = AuditHash(entry);
  if (Status s = impl_->Put(impl_->tables->audit, Be64(entry.seq), Encode(entry)); !s) {
    return s.error();
  }
  if (Status s = impl_->Put(impl_->tables->meta, kAuditHeadKey, entry.hash); !s) {
    return s.error();
  }
  return entry.seq;
}

Result<uint64_t> WriteTxn::AppendChange(std::string_view kind, uint64_t id) {
  auto seq = NextId("change");
  if (!seq) return seq;
  Change change{*seq, std::string(kind), id};
  if (Status s = impl_->Put(impl_->tables->changes, Be64(change.seq), Encode(change)); !s) {
    return s.error();
  }
  return change.seq;
}

Status WriteTxn::PutAssignment(const Assignment& a) {
  const std::string id_key = Be64(a.id);
  if (Status s = impl_->Put(impl_->tables->assignments_by_letter, Be64(a.letter_id), id_key); !s) {
    return s;
  }
  MDB_dbi index = a.to_user ? impl_->tables->assignments_by_user : impl_->tables->assignments_by_unit;
  if (Status s = impl_->Put(index, Be64(a.to_user ? a.to_user : a.to_unit), id_key); !s) return s;
  return impl_->Put(impl_->tables->assignments, id_key, Encode(a));
}

Status WriteTxn::PutNotification(const Notification& n) {
  const std::string id_key = Be64(n.id);
  if (Status s = impl_->Put(impl_->tables->notifications_by_user, Be64(n.user_id), id_key); !s) {
    return s;
  }
  return impl_->Put(impl_->tables->notifications, id_key, Encode(n));
}

Status WriteTxn::SetWatch(uint64_t user_id, uint64_t letter_id, bool watching) {
  const std::string key = Be64(user_id) + Be64(letter_id);
  return watching ? impl_->Put(impl_->tables->watches, key, "") : impl_->Del(impl_->tables->watches, key);
}

Status WriteTxn::PutFolder(const Folder& folder) {
  return impl_->Put(impl_->tables->folders, Be64(folder.id), Encode(folder));
}

Status WriteTxn::DeleteFolder(uint64_t folder_id) {
  auto entries = FolderLetters(folder_id);
  if (!entries) return entries.status();
  for (const FolderEntry& e : *entries) {
    if (Status s = DeleteFolderEntry(folder_id, e.letter_id); !s) return s;
  }
  return impl_->Del(impl_->tables->folders, Be64(folder_id));
}

Status WriteTxn::PutFolderEntry(const FolderEntry& entry) {
  return impl_->Put(impl_->tables->folder_letters, Be64(entry.folder_id) + Be64(entry.letter_id),
                    Encode(entry));
}

Status WriteTxn::DeleteFolderEntry(uint64_t folder_id, uint64_t letter_id) {
  return impl_->Del(impl_->tables->folder_letters, Be64(folder_id) + Be64(letter_id));
}

Status WriteTxn::PutCursor(std::string_view name, uint64_t value) {
  return impl_->Put(impl_->tables->meta, "cursor/" + std::string(name), Be64(value));
}

Status WriteTxn::PutSigningRequest(const SigningRequest& r) {
  const std::string id_key = Be64(r.id);
  if (Status s = impl_->Put(impl_->tables->signing_by_letter, Be64(r.letter_id), id_key); !s) {
    return s;
  }
  if (Status s = impl_->Put(impl_->tables->signing_by_signer, Be64(r.signer_id), id_key); !s) {
    return s;
  }
  return impl_->Put(impl_->tables->signing_requests, id_key, Encode(r));
}

Status WriteTxn::PutSignature(const Signature& sig) {
  const std::string id_key = Be64(sig.id);
  if (Status s = impl_->Put(impl_->tables->signatures_by_letter, Be64(sig.letter_id), id_key); !s) {
    return s;
  }
  return impl_->Put(impl_->tables->signatures, id_key, Encode(sig));
}

Status WriteTxn::PutDelivery(const Delivery& d) {
  const std::string id_key = Be64(d.id);
  if (Status s = impl_->Put(impl_->tables->deliveries_by_letter, Be64(d.letter_id), id_key); !s) {
    return s;
  }
  if (Status s = impl_->Put(impl_->tables->deliveries_by_unit, Be64(d.to_unit), id_key); !s) {
    return s;
  }
  return impl_->Put(impl_->tables->deliveries, id_key, Encode(d));
}

Status WriteTxn::PutCopy(uint64_t origin_letter_id, uint64_t unit_id, uint64_t copy_id) {
  return impl_->Put(impl_->tables->copies, Be64(origin_letter_id) + Be64(unit_id), Be64(copy_id));
}

Status WriteTxn::DeleteLetter(uint64_t id) {
  auto letter = GetLetter(id);
  if (!letter) return letter.status();
  if (!*letter) return Status::Ok();
  const std::string id_key = Be64(id);
  const std::string_view id_value = id_key;
  if (Status s = impl_->Del(impl_->tables->letters_by_unit, Be64((*letter)->unit_id), &id_value);
      !s) {
    return s;
  }
  return impl_->Del(impl_->tables->letters, id_key);
}

Status WriteTxn::PutAttachment(const Attachment& a) {
  const std::string id_key = Be64(a.id);
  if (Status s = impl_->Put(impl_->tables->attachments_by_letter, Be64(a.letter_id), id_key); !s) {
    return s;  // a duplicate pair is a no-op for DUPSORT
  }
  return impl_->Put(impl_->tables->attachments, id_key, Encode(a));
}

Status WriteTxn::PutAttachmentText(uint64_t attachment_id, std::string_view text) {
  return impl_->Put(impl_->tables->attachment_text, Be64(attachment_id), text);
}

Result<uint64_t> WriteTxn::EnqueueJob(uint64_t attachment_id) {
  auto seq = NextId("job");
  if (!seq) return seq;
  if (Status s = impl_->Put(impl_->tables->jobs, Be64(*seq), Encode(OcrJob{*seq, attachment_id}));
      !s) {
    return s.error();
  }
  return *seq;
}

Status WriteTxn::DeleteJob(uint64_t seq) { return impl_->Del(impl_->tables->jobs, Be64(seq)); }

Status WriteTxn::PutSetting(std::string_view key, std::string_view value) {
  return impl_->Put(impl_->tables->settings, key, value);
}

}  // namespace saraban::store
