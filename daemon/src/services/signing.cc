#include "services/signing.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/calendar.h"
#include "core/crypto.h"
#include "core/signing.h"
#include "services/authz.h"
#include "services/letter_steps.h"
#include "services/notifications.h"
#include "services/passwords.h"
#include "services/sessions.h"

namespace saraban::services {
namespace {

using nlohmann::json;
using store::SigningRequest;
using store::SigningStatus;

constexpr char kDocumentFormat[] = "saraban-signature/1";
constexpr int64_t kRecentMillis = int64_t{30} * 24 * 3'600'000;
constexpr size_t kRecentMax = 50;

Error Conflict(const std::string& why, const std::string& hint = "") {
  return MakeError(Errc::kConflict, why, hint);
}

std::string LetterName(uint64_t id) { return "letter " + std::to_string(id); }

// Wipes a secret when it goes out of scope, however the function returns.
class SecretGuard {
 public:
  explicit SecretGuard(std::string& secret) : secret_(secret) {}
  ~SecretGuard() { WipeSecret(secret_); }
  SecretGuard(const SecretGuard&) = delete;
  SecretGuard& operator=(const SecretGuard&) = delete;

 private:
  std::string& secret_;
};

// The letter's waiting request, which `user` is to sign or return; the
// letter itself goes to *letter.
Result<SigningRequest> WaitingForSigner(const store::ReadTxn& txn, const store::User& user,
                                        uint64_t letter_id, store::Letter* letter) {
  auto scope = ScopeOf(txn, user);
  if (!scope) return scope.error();
  auto visible = VisibleLetter(txn, *scope, letter_id);
  if (!visible) return visible.error();
  *letter = std::move(*visible);
  auto requests = txn.SigningRequestsOfLetter(letter_id);
  if (!requests) return requests.error();
  const SigningRequest* waiting = nullptr;
  bool signed_by_user = false;
  for (const auto& r : *requests) {
    if (r.status == SigningStatus::kWaiting) waiting = &r;
    if (r.status == SigningStatus::kSigned && r.signer_id == user.id) signed_by_user = true;
  }
  if (!waiting) {
    if (signed_by_user) {
      return Conflict("you have already signed " + LetterName(letter_id),
                      "a letter is signed once per request; it may be submitted again");
    }
    return Conflict(LetterName(letter_id) + " is not waiting for a signature",
                    "a registrar of its unit submits it for signature first");
  }
  if (waiting->signer_id != user.id) {
    return MakeError(Errc::kForbidden,
                     LetterName(letter_id) + " waits for the signature of another user");
  }
  if (!user.HasRole(Role::kExecutive)) {
    return MakeError(Errc::kForbidden, "only an executive may sign letters");
  }
  return *waiting;
}

// Top-level fields whose values differ between two documents.
std::vector<std::string> ChangedFields(const std::string& signed_doc, const std::string& now_doc) {
  const json a = json::parse(signed_doc, nullptr, false);
  const json b = json::parse(now_doc, nullptr, false);
  if (!a.is_object() || !b.is_object()) return {"document"};
  std::set<std::string> keys;
  for (const auto& [k, v] : a.items()) keys.insert(k);
  for (const auto& [k, v] : b.items()) keys.insert(k);
  std::vector<std::string> out;
  for (const auto& k : keys) {
    if (!a.contains(k) || !b.contains(k) || a[k] != b[k]) out.push_back(k);
  }
  return out;
}

}  // namespace

std::string_view SigningStatusName(SigningStatus s) {
  switch (s) {
    case SigningStatus::kWaiting:
      return "waiting";
    case SigningStatus::kSigned:
      return "signed";
    case SigningStatus::kReturned:
      return "returned";
  }
  return "waiting";
}

std::string_view SignatureCheckName(SignatureCheck check) {
  switch (check) {
    case SignatureCheck::kValid:
      return "valid";
    case SignatureCheck::kDocumentChanged:
      return "document_changed";
    case SignatureCheck::kSignatureBroken:
      return "signature_broken";
  }
  return "signature_broken";
}

std::string_view SignatureCheckMessage(SignatureCheck check) {
  switch (check) {
    case SignatureCheck::kValid:
      return "valid";
    case SignatureCheck::kDocumentChanged:
      return "document changed since signing";
    case SignatureCheck::kSignatureBroken:
      return "signature broken";
  }
  return "signature broken";
}

Result<std::string> CanonicalDocument(const store::ReadTxn& txn, const store::Letter& letter,
                                      uint64_t signer_id, int64_t signed_at) {
  // A received copy shows (and so signs) the files of the letter it came from.
  auto all = txn.AttachmentsOfLetter(letter.origin_letter_id ? letter.origin_letter_id : letter.id);
  if (!all) return all.error();
  std::vector<store::Attachment> current;
  for (auto& a : *all) {
    if (!a.deleted) current.push_back(std::move(a));
  }
  std::sort(current.begin(), current.end(),
            [](const store::Attachment& x, const store::Attachment& y) { return x.id < y.id; });
  json attachments = json::array();
  for (const auto& a : current) {
    attachments.push_back({{"id", a.id}, {"filename", a.filename}, {"sha256", a.sha256}});
  }
  // nlohmann::json keeps object keys sorted, and dump() without indent is
  // compact, so the same values always give the same bytes.
  const json doc = {
      {"format", kDocumentFormat},
      {"letter_id", letter.id},
      {"direction", DirectionName(letter.direction)},
      {"book", letter.book},
      {"document_no", letter.document_no},
      {"document_date", letter.document_date},
      {"subject", letter.subject},
      {"from", letter.from},
      {"to", letter.to},
      {"unit_id", letter.unit_id},
      {"register_no", letter.register_no == 0 ? json(nullptr) : json(letter.register_no)},
      {"register_year", letter.register_no == 0 ? json(nullptr) : json(letter.register_year)},
      {"secrecy", SecrecyName(letter.secrecy)},
      {"urgency", UrgencyName(letter.urgency)},
      {"attachments", std::move(attachments)},
      {"signer_id", signer_id},
      {"signed_at", FormatTimestamp(signed_at, 0)},
  };
  try {
    return doc.dump();
  } catch (const json::exception& e) {
    return MakeError(Errc::kCorruption,
                     LetterName(letter.id) + " holds text that is not UTF-8: " + e.what());
  }
}

Result<SigningRequest> SubmitForSignature(store::Store& store, const Actor& actor,
                                          uint64_t letter_id, uint64_t signer_id,
                                          const std::string& note) {
  return store.Write([&](store::WriteTxn& txn) -> Result<SigningRequest> {
    auto scope = ScopeOf(txn, actor.user);
    if (!scope) return scope.error();
    auto letter = VisibleLetter(txn, *scope, letter_id);
    if (!letter) return letter.error();
    if (!IsRegistrarOf(actor.user, letter->unit_id) && letter->operator_id != actor.user.id) {
      return MakeError(Errc::kForbidden,
                       "only a registrar of the letter's unit or its author may submit it for "
                       "signature");
    }
    if (letter->status == LetterStatus::kCancelled) {
      return Conflict(LetterName(letter_id) + " is cancelled", "a cancelled letter is not signed");
    }
    auto signer = txn.GetUser(signer_id);
    if (!signer) return signer.error();
    if (!*signer || !(*signer)->active) {
      return MakeError(Errc::kInvalidArgument, "no active user " + std::to_string(signer_id),
                       "choose the executive who signs");
    }
    if (!(*signer)->HasRole(Role::kExecutive)) {
      return MakeError(Errc::kInvalidArgument,
                       "user " + (*signer)->username + " is not an executive",
                       "only an executive signs letters");
    }
    auto signer_scope = ScopeOf(txn, **signer);
    if (!signer_scope) return signer_scope.error();
    if (auto seen = VisibleLetter(txn, *signer_scope, letter_id); !seen) {
      if (seen.error().code != Errc::kNotFound) return seen.error();
      return MakeError(Errc::kInvalidArgument,
                       "user " + (*signer)->username + " may not see " + LetterName(letter_id),
                       "choose an executive of the letter's unit (or above) cleared for its "
                       "secrecy");
    }
    auto requests = txn.SigningRequestsOfLetter(letter_id);
    if (!requests) return requests.error();
    for (const auto& r : *requests) {
      if (r.status == SigningStatus::kWaiting) {
        return Conflict(LetterName(letter_id) + " is already waiting for a signature",
                        "wait until it is signed or returned");
      }
    }
    auto id = txn.NextId("signing_request");
    if (!id) return id.error();
    const SigningRequest request{.id = *id,
                                 .letter_id = letter_id,
                                 .submitted_by = actor.user.id,
                                 .signer_id = signer_id,
                                 .status = SigningStatus::kWaiting,
                                 .note = note,
                                 .submitted_at = NowMillis()};
    if (Status s = txn.PutSigningRequest(request); !s) return s.error();
    if (Status s = NotifyUser(txn, signer_id, *letter, "signature_requested"); !s) {
      return s.error();
    }
    if (Status s = RecordLetterStep(
            txn, actor, letter_id, "submitted_for_signature",
            {{"request_id", request.id}, {"signer_id", signer_id}, {"note", note}});
        !s) {
      return s.error();
    }
    return request;
  });
}

Result<SignOutcome> SignLetter(store::Store& store, const Actor& actor, uint64_t letter_id,
                               std::string_view password) {
  // 1. Who signs what, on a snapshot.
  auto signer = store.Read([&](const store::ReadTxn& txn) -> Result<store::User> {
    auto user = txn.GetUser(actor.user.id);
    if (!user) return user.error();
    if (!*user) return MakeError(Errc::kNotFound, "user no longer exists");
    store::Letter letter;
    auto request = WaitingForSigner(txn, **user, letter_id, &letter);
    if (!request) return request.error();
    if (letter.status == LetterStatus::kCancelled) {
      return Conflict(LetterName(letter_id) + " is cancelled", "return it to the submitter");
    }
    return std::move(**user);
  });
  if (!signer) return signer.error();

  // 2. The password and the key, outside any transaction: Argon2 and scrypt
  // are slow on purpose.
  if (signer->locked_until > NowMillis()) {
    return MakeError(Errc::kTooManyRequests,
                     "this account is locked after repeated wrong passwords",
                     "ask the administrator to reset the password");
  }
  if (!VerifyPassword(signer->password_hash, password)) {
    const std::string target = "letter:" + std::to_string(letter_id);
    if (Status s = RecordWrongPassword(store, signer->id,
                                       {.action = "letter_sign_failed",
                                        .target = target,
                                        .remote_addr = actor.remote_addr,
                                        .detail = json{{"reason", "wrong password"}}.dump(),
                                        .in_session = true});
        !s) {
      return s.error();
    }
    return MakeError(Errc::kUnauthenticated, "wrong password",
                     "sign with the password you log in with");
  }
  std::string private_key;
  SecretGuard guard(private_key);
  std::string public_key = signer->signing_public_key;
  std::string sealed = signer->signing_private_sealed;
  if (!sealed.empty()) {
    auto opened = OpenWithPassword(sealed, password);
    if (opened) {
      SecretGuard opened_guard(*opened);
      auto derived = Ed25519PublicKey(*opened);
      if (derived && *derived == public_key) private_key = *opened;
    }
    // Otherwise the key was sealed under a password an admin has reset since
    // (or is damaged): it can never be used again, so a new pair replaces it.
  }
  const bool new_key = private_key.empty();
  if (new_key) {
    auto pair = GenerateEd25519KeyPair();
    if (!pair) return pair.error();
    SecretGuard pair_guard(pair->private_key);
    auto resealed = SealWithPassword(pair->private_key, password);
    if (!resealed) return resealed.error();
    private_key = pair->private_key;
    public_key = pair->public_key;
    sealed = std::move(*resealed);
  }

  // 3. Sign what the letter is at this moment, in one transaction.
  return store.Write([&](store::WriteTxn& txn) -> Result<SignOutcome> {
    auto fresh = txn.GetUser(actor.user.id);
    if (!fresh) return fresh.error();
    if (!*fresh) return MakeError(Errc::kNotFound, "user no longer exists");
    store::User user = **fresh;
    if (user.password_hash != signer->password_hash ||
        user.signing_private_sealed != signer->signing_private_sealed) {
      return Conflict("your password or signing key changed while signing", "sign again");
    }
    store::Letter letter;
    auto request = WaitingForSigner(txn, user, letter_id, &letter);
    if (!request) return request.error();
    if (letter.status == LetterStatus::kCancelled) {
      return Conflict(LetterName(letter_id) + " is cancelled", "return it to the submitter");
    }
    const int64_t now = NowMillis();
    auto document = CanonicalDocument(txn, letter, user.id, now);
    if (!document) return document.error();
    auto signature_bytes = Ed25519Sign(private_key, *document);
    if (!signature_bytes) return signature_bytes.error();
    auto id = txn.NextId("signature");
    if (!id) return id.error();
    SignOutcome out;
    out.new_key = new_key;
    out.signature = store::Signature{.id = *id,
                                     .letter_id = letter_id,
                                     .signer_id = user.id,
                                     .signed_at = now,
                                     .signed_document = std::move(*document),
                                     .public_key = public_key,
                                     .signature = std::move(*signature_bytes)};
    if (Status s = txn.PutSignature(out.signature); !s) return s.error();
    out.request = *request;
    out.request.status = SigningStatus::kSigned;
    out.request.decided_at = now;
    out.request.signature_id = out.signature.id;
    if (Status s = txn.PutSigningRequest(out.request); !s) return s.error();
    if (Status s = NotifyUser(txn, out.request.submitted_by, letter, "signed"); !s) {
      return s.error();
    }
    // The right password ends a run of wrong ones, as a login does.
    if (new_key || user.failed_logins != 0) {
      user.signing_public_key = public_key;
      user.signing_private_sealed = sealed;
      user.failed_logins = 0;
      if (Status s = txn.PutUser(user); !s) return s.error();
    }
    if (Status s = RecordLetterStep(txn, actor, letter_id, "signed",
                                    {{"request_id", out.request.id},
                                     {"signature_id", out.signature.id},
                                     {"key", Sha256Hex(public_key).substr(0, 16)},
                                     {"new_key", new_key}});
        !s) {
      return s.error();
    }
    return out;
  });
}

Result<SigningRequest> ReturnForChanges(store::Store& store, const Actor& actor, uint64_t letter_id,
                                        const std::string& note) {
  return store.Write([&](store::WriteTxn& txn) -> Result<SigningRequest> {
    store::Letter letter;
    auto request = WaitingForSigner(txn, actor.user, letter_id, &letter);
    if (!request) return request.error();
    request->status = SigningStatus::kReturned;
    request->note = note;
    request->decided_at = NowMillis();
    if (Status s = txn.PutSigningRequest(*request); !s) return s.error();
    if (Status s = NotifyUser(txn, request->submitted_by, letter, "returned_for_changes"); !s) {
      return s.error();
    }
    if (Status s = RecordLetterStep(txn, actor, letter_id, "returned_for_changes",
                                    {{"request_id", request->id}, {"note", note}});
        !s) {
      return s.error();
    }
    return std::move(*request);
  });
}

Result<std::vector<VerifiedSignature>> VerifySignatures(store::Store& store,
                                                        const store::User& user,
                                                        uint64_t letter_id) {
  return store.Read([&](const store::ReadTxn& txn) -> Result<std::vector<VerifiedSignature>> {
    auto scope = ScopeOf(txn, user);
    if (!scope) return scope.error();
    auto letter = VisibleLetter(txn, *scope, letter_id);
    if (!letter) return letter.error();
    auto signatures = txn.SignaturesOfLetter(letter_id);
    if (!signatures) return signatures.error();
    std::vector<VerifiedSignature> out;
    for (auto& sig : *signatures) {
      VerifiedSignature v;
      auto now_doc = CanonicalDocument(txn, *letter, sig.signer_id, sig.signed_at);
      if (!now_doc) return now_doc.error();
      if (!Ed25519Verify(sig.public_key, sig.signed_document, sig.signature)) {
        v.check = SignatureCheck::kSignatureBroken;
      } else if (*now_doc != sig.signed_document) {
        v.check = SignatureCheck::kDocumentChanged;
        v.changed_fields = ChangedFields(sig.signed_document, *now_doc);
      }
      v.signature = std::move(sig);
      out.push_back(std::move(v));
    }
    std::sort(out.begin(), out.end(), [](const VerifiedSignature& a, const VerifiedSignature& b) {
      return a.signature.id < b.signature.id;
    });
    return out;
  });
}

Result<SigningFolderContents> SigningFolder(store::Store& store, const store::User& user) {
  return store.Read([&](const store::ReadTxn& txn) -> Result<SigningFolderContents> {
    auto scope = ScopeOf(txn, user);
    if (!scope) return scope.error();
    auto requests = txn.SigningRequestsForSigner(user.id);
    if (!requests) return requests.error();
    std::sort(requests->begin(), requests->end(),
              [](const SigningRequest& a, const SigningRequest& b) { return a.id > b.id; });
    const int64_t since = NowMillis() - kRecentMillis;
    SigningFolderContents out;
    for (auto& r : *requests) {
      const bool waiting = r.status == SigningStatus::kWaiting;
      if (!waiting && (r.decided_at < since || out.recent.size() >= kRecentMax)) continue;
      auto letter = VisibleLetter(txn, *scope, r.letter_id);
      if (!letter) {
        if (letter.error().code == Errc::kNotFound) continue;  // no longer theirs to see
        return letter.error();
      }
      (waiting ? out.waiting : out.recent).push_back({std::move(r), std::move(*letter)});
    }
    return out;
  });
}

Status ResealSigningKey(store::User& user, std::string_view old_password,
                        std::string_view new_password) {
  if (user.signing_private_sealed.empty()) return Status::Ok();
  auto opened = OpenWithPassword(user.signing_private_sealed, old_password);
  if (!opened) {
    if (opened.error().code == Errc::kUnauthenticated || opened.error().code == Errc::kCorruption) {
      return Status::Ok();  // unusable already; the next signature makes a new pair
    }
    return opened.status();
  }
  SecretGuard guard(*opened);
  auto sealed = SealWithPassword(*opened, new_password);
  if (!sealed) return sealed.status();
  user.signing_private_sealed = std::move(*sealed);
  return Status::Ok();
}

}  // namespace saraban::services
