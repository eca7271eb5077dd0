// Universes (cohorts.md 5.3) and account creation inside them (5.4).

#include <algorithm>
#include <cctype>

#include "core/exchange.h"

namespace exchange {
namespace {

bool blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

}  // namespace

std::optional<std::string> normalized_color(std::string_view raw) {
  // Surrounding white space is forgiven: " #AABBCC " is a colour, "   " none.
  const auto first = raw.find_first_not_of(" \t\r\n\f\v");
  if (first == std::string_view::npos) return std::string();
  const std::string_view trimmed =
      raw.substr(first, raw.find_last_not_of(" \t\r\n\f\v") - first + 1);
  if (trimmed.size() != 7 || trimmed[0] != '#') return std::nullopt;
  std::string color(trimmed);
  for (size_t i = 1; i < color.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(color[i]);
    if (!std::isxdigit(c)) return std::nullopt;
    color[i] = static_cast<char>(std::tolower(c));
  }
  return color;
}

const Universe* Exchange::universe(UniverseId id) const {
  auto it = universes_.find(id);
  return it == universes_.end() ? nullptr : &it->second;
}

UniverseId Exchange::universe_of(AccountId id) const {
  const Account* found = account(id);
  return found == nullptr ? kMainUniverse : found->universe;
}

void Exchange::restore_universe(Universe restored) {
  if (auto it = universes_.find(restored.id); it != universes_.end()) {
    universes_by_name_.erase(name_key(it->second.name));
  }
  universes_by_name_[name_key(restored.name)] = restored.id;
  universes_[restored.id] = std::move(restored);
}

Result<Universe> Exchange::create_universe(const Requester& requester, std::string name,
                                           std::string description) {
  // The reference words an empty universe name like an empty account name (cohorts.md 10.4).
  if (blank(name)) return Error{Refusal::kAccountNameEmpty};
  if (universes_by_name_.contains(name_key(name))) return Error{Refusal::kUniverseNameTaken};
  // Ids follow the largest, never reused: Main is 0 and always present, so the map is not
  // empty.
  Universe created{universes_.rbegin()->first + 1, std::move(name), std::move(description),
                   requester.user};
  restore_universe(created);
  return created;
}

Result<Account> Exchange::create_account(const Requester& requester, NewAccount request) {
  // The check order is cohorts.md 5.4's: it decides which refusal a client sees.
  if (blank(request.name)) return Error{Refusal::kAccountNameEmpty};
  std::string color;
  if (request.color) {
    std::optional<std::string> normalized = normalized_color(*request.color);
    if (!normalized) return Error{Refusal::kInvalidAccountColor};
    color = std::move(*normalized);
  }
  const Universe* target = universe(request.universe);
  if (target == nullptr) return Error{Refusal::kUniverseNotFound};
  // Sudo is no exception: a universe belongs to its owner alone.
  if (target->id != kMainUniverse && target->owner != requester.user) {
    return Error{Refusal::kNotUniverseOwner};
  }
  const std::optional<Decimal>& initial = request.initial_balance;
  if (target->id == kMainUniverse && initial && !initial->negative && !initial->is_zero()) {
    return Error{Refusal::kNotUniverseOwner};
  }
  // The reference stores any wire number here, and NaN, infinities or huge values then break every
  // read of the account (cohorts.md 10.3): converted like a transfer amount instead.
  std::optional<Money> balance;
  if (initial && !initial->negative && !initial->magnitude_above(kCoefficientCap)) {
    balance = initial->to_fixed<Money>();
  }
  if (!balance) return Error{Refusal::kInvalidAmount};
  const std::vector<AccountId> direct = owned_by(requester.user);
  if (request.owner != requester.user &&
      !std::binary_search(direct.begin(), direct.end(), request.owner)) {
    return Error{Refusal::kInvalidOwner};
  }
  const Account* owner = account(request.owner);
  const UniverseId owner_universe = owner == nullptr ? kMainUniverse : owner->universe;
  if (owner_universe != kMainUniverse && owner_universe != target->id) {
    return Error{Refusal::kOwnerUniverseMismatch};
  }
  if (target->id != kMainUniverse && owner_universe == kMainUniverse &&
      (owner == nullptr || !owner->is_user())) {
    return Error{Refusal::kMainOwnerNotUser};
  }
  if (account_name_taken(request.name)) return Error{Refusal::kAccountNameTaken};
  Account created;
  created.id = counters_.next_account++;
  created.name = std::move(request.name);  // stored untrimmed
  created.owners.push_back({request.owner, Money{}});
  created.universe = target->id;
  created.color = std::move(color);
  created.balance = *balance;  // minted: no transfer records it (cohorts.md 5.4)
  restore_account(created);
  return created;
}

}  // namespace exchange
