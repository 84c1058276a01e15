// Electronic signatures: submit a letter for signature, sign it with one's
// password, return it for changes, verify its signatures, and the signing
// folder of an executive.
#include "api/handlers.h"
#include "api/views.h"
#include "core/calendar.h"
#include "core/crypto.h"
#include "services/signing.h"

namespace saraban::api {
namespace {

json Time(int64_t ms, const services::OfficeSettings& s) {
  return ms == 0 ? json(nullptr) : json(FormatTimestamp(ms, s.utc_offset_minutes));
}

json RequestView(const store::SigningRequest& r, const services::OfficeSettings& s) {
  return {{"id", r.id},
          {"letter_id", r.letter_id},
          {"submitted_by", r.submitted_by},
          {"signer_id", r.signer_id},
          {"status", services::SigningStatusName(r.status)},
          {"note", r.note.empty() ? json(nullptr) : json(r.note)},
          {"submitted_at", Time(r.submitted_at, s)},
          {"decided_at", Time(r.decided_at, s)},
          {"signature_id", r.signature_id == 0 ? json(nullptr) : json(r.signature_id)}};
}

// A signature and the outcome of checking it. `signed_document` is the exact
// text that was signed, so anyone can check it with the public key.
Result<json> SignatureView(const store::ReadTxn& txn, const services::VerifiedSignature& v,
                           const services::OfficeSettings& s) {
  const store::Signature& sig = v.signature;
  auto signer = txn.GetUser(sig.signer_id);
  if (!signer) return signer.error();
  return json{{"id", sig.id},
              {"letter_id", sig.letter_id},
              {"signer_id", sig.signer_id},
              {"signer_name", *signer ? json((*signer)->display_name) : json(nullptr)},
              {"signed_at", Time(sig.signed_at, s)},
              {"algorithm", "Ed25519"},
              {"public_key", HexEncode(sig.public_key)},
              {"signature", HexEncode(sig.signature)},
              {"signed_document", sig.signed_document},
              {"valid", v.check == services::SignatureCheck::kValid},
              {"status", services::SignatureCheckName(v.check)},
              {"message", services::SignatureCheckMessage(v.check)},
              {"changed_fields", v.changed_fields}};
}

// {"request", "letter"} items of the signing folder.
Result<json> FolderItems(const store::ReadTxn& txn, const services::OfficeSettings& s,
                         const std::vector<services::SigningFolderItem>& items) {
  json out = json::array();
  for (const auto& item : items) {
    auto letter = LetterJson(txn, s, item.letter);
    if (!letter) return letter.error();
    out.push_back({{"request", RequestView(item.request, s)}, {"letter", std::move(*letter)}});
  }
  return out;
}

}  // namespace

http::HttpResponse SubmitForSignature(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto signer = body->Int("signer_id", true, 1);
  auto note = body->String("note", false, 2000);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto request = services::SubmitForSignature(call.services.store, ActorOf(call), *id,
                                              static_cast<uint64_t>(*signer), note.value_or(""));
  if (!request) return ErrorResponse(request.error());
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  return JsonResponse(201, {{"request", RequestView(*request, *settings)}});
}

http::HttpResponse SignLetter(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto password = body->Secret("password", true);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto outcome = services::SignLetter(call.services.store, ActorOf(call), *id, *password);
  if (!outcome) return ErrorResponse(outcome.error());
  auto view = call.services.store.Read([&](const store::ReadTxn& txn) -> Result<json> {
    auto settings = services::LoadSettings(txn);
    if (!settings) return settings.error();
    auto signature = SignatureView(txn, {.signature = outcome->signature}, *settings);
    if (!signature) return signature.error();
    return json{{"request", RequestView(outcome->request, *settings)},
                {"signature", std::move(*signature)},
                {"new_key", outcome->new_key}};
  });
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(200, *view);
}

http::HttpResponse ReturnForChanges(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto note = body->String("note", true, 2000);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto request = services::ReturnForChanges(call.services.store, ActorOf(call), *id, *note);
  if (!request) return ErrorResponse(request.error());
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  return JsonResponse(200, {{"request", RequestView(*request, *settings)}});
}

http::HttpResponse ListSignatures(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto verified = services::VerifySignatures(call.services.store, call.principal->user, *id);
  if (!verified) return ErrorResponse(verified.error());
  auto view = call.services.store.Read([&](const store::ReadTxn& txn) -> Result<json> {
    auto settings = services::LoadSettings(txn);
    if (!settings) return settings.error();
    json out = json::array();
    for (const auto& v : *verified) {
      auto j = SignatureView(txn, v, *settings);
      if (!j) return j.error();
      out.push_back(std::move(*j));
    }
    return out;
  });
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(200, {{"letter_id", *id}, {"signatures", std::move(*view)}});
}

http::HttpResponse SigningFolder(Call& call) {
  auto folder = services::SigningFolder(call.services.store, call.principal->user);
  if (!folder) return ErrorResponse(folder.error());
  auto view = call.services.store.Read([&](const store::ReadTxn& txn) -> Result<json> {
    auto settings = services::LoadSettings(txn);
    if (!settings) return settings.error();
    auto waiting = FolderItems(txn, *settings, folder->waiting);
    if (!waiting) return waiting.error();
    auto recent = FolderItems(txn, *settings, folder->recent);
    if (!recent) return recent.error();
    return json{{"total_waiting", folder->waiting.size()},
                {"waiting", std::move(*waiting)},
                {"recent", std::move(*recent)}};
  });
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(200, *view);
}

}  // namespace saraban::api
