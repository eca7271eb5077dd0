#pragma once
// Pure rules of cohorts: which names a cohort may have, which initial balances an instructor
// may give, and whether a person is admitted to a cohort (cohorts.md 3.4, 10.3, 10.13).

#include <optional>
#include <string>
#include <string_view>

#include "core/fixed_point.h"

namespace exchange::cohorts {

// A cohort name becomes a URL part and a file name: 1 to 64 characters of a-z, 0-9 and '-',
// not starting with '-'. nullopt when valid, else the reason (for a 400 body).
std::optional<std::string> cohort_name_problem(std::string_view name);

// An initial balance as an instructor types it: plain decimal text, at least 0, at most 4
// decimal places, below 10^15. The canonical text ("12.5"), or nullopt when invalid.
std::optional<std::string> canonical_initial_balance(std::string_view text);
// The balance a person's new account in a cohort starts with (3.5 step 1): the membership's
// initial balance when set, else 100,000,000 for an admin and 0 for everyone else.
Money starting_balance(const std::optional<std::string>& member_balance, bool is_admin);

struct AdmissionFacts {
  bool is_member = false;         // has a membership row
  bool is_admin = false;          // global admin (is enrolled silently)
  bool auto_enrol = false;        // test tokens: enrolled unless they said join_cohort=false
  bool auctions_enabled = false;  // the cohort admits guests
};
enum class Admission { kMember, kEnrolAsMember, kGuest, kRefused };
Admission decide_admission(const AdmissionFacts& facts);

}  // namespace exchange::cohorts
