// GET /api/v1/search: full-text search with filters, access applied inside
// the query (services::ScopeOf -> indexer boolean filters).
#include "api/handlers.h"
#include "core/calendar.h"
#include "services/authz.h"
#include "services/letters.h"
#include "services/search_sync.h"

namespace saraban::api {
namespace {

std::optional<indexer::SortBy> ParseSort(std::string_view s) {
  if (s == "relevance") return indexer::SortBy::kRelevance;
  if (s == "register_no") return indexer::SortBy::kRegisterNo;
  if (s == "document_no") return indexer::SortBy::kDocumentNo;
  if (s == "document_date") return indexer::SortBy::kDocumentDate;
  if (s == "received_date") return indexer::SortBy::kReceivedDate;
  return std::nullopt;
}

std::optional<std::string> ParseDate(std::string_view s) {
  if (!ParseIsoDate(s)) return std::nullopt;
  return std::string(s);
}

}  // namespace

http::HttpResponse Search(Call& call) {
  std::optional<Error> error;
  indexer::SearchQuery q;
  q.text = call.request.Query("q").value_or("");
  if (q.text.size() > 1000) error = MakeError(Errc::kInvalidArgument, "the search is too long");
  q.filter = ReadLetterFilter(call, &error);
  q.document_date_from = QueryParam<std::string>(call, "document_date_from", ParseDate, &error);
  q.document_date_to = QueryParam<std::string>(call, "document_date_to", ParseDate, &error);
  q.received_from = QueryParam<std::string>(call, "received_from", ParseDate, &error);
  q.received_to = QueryParam<std::string>(call, "received_to", ParseDate, &error);
  q.sort = QueryParam<indexer::SortBy>(call, "sort", ParseSort, &error)
               .value_or(indexer::SortBy::kRelevance);
  q.descending = call.request.Query("order").value_or("desc") != "asc";
  const Page page = ReadPage(call, 20, 100, &error);
  q.offset = page.offset;
  q.limit = page.limit;
  if (error) return ErrorResponse(*error);

  auto scope = call.services.store.Read(
      [&](const store::ReadTxn& txn) { return services::ScopeOf(txn, call.principal->user); });
  if (!scope) return ErrorResponse(scope.error());
  q.whole_office = scope->whole_office;
  q.units.assign(scope->units.begin(), scope->units.end());
  q.clearance = scope->clearance;

  if (auto caught_up = call.services.search_sync.CatchUp(); !caught_up) {
    return ErrorResponse(caught_up.error());
  }
  auto found = call.services.index.Search(q);
  if (!found) return ErrorResponse(found.error());

  auto hits = call.services.store.Read([&](const store::ReadTxn& txn) -> Result<json> {
    auto settings = services::LoadSettings(txn);
    if (!settings) return settings.error();
    json out = json::array();
    for (const auto& hit : found->hits) {
      auto letter = txn.GetLetter(hit.letter_id);
      if (!letter) return letter.error();
      // The index filtered already; this re-check only guards against a stale index.
      if (!*letter || !services::CanSeeLetter(*scope, **letter)) continue;
      auto view = LetterJson(txn, *settings, **letter);
      if (!view) return view.error();
      json h = {{"letter_id", hit.letter_id}, {"score", hit.score}, {"snippet", hit.snippet}};
      for (const char* key : {"subject", "register_no", "register_label", "document_no", "from",
                              "document_date", "received_at", "unit_id", "book", "status",
                              "secrecy", "urgency"}) {
        h[key] = (*view)[key];
      }
      out.push_back(std::move(h));
    }
    return out;
  });
  if (!hits) return ErrorResponse(hits.error());
  return JsonResponse(200, {{"total", found->total},
                            {"offset", q.offset},
                            {"limit", q.limit},
                            {"hits", std::move(*hits)}});
}

}  // namespace saraban::api
