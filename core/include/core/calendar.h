// Dates and times as a provincial office reads them.
//
// Instants are milliseconds since the Unix epoch (UTC). The office works in
// one local time zone, given as a fixed UTC offset (Laos and Thailand are both
// UTC+7 and have no daylight saving). Register books number per year, where a
// year is either the calendar year or the Thai fiscal year (1 October to
// 30 September, named after the year it ends in), and is displayed either in
// the Common Era or the Buddhist Era (CE + 543).
// Thread-safety: pure functions, except NowMillis which reads the clock.
#ifndef SARABAN_CORE_CALENDAR_H_
#define SARABAN_CORE_CALENDAR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace saraban {

struct CivilDate {
  int year = 1970;  // Common Era
  int month = 1;    // 1..12
  int day = 1;      // 1..31
  auto operator<=>(const CivilDate&) const = default;
};

enum class YearBasis { kCalendar, kThaiFiscal };
enum class Era { kCommon, kBuddhist };
inline constexpr int kBuddhistEraOffset = 543;

int64_t NowMillis();

// The local date of an instant at the given UTC offset.
CivilDate LocalDate(int64_t millis, int utc_offset_minutes);

// "YYYY-MM-DD" (CE) -> date; nullopt unless it is a real calendar date.
std::optional<CivilDate> ParseIsoDate(std::string_view s);
std::string FormatIsoDate(const CivilDate& d);

// RFC 3339 with the office offset, e.g. "2024-05-01T09:30:00+07:00".
std::string FormatTimestamp(int64_t millis, int utc_offset_minutes);
// Accepts RFC 3339 with "Z" or an offset; seconds and fractions optional.
std::optional<int64_t> ParseTimestamp(std::string_view s);

// Days since 1970-01-01 and back.
int64_t DaysFromCivil(const CivilDate& d);
CivilDate CivilFromDays(int64_t days);
CivilDate AddDays(const CivilDate& d, int64_t days);

// The register year (CE) a date belongs to under the basis.
int RegisterYear(const CivilDate& d, YearBasis basis);
// The year as displayed in the office's era.
int DisplayYear(int ce_year, Era era);

}  // namespace saraban

#endif  // SARABAN_CORE_CALENDAR_H_
