// Attachments of letters: adding (streamed into the blob store, type decided
// by content, extraction queued in the same transaction as the record),
// replacing, deleting, and reading with access checked through authz.
// Thread-safety: functions only.
//
// Errors: kNotFound (no such letter or attachment the user may see),
// kForbidden (may see but not change), kTooLarge (over the upload limit),
// kUnsupported (not an accepted file type), kConflict (changing a deleted
// attachment), kInvalidArgument (bad file name), kFull, kIo.
#ifndef SARABAN_DAEMON_SERVICES_ATTACHMENTS_H_
#define SARABAN_DAEMON_SERVICES_ATTACHMENTS_H_

#include <string>

#include "core/error.h"
#include "services/authz.h"
#include "services/letters.h"
#include "store/blob_store.h"
#include "store/store.h"

namespace saraban::services {

struct Upload {
  std::string filename;
  store::BlobStore::Reader read;
  uint64_t max_bytes = 200ull << 20;
};

// Adds a file to a letter; with `replaces` != 0 it takes that attachment's
// place (the old one is marked deleted and points at the new one).
Result<store::Attachment> AddAttachment(store::Store& store, store::BlobStore& blobs,
                                        const Actor& actor, uint64_t letter_id,
                                        const Upload& upload, uint64_t replaces = 0);
// Marks an attachment deleted (its record and bytes stay for the timeline).
Status DeleteAttachment(store::Store& store, const Actor& actor, uint64_t id);

// An attachment of a letter the user may see; kNotFound otherwise. Deleted
// attachments are found too (callers decide what to show).
Result<store::Attachment> VisibleAttachment(const store::ReadTxn& txn, const Scope& scope,
                                            uint64_t id);

// Who may add, replace or delete a letter's attachments: its unit's members
// and registrars.
bool MayChangeAttachments(const store::User& user, const store::Letter& letter);

// Checks a client-supplied file name: 1 to 255 bytes, no control characters;
// any directory part is dropped.
Result<std::string> CleanFilename(const std::string& name);

std::string_view TextStatusName(store::TextStatus s);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_ATTACHMENTS_H_
