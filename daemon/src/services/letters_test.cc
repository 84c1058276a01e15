#include "services/letters.h"

#include <gtest/gtest.h>

namespace saraban::services {
namespace {

TEST(RegisterNumberTest, FormatsInTheOfficeEra) {
  EXPECT_EQ(FormatRegisterNumber("{no}/{year}", 12, 2024, Era::kBuddhist, "HQ"), "12/2567");
  EXPECT_EQ(FormatRegisterNumber("{no}/{year}", 12, 2024, Era::kCommon, "HQ"), "12/2024");
  EXPECT_EQ(FormatRegisterNumber("{unit} {no}/{year}", 7, 2024, Era::kCommon, "ປທສ"),
            "ປທສ 7/2024");
  EXPECT_EQ(FormatRegisterNumber("{no}", 3, 2024, Era::kCommon, ""), "3");
}

}  // namespace
}  // namespace saraban::services
