// Reports over the registers: statistics (letters registered per period,
// unit and book) and the daily register (the official list of what one book
// of one unit registered on one day, printed for whoever carries the paper
// originals, who signs for them on it).
//
// Access goes through authz.h like every read:
//  - statistics count only letters the caller may see (CanSeeLetter: units
//    in scope, secrecy at or below the clearance); a letter above the
//    clearance is not counted at all;
//  - the daily register lists every number of the day, like the register
//    report: a line whose letter the caller may not open (VisibleLetter)
//    keeps its number and label but carries no content.
// A unit outside the caller's scope, or one that does not exist, is
// kNotFound; an unknown book is kInvalidArgument for statistics (a filter
// value) and kNotFound for the daily register (like GET /api/v1/registers).
//
// The renderers (CSV, HTML) are pure functions of a built report. CSV is
// UTF-8 with a byte-order mark (so Excel reads Lao and Thai) and CRLF line
// ends; a text cell that starts with = + - @ (a formula in a spreadsheet) is
// prefixed with an apostrophe. HTML escapes every piece of stored text.
// Thread-safety: functions only; reads run on one store snapshot.
#ifndef SARABAN_DAEMON_SERVICES_REPORTS_H_
#define SARABAN_DAEMON_SERVICES_REPORTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/domain.h"
#include "core/error.h"
#include "services/settings.h"
#include "store/store.h"

namespace saraban::services {

// ---- Statistics -----------------------------------------------------------

enum class StatsPeriod { kDay, kWeek, kMonth, kYear };
std::optional<StatsPeriod> ParseStatsPeriod(std::string_view s);  // day|week|month|year
std::string_view StatsPeriodName(StatsPeriod p);

// The bucket a local date falls in: "2026-11-21", "2026-W47" (ISO 8601 week,
// named after its ISO week-year), "2026-11" or "2026" (calendar year, CE).
std::string BucketOf(const CivilDate& d, StatsPeriod p);

struct StatsQuery {
  std::optional<uint64_t> unit_id;  // the letter's own unit, exactly (not its sub-units)
  std::optional<std::string> book;
  std::optional<Direction> direction;
  StatsPeriod period = StatsPeriod::kDay;
  CivilDate from, to;  // local registration dates, inclusive
};

struct StatsRow {
  std::string bucket;
  uint64_t unit_id = 0;
  std::string unit_code;
  std::string book;
  uint64_t incoming = 0, outgoing = 0, internal = 0;
  uint64_t total() const { return incoming + outgoing + internal; }
};

struct Statistics {
  StatsPeriod period = StatsPeriod::kDay;
  CivilDate from, to;
  // Ordered by bucket, unit id, book. Only combinations with at least one
  // letter have a row.
  std::vector<StatsRow> rows;
};

// Counts the letters registered (holding a register number and not
// cancelled: drafts have no registration date, a cancelled number is not a
// letter) from `q.from` to `q.to` on the office-local registration date, per
// bucket, owner unit and book. kInvalidArgument when from > to or the book is
// unknown; kNotFound for a unit_id outside the caller's scope.
Result<Statistics> BuildStatistics(store::Store& store, const store::User& user,
                                   const StatsQuery& q);

// Header "bucket,unit_id,unit_code,book,incoming,outgoing,internal,total".
std::string StatisticsCsv(const Statistics& stats);

// ---- Daily register -------------------------------------------------------

struct DailyLine {
  store::RegisterEntry entry;
  std::string label;                    // the number as written on paper, e.g. "12/2569"
  std::optional<store::Letter> letter;  // absent when restricted
};

struct DailyRegister {
  store::Unit unit;
  store::BookType book;
  CivilDate date;
  std::vector<DailyLine> lines;  // in register order (year, then number)
};

// Every number `book` of `unit_id` handed out on the office-local `date`.
// Looks in the register year(s) the date belongs to under either year basis,
// so a change of the year_basis setting loses no line.
Result<DailyRegister> BuildDailyRegister(store::Store& store, const store::User& user,
                                         uint64_t unit_id, const std::string& book,
                                         const CivilDate& date);

// The language of a printed report.
enum class ReportLanguage { kLao, kThai, kEnglish };
std::optional<ReportLanguage> ParseReportLanguage(std::string_view s);  // lo|th|en

// A date as written in the language: "21 พฤศจิกายน พ.ศ. 2569" (Thai months,
// Buddhist Era), "21 ພະຈິກ 2026" (Lao months, CE), "21 November 2026".
std::string LongDate(const CivilDate& d, ReportLanguage lang);
// "01/11/2569" in Thai (BE), "01/11/2026" otherwise; "" for an empty or
// malformed "YYYY-MM-DD".
std::string ShortDate(std::string_view iso_date, ReportLanguage lang);

// Who printed the page and when (shown in its footer).
struct PrintInfo {
  std::string printed_by;
  int64_t printed_at = 0;
};

// A complete, self-contained printable HTML page (A4 landscape): header with
// the office name, unit, book and date in the office calendar; one row per
// number with an empty signature cell; no scripts, no external resources.
// Its only style is one <style> element whose text is kDailyRegisterCss.
std::string DailyRegisterHtml(const DailyRegister& reg, const OfficeSettings& settings,
                              ReportLanguage lang, const PrintInfo& printed);
// The same columns as the page, titles in `lang`.
std::string DailyRegisterCsv(const DailyRegister& reg, const OfficeSettings& settings,
                             ReportLanguage lang);

// The page's stylesheet, and the Content-Security-Policy that allows exactly
// it (by its SHA-256) and nothing else: no scripts, images, fonts or frames.
extern const std::string_view kDailyRegisterCss;
std::string DailyRegisterCsp();

// ---- Helpers shared by the renderers ---------------------------------------

// & < > " ' as character references.
std::string HtmlEscape(std::string_view s);
// One CSV cell (RFC 4180 quoting), formula-guarded when `text`.
std::string CsvCell(std::string_view s, bool text = true);
// Standard base64 with padding.
std::string Base64(std::string_view bytes);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_REPORTS_H_
