// Office-wide resources: book types, settings, the audit log and health.
#include <regex>

#include "api/handlers.h"
#include "api/views.h"
#include "services/sessions.h"

namespace saraban::api {
namespace {

Status CheckBook(const store::BookType& b) {
  static const std::regex kCode("[a-z][a-z0-9_]{1,31}");
  if (!std::regex_match(b.code, kCode)) {
    return MakeError(Errc::kInvalidArgument,
                     "a book code is 2 to 32 lower-case letters, digits or _, starting with a letter",
                     "e.g. contract_hire");
  }
  if (b.number_format.find("{no}") == std::string::npos) {
    return MakeError(Errc::kInvalidArgument, "number_format must contain {no}",
                     "e.g. {no}/{year} or {unit} {no}/{year}");
  }
  if (b.name_lo.empty() && b.name_th.empty() && b.name_en.empty()) {
    return MakeError(Errc::kInvalidArgument, "a book type needs a name in at least one language");
  }
  return Status::Ok();
}

void ReadBookFields(JsonBody& body, store::BookType& b) {
  if (auto v = body.String("name_lo", false, 200)) b.name_lo = *v;
  if (auto v = body.String("name_th", false, 200)) b.name_th = *v;
  if (auto v = body.String("name_en", false, 200)) b.name_en = *v;
  if (auto v = body.Bool("numbered")) b.numbered = *v;
  if (auto v = body.String("number_format", false, 100)) b.number_format = *v;
}

// Writes a book type with its audit entry; `must_exist` selects edit over create.
Result<store::BookType> SaveBook(Call& call, JsonBody& body, const std::string& code,
                                 bool must_exist) {
  const services::Actor actor = ActorOf(call);
  return call.services.store.Write([&](store::WriteTxn& txn) -> Result<store::BookType> {
    auto existing = txn.GetBook(code);
    if (!existing) return existing.error();
    if (must_exist && !*existing) return MakeError(Errc::kNotFound, "no book type '" + code + "'");
    if (!must_exist && *existing) {
      return MakeError(Errc::kConflict, "book type '" + code + "' already exists");
    }
    store::BookType b = existing->value_or(store::BookType{});
    b.code = code;
    ReadBookFields(body, b);
    if (Status s = body.Finish(); !s) return s.error();
    if (Status s = CheckBook(b); !s) return s.error();
    if (Status s = txn.PutBook(b); !s) return s.error();
    auto audit = txn.AppendAudit(services::MakeAudit(
        &actor.user, must_exist ? "book_updated" : "book_created", "book:" + code,
        actor.remote_addr));
    if (!audit) return audit.error();
    return b;
  });
}

}  // namespace

http::HttpResponse ListBooks(Call& call) {
  auto books = call.services.store.Read([](const store::ReadTxn& txn) { return txn.ListBooks(); });
  if (!books) return ErrorResponse(books.error());
  json out = json::array();
  for (const auto& b : *books) out.push_back(BookView(b));
  return JsonResponse(200, {{"books", out}});
}

http::HttpResponse CreateBook(Call& call) {
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto code = body->String("code", true, 32);
  if (!code) return ErrorResponse(body->Finish().error());
  auto book = SaveBook(call, *body, *code, false);
  if (!book) return ErrorResponse(book.error());
  return JsonResponse(201, BookView(*book));
}

http::HttpResponse UpdateBook(Call& call) {
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto book = SaveBook(call, *body, call.params["code"], true);
  if (!book) return ErrorResponse(book.error());
  return JsonResponse(200, BookView(*book));
}

http::HttpResponse GetSettings(Call& call) {
  auto all = call.services.store.Read(
      [](const store::ReadTxn& txn) { return services::ReadAllSettings(txn); });
  if (!all) return ErrorResponse(all.error());
  json registry = json::array();
  for (const auto& def : services::SettingRegistry()) {
    registry.push_back({{"key", def.key},
                        {"default", json::parse(def.default_value)},
                        {"help", def.help}});
  }
  return JsonResponse(200, {{"settings", services::MaskSecrets(*all)}, {"registry", registry}});
}

http::HttpResponse UpdateSettings(Call& call) {
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  const json changes = json::parse(call.request.body.empty() ? "{}" : call.request.body);
  const services::Actor actor = ActorOf(call);
  Status s = call.services.store.Write([&](store::WriteTxn& txn) -> Status {
    if (Status w = services::WriteSettings(txn, changes); !w) return w;
    return txn
        .AppendAudit(services::MakeAudit(&actor.user, "settings_updated", "settings",
                                         actor.remote_addr,
                                         services::MaskSecrets(changes).dump()))
        .status();
  });
  if (!s) return ErrorResponse(s.error());
  return GetSettings(call);
}

http::HttpResponse ListAudit(Call& call) {
  uint64_t after = 0;
  if (auto raw = call.request.Query("after")) {
    auto parsed = ParseCount(*raw);
    if (!parsed) {
      return ErrorResponse(MakeError(Errc::kInvalidArgument, "'after' must be a sequence number"));
    }
    after = *parsed;
  }
  auto entries = call.services.store.Read(
      [&](const store::ReadTxn& txn) { return txn.ListAudit(after, 500); });
  if (!entries) return ErrorResponse(entries.error());
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  json out = json::array();
  for (const auto& e : *entries) out.push_back(AuditView(e, *settings));
  return JsonResponse(200, {{"entries", out}});
}

http::HttpResponse Health(Call& call) {
  return JsonResponse(200, {{"status", "ok"},
                            {"version", call.services.version},
                            {"schema_version", call.services.store.schema_version()}});
}

}  // namespace saraban::api
