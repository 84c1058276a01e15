// Reports: /api/v1/statistics and /api/v1/registers/daily (JSON, CSV, and a
// printable HTML page).
#include "api/handlers.h"
#include "api/views.h"
#include "core/calendar.h"
#include "services/reports.h"

namespace saraban::api {
namespace {

constexpr char kCsvType[] = "text/csv; charset=utf-8";

// `format` of a report: one of `allowed`, or `fallback` when absent.
std::optional<std::string> ReadFormat(const Call& call,
                                      std::initializer_list<std::string_view> allowed,
                                      std::string_view fallback, std::optional<Error>* error) {
  auto format = QueryParam<std::string>(
      call, "format",
      [&](std::string_view s) -> std::optional<std::string> {
        for (std::string_view a : allowed) {
          if (s == a) return std::string(s);
        }
        return std::nullopt;
      },
      error);
  if (!format && !*error) return std::string(fallback);
  return format;
}

http::HttpResponse CsvResponse(std::string body, const std::string& filename) {
  http::HttpResponse r;
  r.content_type = kCsvType;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

json StatisticsJson(const services::Statistics& stats) {
  json rows = json::array();
  for (const auto& r : stats.rows) {
    rows.push_back({{"bucket", r.bucket},
                    {"unit_id", r.unit_id},
                    {"unit_code", r.unit_code},
                    {"book", r.book},
                    {"incoming", r.incoming},
                    {"outgoing", r.outgoing},
                    {"internal", r.internal},
                    {"total", r.total()}});
  }
  return {{"period", services::StatsPeriodName(stats.period)},
          {"from", FormatIsoDate(stats.from)},
          {"to", FormatIsoDate(stats.to)},
          {"rows", std::move(rows)}};
}

json DailyRegisterJson(const services::DailyRegister& reg,
                       const services::OfficeSettings& settings) {
  auto time = [&](int64_t ms) {
    return ms == 0 ? json(nullptr) : json(FormatTimestamp(ms, settings.utc_offset_minutes));
  };
  json entries = json::array();
  for (const auto& line : reg.lines) {
    const auto& e = line.entry;
    json j = {{"number", e.number},          {"label", line.label},
              {"letter_id", e.letter_id},    {"cancelled", e.cancelled},
              {"registered_at", time(e.at)}, {"restricted", !line.letter.has_value()}};
    if (line.letter) {
      j["document_no"] = line.letter->document_no;
      j["document_date"] = line.letter->document_date;
      j["subject"] = line.letter->subject;
      j["from"] = line.letter->from;
      j["to"] = line.letter->to;
      j["received_at"] = time(line.letter->received_at);
    }
    entries.push_back(std::move(j));
  }
  return {{"unit", UnitView(reg.unit)},
          {"book", BookView(reg.book)},
          {"date", FormatIsoDate(reg.date)},
          {"entries", std::move(entries)}};
}

}  // namespace

http::HttpResponse LetterStatistics(Call& call) {
  std::optional<Error> error;
  services::StatsQuery q;
  q.unit_id = QueryParam<uint64_t>(call, "unit_id", ParseCount, &error);
  q.book = QueryParam<std::string>(call, "book", AnyString, &error);
  q.direction = QueryParam<Direction>(call, "direction", ParseDirection, &error);
  auto period =
      QueryParam<services::StatsPeriod>(call, "period", services::ParseStatsPeriod, &error);
  auto from = QueryParam<CivilDate>(call, "from", ParseIsoDate, &error);
  auto to = QueryParam<CivilDate>(call, "to", ParseIsoDate, &error);
  auto format = ReadFormat(call, {"json", "csv"}, "json", &error);
  if (!error && q.unit_id == uint64_t{0}) {
    error = MakeError(Errc::kInvalidArgument, "unit_id must be a positive id");
  }
  if (error) return ErrorResponse(*error);
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  // Default range: the last 30 days, today (office-local) included.
  q.to = to.value_or(LocalDate(NowMillis(), settings->utc_offset_minutes));
  q.from = from.value_or(AddDays(q.to, -29));
  q.period = period.value_or(services::StatsPeriod::kDay);
  auto stats = services::BuildStatistics(call.services.store, call.principal->user, q);
  if (!stats) return ErrorResponse(stats.error());
  if (*format == "csv") {
    return CsvResponse(services::StatisticsCsv(*stats), "statistics-" + FormatIsoDate(q.from) +
                                                            "-to-" + FormatIsoDate(q.to) + ".csv");
  }
  return JsonResponse(200, StatisticsJson(*stats));
}

http::HttpResponse DailyRegisterReport(Call& call) {
  std::optional<Error> error;
  auto unit_id = QueryParam<uint64_t>(call, "unit_id", ParseCount, &error);
  auto book = QueryParam<std::string>(call, "book", AnyString, &error);
  auto date = QueryParam<CivilDate>(call, "date", ParseIsoDate, &error);
  auto lang =
      QueryParam<services::ReportLanguage>(call, "lang", services::ParseReportLanguage, &error);
  auto format = ReadFormat(call, {"html", "csv", "json"}, "html", &error);
  if (!error && (!unit_id || *unit_id == 0)) {
    error = MakeError(Errc::kInvalidArgument, "unit_id is required",
                      "e.g. /api/v1/registers/daily?unit_id=3&book=receive&date=2024-05-01");
  }
  if (error) return ErrorResponse(*error);
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  const int64_t now = NowMillis();
  const CivilDate day = date.value_or(LocalDate(now, settings->utc_offset_minutes));
  const store::User& user = call.principal->user;
  auto reg = services::BuildDailyRegister(call.services.store, user, *unit_id,
                                          book.value_or("receive"), day);
  if (!reg) return ErrorResponse(reg.error());
  if (*format == "json") return JsonResponse(200, DailyRegisterJson(*reg, *settings));
  // The caller's own language unless asked otherwise.
  const services::ReportLanguage language = lang.value_or(
      services::ParseReportLanguage(user.language).value_or(services::ReportLanguage::kEnglish));
  if (*format == "csv") {
    return CsvResponse(services::DailyRegisterCsv(*reg, *settings, language),
                       "register-" + std::to_string(reg->unit.id) + "-" + reg->book.code + "-" +
                           FormatIsoDate(day) + ".csv");
  }
  http::HttpResponse r;
  r.content_type = "text/html; charset=utf-8";
  r.body = services::DailyRegisterHtml(
      *reg, *settings, language,
      {.printed_by = user.display_name.empty() ? user.username : user.display_name,
       .printed_at = now});
  // Replaces the edge's default policy (which forbids every style) for this
  // page only: its one <style> element, by hash, and nothing else.
  r.headers.emplace_back("Content-Security-Policy", services::DailyRegisterCsp());
  return r;
}

}  // namespace saraban::api
