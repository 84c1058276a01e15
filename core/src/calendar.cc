#include "core/calendar.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace saraban {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && IsLeap(y)) ? 29 : kDays[m - 1];
}

// Parses exactly `width` ASCII digits at s[pos].
std::optional<int> Digits(std::string_view s, size_t pos, size_t width) {
  if (pos + width > s.size()) return std::nullopt;
  int v = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

int64_t NowMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(const CivilDate& d) {
  const int y = d.year - (d.month <= 2);
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2));
  return CivilDate{year, month, day};
}

CivilDate AddDays(const CivilDate& d, int64_t days) { return CivilFromDays(DaysFromCivil(d) + days); }

CivilDate LocalDate(int64_t millis, int utc_offset_minutes) {
  const int64_t local_ms = millis + int64_t{utc_offset_minutes} * 60'000;
  return CivilFromDays(FloorDiv(local_ms, 86'400'000));
}

std::optional<CivilDate> ParseIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto y = Digits(s, 0, 4), m = Digits(s, 5, 2), d = Digits(s, 8, 2);
  if (!y || !m || !d || *y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > DaysInMonth(*y, *m)) {
    return std::nullopt;
  }
  return CivilDate{*y, *m, *d};
}

std::string FormatIsoDate(const CivilDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string FormatTimestamp(int64_t millis, int utc_offset_minutes) {
  const int64_t local_ms = millis + int64_t{utc_offset_minutes} * 60'000;
  const int64_t days = FloorDiv(local_ms, 86'400'000);
  const int64_t ms_of_day = local_ms - days * 86'400'000;
  const CivilDate d = CivilFromDays(days);
  const int secs = static_cast<int>(ms_of_day / 1000);
  const int off = utc_offset_minutes < 0 ? -utc_offset_minutes : utc_offset_minutes;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d.year, d.month, d.day,
                secs / 3600, secs / 60 % 60, secs % 60, utc_offset_minutes < 0 ? '-' : '+',
                off / 60, off % 60);
  return buf;
}

std::optional<int64_t> ParseTimestamp(std::string_view s) {
  if (s.size() < 16 || s[10] != 'T' || s[13] != ':') return std::nullopt;
  auto date = ParseIsoDate(s.substr(0, 10));
  auto hh = Digits(s, 11, 2), mi = Digits(s, 14, 2);
  if (!date || !hh || !mi || *hh > 23 || *mi > 59) return std::nullopt;
  size_t pos = 16;
  int ss = 0;
  if (pos < s.size() && s[pos] == ':') {
    auto sec = Digits(s, pos + 1, 2);
    if (!sec || *sec > 59) return std::nullopt;
    ss = *sec;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {  // fractions are accepted and dropped
      ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    }
  }
  int offset_minutes = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    auto oh = Digits(s, pos + 1, 2), om = Digits(s, pos + 4, 2);
    if (!oh || !om || pos + 3 >= s.size() || s[pos + 3] != ':' || *oh > 14 || *om > 59) {
      return std::nullopt;
    }
    offset_minutes = (*oh * 60 + *om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const int64_t local_secs = DaysFromCivil(*date) * 86'400 + *hh * 3600 + *mi * 60 + ss;
  return (local_secs - int64_t{offset_minutes} * 60) * 1000;
}

int RegisterYear(const CivilDate& d, YearBasis basis) {
  if (basis == YearBasis::kThaiFiscal && d.month >= 10) return d.year + 1;
  return d.year;
}

int DisplayYear(int ce_year, Era era) {
  return era == Era::kBuddhist ? ce_year + kBuddhistEraOffset : ce_year;
}

}  // namespace saraban
