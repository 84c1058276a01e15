#include "core/calendar.h"

#include <gtest/gtest.h>

namespace saraban {
namespace {

TEST(CalendarTest, CivilDaysRoundTripAcrossCenturies) {
  for (int64_t days = -800000; days < 800000; days += 997) {
    EXPECT_EQ(DaysFromCivil(CivilFromDays(days)), days);
  }
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2024, 3, 1}) - DaysFromCivil({2024, 2, 28}), 2);  // leap year
}

TEST(CalendarTest, ParsesOnlyRealDates) {
  EXPECT_TRUE(ParseIsoDate("2024-02-29"));
  EXPECT_FALSE(ParseIsoDate("2023-02-29"));
  EXPECT_FALSE(ParseIsoDate("2024-13-01"));
  EXPECT_FALSE(ParseIsoDate("2024-1-01"));
  EXPECT_FALSE(ParseIsoDate("๒๕๖๗-01-01"));
  EXPECT_EQ(FormatIsoDate(*ParseIsoDate("0999-12-31")), "0999-12-31");
}

TEST(CalendarTest, LocalDateUsesOfficeOffset) {
  // 2024-12-31T20:00:00Z is already 2025-01-01 in Vientiane and Bangkok (UTC+7).
  const int64_t ms = *ParseTimestamp("2024-12-31T20:00:00Z");
  EXPECT_EQ(LocalDate(ms, 0), (CivilDate{2024, 12, 31}));
  EXPECT_EQ(LocalDate(ms, 420), (CivilDate{2025, 1, 1}));
  EXPECT_EQ(FormatTimestamp(ms, 420), "2025-01-01T03:00:00+07:00");
}

TEST(CalendarTest, TimestampsRoundTripWithOffsets) {
  EXPECT_EQ(ParseTimestamp("2025-01-01T03:00:00+07:00"), ParseTimestamp("2024-12-31T20:00:00Z"));
  EXPECT_EQ(ParseTimestamp("2024-05-01T09:30+07:00"), ParseTimestamp("2024-05-01T02:30:00.123Z"));
  EXPECT_FALSE(ParseTimestamp("2024-05-01 09:30:00"));
  EXPECT_FALSE(ParseTimestamp("2024-05-01T09:30:00+0700"));
  EXPECT_FALSE(ParseTimestamp("2024-05-01T09:30:00Zjunk"));
}

TEST(CalendarTest, ThaiFiscalYearStartsInOctober) {
  EXPECT_EQ(RegisterYear({2024, 9, 30}, YearBasis::kThaiFiscal), 2024);
  EXPECT_EQ(RegisterYear({2024, 10, 1}, YearBasis::kThaiFiscal), 2025);
  EXPECT_EQ(RegisterYear({2024, 10, 1}, YearBasis::kCalendar), 2024);
  EXPECT_EQ(DisplayYear(2024, Era::kBuddhist), 2567);
  EXPECT_EQ(DisplayYear(2024, Era::kCommon), 2024);
}

}  // namespace
}  // namespace saraban
