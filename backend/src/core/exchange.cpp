// Reads, start-up restoration and the exposure bookkeeping shared by all operations.

#include "core/exchange.h"

#include <algorithm>

#include "core/exposure_change.h"

namespace exchange {

const Account* Exchange::account(AccountId id) const {
  const auto* found = accounts_.find(id);
  return found == nullptr ? nullptr : found->get();
}

Account* Exchange::mutable_account(AccountId id) {
  auto* found = accounts_.find(id);
  return found == nullptr ? nullptr : found->get();
}

const Market* Exchange::market(MarketId id) const {
  const auto* found = markets_.find(id);
  return found == nullptr ? nullptr : &(*found)->market;
}

Exchange::MarketState* Exchange::mutable_market(MarketId id) {
  auto* found = markets_.find(id);
  return found == nullptr ? nullptr : found->get();
}

const Market* Exchange::visible_market(const Requester& requester, MarketId id) const {
  const Market* found = market(id);
  return found != nullptr && requester.sees(*found) ? found : nullptr;
}

Exchange::MarketState* Exchange::visible_state(const Requester& requester, MarketId id) {
  MarketState* found = mutable_market(id);
  return found != nullptr && requester.sees(found->market) ? found : nullptr;
}

const OrderBook* Exchange::book(MarketId id) const {
  const auto* found = markets_.find(id);
  return found == nullptr ? nullptr : &(*found)->book;
}

const MarketType* Exchange::market_type(MarketTypeId id) const {
  auto it = market_types_.find(id);
  return it == market_types_.end() ? nullptr : &it->second;
}

const MarketGroup* Exchange::market_group(MarketGroupId id) const {
  auto it = market_groups_.find(id);
  return it == market_groups_.end() ? nullptr : &it->second;
}

std::optional<AccountId> Exchange::account_by_identity(const std::string& identity) const {
  auto it = accounts_by_identity_.find(identity);
  if (it == accounts_by_identity_.end()) return std::nullopt;
  return it->second;
}

bool Exchange::account_name_taken(const std::string& name) const {
  return accounts_by_name_.contains(name_key(name));
}

std::vector<const Account*> Exchange::accounts_by_id() const {
  std::vector<const Account*> all;
  all.reserve(accounts_.size());
  accounts_.for_each(
      [&](AccountId, const std::unique_ptr<Account>& held) { all.push_back(held.get()); });
  std::sort(all.begin(), all.end(), [](auto* a, auto* b) { return a->id < b->id; });
  return all;
}

std::vector<const Market*> Exchange::markets_by_id() const {
  std::vector<const Market*> all;
  all.reserve(markets_.size());
  markets_.for_each(
      [&](MarketId, const std::unique_ptr<MarketState>& held) { all.push_back(&held->market); });
  std::sort(all.begin(), all.end(), [](auto* a, auto* b) { return a->id < b->id; });
  return all;
}

std::optional<MarketId> Exchange::market_of_order(OrderId id) const {
  const MarketId* market = order_markets_.find(id);
  if (market == nullptr) return std::nullopt;
  return *market;
}

Money Exchange::recomputed_worst_case_sum(AccountId id) const {
  const Account* holder = account(id);
  Money sum;
  if (holder == nullptr) return sum;
  for (const auto& [market_id, exposure] : holder->exposures) {
    const Market* m = market(market_id);
    sum += worst_case(exposure, m->min_settlement, m->max_settlement);
  }
  return sum;
}

void Exchange::remove_exposure(Account& holder, const MarketState& state) {
  auto it = holder.exposures.find(state.market.id);
  if (it == holder.exposures.end()) return;
  holder.worst_case_sum -=
      worst_case(it->second, state.market.min_settlement, state.market.max_settlement);
  holder.exposures.erase(it);
}

void Exchange::restore_account(Account restored) {
  const AccountId id = restored.id;
  for (const OwnerCredit& owner : restored.owners) {
    std::vector<AccountId>& owned = owned_accounts_[owner.owner];
    if (std::find(owned.begin(), owned.end(), id) == owned.end()) owned.push_back(id);
  }
  restored.exposures.clear();
  restored.worst_case_sum = Money{};
  if (restored.identity) accounts_by_identity_[*restored.identity] = id;
  if (restored.pending_email) accounts_by_pending_email_[*restored.pending_email] = id;
  accounts_by_name_[name_key(restored.name)] = id;
  counters_.next_account = std::max(counters_.next_account, id + 1);
  if (Account* existing = mutable_account(id)) {
    *existing = std::move(restored);
  } else {
    accounts_.set(id, std::make_unique<Account>(std::move(restored)));
  }
}

void Exchange::restore_market(Market restored) {
  const MarketId id = restored.id;
  markets_by_name_[name_key(restored.name)] = id;
  counters_.next_market = std::max(counters_.next_market, id + 1);
  MarketState* state = mutable_market(id);
  if (state == nullptr) state = markets_.set(id, std::make_unique<MarketState>()).get();
  state->market = std::move(restored);
}

void Exchange::restore_market_type(MarketType type) {
  counters_.next_market_type = std::max(counters_.next_market_type, type.id + 1);
  market_types_[type.id] = std::move(type);
}

void Exchange::restore_market_group(MarketGroup group) {
  counters_.next_market_group = std::max(counters_.next_market_group, group.id + 1);
  market_groups_[group.id] = std::move(group);
}

void Exchange::restore_order(MarketId market_id, const RestingOrder& order) {
  mutable_market(market_id)->book.insert(order);
  order_markets_.set(order.id, market_id);
  counters_.next_order = std::max(counters_.next_order, order.id + 1);
}

void Exchange::restore_exposure(AccountId account_id, MarketId market_id,
                                const Exposure& restored) {
  change_exposure(*mutable_account(account_id), *mutable_market(market_id),
                  [&](Exposure& row) { row = restored; });
}

}  // namespace exchange
