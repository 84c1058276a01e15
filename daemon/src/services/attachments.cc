#include "services/attachments.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "ocr/ocr.h"
#include "services/letter_steps.h"
#include "services/sessions.h"

namespace saraban::services {
namespace {

using nlohmann::json;

// The letter behind an attachment change, checked for visibility and rights.
Result<store::Letter> LetterForChange(const store::ReadTxn& txn, const Actor& actor,
                                      uint64_t letter_id) {
  auto scope = ScopeOf(txn, actor.user);
  if (!scope) return scope.error();
  auto letter = VisibleLetter(txn, *scope, letter_id);
  if (!letter) return letter;
  if (!MayChangeAttachments(actor.user, *letter)) {
    return MakeError(Errc::kForbidden, "you may not change the attachments of this letter",
                     "only its unit's members and registrars may");
  }
  if (letter->status == LetterStatus::kCancelled) {
    return MakeError(Errc::kConflict, "the letter is cancelled");
  }
  return letter;
}


}  // namespace

std::string_view TextStatusName(store::TextStatus s) {
  switch (s) {
    case store::TextStatus::kQueued: return "queued";
    case store::TextStatus::kRunning: return "running";
    case store::TextStatus::kDone: return "done";
    case store::TextStatus::kFailed: return "failed";
  }
  return "failed";
}

bool MayChangeAttachments(const store::User& user, const store::Letter& letter) {
  return IsRegistrarOf(user, letter.unit_id) ||
         std::find(user.unit_ids.begin(), user.unit_ids.end(), letter.unit_id) !=
             user.unit_ids.end();
}

Result<std::string> CleanFilename(const std::string& name) {
  const size_t slash = name.find_last_of("/\\");
  std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
  const bool control = std::any_of(base.begin(), base.end(),
                                   [](unsigned char c) { return c < 0x20 || c == 0x7f; });
  if (base.empty() || base.size() > 255 || control || base == "." || base == "..") {
    return MakeError(Errc::kInvalidArgument, "the file name must have 1 to 255 printable bytes",
                     "pass ?filename=scan.pdf");
  }
  return base;
}

Result<store::Attachment> VisibleAttachment(const store::ReadTxn& txn, const Scope& scope,
                                            uint64_t id) {
  auto a = txn.GetAttachment(id);
  if (!a) return a.error();
  if (*a) {
    auto letter = VisibleLetter(txn, scope, (*a)->letter_id);
    if (letter) return std::move(**a);
    if (letter.error().code != Errc::kNotFound) return letter.error();
  }
  return MakeError(Errc::kNotFound, "no attachment " + std::to_string(id));
}

Result<store::Attachment> AddAttachment(store::Store& store, store::BlobStore& blobs,
                                        const Actor& actor, uint64_t letter_id,
                                        const Upload& upload, uint64_t replaces) {
  auto filename = CleanFilename(upload.filename);
  if (!filename) return filename.error();
  // Check rights before reading a byte of the upload.
  auto allowed = store.Read(
      [&](const store::ReadTxn& txn) { return LetterForChange(txn, actor, letter_id); });
  if (!allowed) return allowed.error();
  std::string kind;
  auto blob = blobs.Write(upload.read, upload.max_bytes, [&](const std::string& temp) -> Status {
    auto detected = ocr::DetectKind(temp);
    if (!detected) return detected.error();
    kind = ocr::KindName(*detected);
    return Status::Ok();
  });
  if (!blob) return blob.error();
  return store.Write([&](store::WriteTxn& txn) -> Result<store::Attachment> {
    auto letter = LetterForChange(txn, actor, letter_id);  // again: rights may have changed
    if (!letter) return letter.error();
    auto id = txn.NextId("attachment");
    if (!id) return id.error();
    store::Attachment a{.id = *id,
                        .letter_id = letter_id,
                        .filename = *filename,
                        .sha256 = blob->sha256,
                        .kind = kind,
                        .size = blob->size,
                        .text_status = store::TextStatus::kQueued,
                        .created_at = NowMillis(),
                        .created_by = actor.user.id};
    if (replaces != 0) {
      auto old = txn.GetAttachment(replaces);
      if (!old) return old.error();
      if (!*old || (*old)->letter_id != letter_id) {
        return MakeError(Errc::kNotFound, "no attachment " + std::to_string(replaces));
      }
      if ((*old)->deleted) return MakeError(Errc::kConflict, "that attachment was deleted");
      (*old)->deleted = true;
      (*old)->replaced_by = a.id;
      if (Status s = txn.PutAttachment(**old); !s) return s.error();
    }
    if (Status s = txn.PutAttachment(a); !s) return s.error();
    if (auto s = txn.EnqueueJob(a.id); !s) return s.error();
    json detail = {{"attachment_id", a.id}, {"filename", a.filename}, {"sha256", a.sha256}};
    if (replaces) detail["replaces"] = replaces;
    if (Status s = RecordLetterStep(txn, actor, letter_id,
                                  replaces ? "attachment_replaced" : "attachment_added", detail);
        !s) {
      return s.error();
    }
    return a;
  });
}

Status DeleteAttachment(store::Store& store, const Actor& actor, uint64_t id) {
  return store.Write([&](store::WriteTxn& txn) -> Status {
    auto scope = ScopeOf(txn, actor.user);
    if (!scope) return scope.error();
    auto a = VisibleAttachment(txn, *scope, id);
    if (!a) return a.status();
    auto letter = LetterForChange(txn, actor, a->letter_id);
    if (!letter) return letter.status();
    if (a->deleted) return MakeError(Errc::kConflict, "the attachment is already deleted");
    a->deleted = true;
    if (Status s = txn.PutAttachment(*a); !s) return s;
    return RecordLetterStep(txn, actor, a->letter_id, "attachment_deleted",
                          {{"attachment_id", a->id}, {"filename", a->filename}});
  });
}

}  // namespace saraban::services
