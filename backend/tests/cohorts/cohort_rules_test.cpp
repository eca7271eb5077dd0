// The pure rules of cohorts: names, initial balances, admission (cohorts.md 3.4, 10.3, 10.13).
#include <gtest/gtest.h>

#include "cohorts/cohort_rules.h"

namespace exchange::cohorts {
namespace {

TEST(CohortRules, NamesAreUrlAndFileSafe) {
  EXPECT_FALSE(cohort_name_problem("fall-2026"));
  EXPECT_FALSE(cohort_name_problem("a"));
  EXPECT_FALSE(cohort_name_problem(std::string(64, 'x')));
  for (std::string_view bad : {"", "-lead", "Upper", "dot.name", "a/b", "..", "sp ace", "é",
                               "a%2f", "admin", "market", "api"}) {
    EXPECT_TRUE(cohort_name_problem(bad).has_value()) << bad;
  }
  EXPECT_TRUE(cohort_name_problem(std::string(65, 'x')).has_value());
}

TEST(CohortRules, InitialBalancesAreExactNonNegativeDecimals) {
  EXPECT_EQ(canonical_initial_balance("2500.50"), "2500.5");
  EXPECT_EQ(canonical_initial_balance(" 7 "), "7");
  EXPECT_EQ(canonical_initial_balance("0"), "0");
  EXPECT_EQ(canonical_initial_balance("0.0001"), "0.0001");
  for (std::string_view bad : {"", "-1", "0.00001", "1e6", "NaN", "inf", "1,5", "abc",
                               "1000000000000000"}) {
    EXPECT_FALSE(canonical_initial_balance(bad).has_value()) << bad;
  }
  EXPECT_EQ(starting_balance(std::string("12.5"), true), Money::from_units(125'000));
  EXPECT_EQ(starting_balance(std::nullopt, true), Money::from_whole(100'000'000));
  EXPECT_EQ(starting_balance(std::nullopt, false), Money{});
}

TEST(CohortRules, AdmissionFollowsMembershipAdminTestTokensAndAuctions) {
  EXPECT_EQ(decide_admission({true, false, false, false}), Admission::kMember);
  EXPECT_EQ(decide_admission({false, true, false, false}), Admission::kEnrolAsMember);
  EXPECT_EQ(decide_admission({false, false, true, false}), Admission::kEnrolAsMember);
  EXPECT_EQ(decide_admission({false, false, false, true}), Admission::kGuest);
  EXPECT_EQ(decide_admission({false, false, false, false}), Admission::kRefused);
}

}  // namespace
}  // namespace exchange::cohorts
