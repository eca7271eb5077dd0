// Market categories ("market types") and groups (rules.md 7.3).

#include <algorithm>

#include "core/exchange.h"

namespace exchange {

Result<MarketType> Exchange::create_market_type(std::string name, std::string description,
                                                bool is_public) {
  for (const auto& [id, type] : market_types_) {
    if (name_key(type.name) == name_key(name)) return Error{Refusal::kCategoryNameTaken};
  }
  MarketType created{counters_.next_market_type++, std::move(name), std::move(description),
                     is_public};
  market_types_[created.id] = created;
  return created;
}

Result<MarketTypeDeleted> Exchange::delete_market_type(MarketTypeId id) {
  if (!market_types_.contains(id)) return Error{Refusal::kCategoryNotFound};
  auto replacement = std::find_if(market_types_.begin(), market_types_.end(),
                                  [&](const auto& entry) { return entry.first != id; });
  if (replacement == market_types_.end()) return Error{Refusal::kLastCategory};
  // additions.md 8.5: markets and groups both move to the remaining category with the lowest
  // id (the map is ordered), so a category used by a group can be deleted too.
  MarketTypeDeleted deleted{id, {}, {}};
  for (auto& [group_id, group] : market_groups_) {
    if (group.type_id != id) continue;
    group.type_id = replacement->first;
    deleted.moved_groups.push_back(group_id);
  }
  markets_.for_each([&](MarketId market_id, const std::unique_ptr<MarketState>& state) {
    if (state->market.type_id == id) {
      state->market.type_id = replacement->first;
      deleted.moved_markets.push_back(market_id);
    }
  });
  std::sort(deleted.moved_markets.begin(), deleted.moved_markets.end());
  market_types_.erase(id);
  return deleted;
}

Result<MarketGroup> Exchange::create_market_group(std::string name, std::string description,
                                                  MarketTypeId type) {
  for (const auto& [id, group] : market_groups_) {
    if (name_key(group.name) == name_key(name)) return Error{Refusal::kMarketGroupNameTaken};
  }
  if (!market_types_.contains(type)) return Error{Refusal::kCategoryNotFound};
  MarketGroup created{counters_.next_market_group++, std::move(name), std::move(description),
                      type};
  market_groups_[created.id] = created;
  return created;
}

}  // namespace exchange
