#include "cohorts/cohort_rules.h"

namespace exchange::cohorts {

std::optional<std::string> cohort_name_problem(std::string_view name) {
  if (name.empty() || name.size() > 64) return "Cohort name must be 1 to 64 characters";
  for (char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!allowed) return "Cohort name may only contain a-z, 0-9 and '-'";
  }
  if (name.front() == '-') return "Cohort name must not start with '-'";
  return std::nullopt;
}

std::optional<std::string> canonical_initial_balance(std::string_view text) {
  // Leading '+' and stray spaces are typing noise an instructor's form may carry.
  const size_t first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return std::nullopt;
  text = text.substr(first, text.find_last_not_of(' ') - first + 1);
  const std::optional<Money> amount = parse_fixed<Money>(text);
  if (!amount || amount->units() < 0) return std::nullopt;
  static constexpr int128 kLimit = int128(1'000'000'000'000'000) * 10'000;  // 10^15 in units
  if (amount->units() >= kLimit) return std::nullopt;
  return to_string(*amount);
}

Money starting_balance(const std::optional<std::string>& member_balance, bool is_admin) {
  if (member_balance) {
    if (std::optional<Money> amount = parse_fixed<Money>(*member_balance)) return *amount;
  }
  return is_admin ? Money::from_whole(100'000'000) : Money{};
}

Admission decide_admission(const AdmissionFacts& facts) {
  if (facts.is_member) return Admission::kMember;
  if (facts.is_admin || facts.auto_enrol) return Admission::kEnrolAsMember;
  return facts.auctions_enabled ? Admission::kGuest : Admission::kRefused;
}

}  // namespace exchange::cohorts
