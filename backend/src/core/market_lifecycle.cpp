// Creating, editing and settling markets (rules.md section 7).

#include <algorithm>
#include <unordered_set>

#include "core/exchange.h"
#include "core/exposure_change.h"

namespace exchange {
namespace {

// Settlement bounds: at most 2 dp and a coefficient of at most 10^12. The reference only caps
// positive coefficients; we cap the magnitude, because an unbounded negative minimum would let
// worst-case products overflow even 128-bit arithmetic. No bootcamp market needs a minimum
// below −10^10.
bool valid_bound(const Decimal& bound) {
  return bound.decimal_places() <= 2 && !bound.magnitude_above(kCoefficientCap);
}

bool valid_bound(Price bound) {
  const int128 cap = int128(kCoefficientCap);
  return bound.units() <= cap && bound.units() >= -cap;
}

}  // namespace

Result<Market> Exchange::create_market(const Requester& requester, const NewMarket& request,
                                       Timestamp now) {
  for (const Constituent& part : request.constituents) {
    if (part.multiplier == 0) return Error{Refusal::kInvalidMultiplier};
  }
  Market created;
  const Decimal& fee = request.redeem_fee;
  if (request.option) {
    // Bounds from the option's payoff (options.md 2.3). The "non-fund must have fee 0" rule
    // is skipped for options, as in the reference (quirk 3: the fee is stored, unused).
    if (Status bounded = bound_option_market(requester, request, created); !bounded.ok()) {
      return bounded.error();
    }
  } else if (!request.constituents.empty()) {
    if (fee.negative) return Error{Refusal::kInvalidRedeemFee};
    // Fund bounds come from the constituents, ignoring the request (rules.md 7.2). A
    // constituent the requester may not see is not found: a fund used to reveal a restricted
    // market's bounds, give a position in it through Redeem and later its settlement price
    // (regression: issue 13, item 3).
    for (const Constituent& part : request.constituents) {
      const Market* constituent = visible_market(requester, part.market);
      // A constituent of another universe is not found either: a fund would let its holders
      // trade across universes through Redeem (cohorts.md 10.2).
      if (constituent == nullptr || constituent->universe != universe_of(requester.acting)) {
        return Error{Refusal::kConstituentNotFound};
      }
      if (constituent->is_settled()) return Error{Refusal::kConstituentAlreadySettled};
      const Price low = constituent->min_settlement * part.multiplier;
      const Price high = constituent->max_settlement * part.multiplier;
      created.min_settlement += std::min(low, high);
      created.max_settlement += std::max(low, high);
    }
    if (created.min_settlement >= created.max_settlement) {
      return Error{Refusal::kInvalidSettlementPrices};
    }
    if (!valid_bound(created.min_settlement) || !valid_bound(created.max_settlement)) {
      return Error{Refusal::kInvalidSettlementPrices};
    }
  } else {
    if (!fee.is_zero()) return Error{Refusal::kInvalidRedeemFee};
    const Decimal& low = request.min_settlement;
    const Decimal& high = request.max_settlement;
    // Steps 6 to 8 of rules.md 7.1 share one message, so their order is not observable; the
    // bounds are checked first so that the comparison works on exact fixed-point values.
    if (!valid_bound(low) || !valid_bound(high) ||
        *low.to_fixed<Price>() >= *high.to_fixed<Price>()) {
      return Error{Refusal::kInvalidSettlementPrices};
    }
    created.min_settlement = *low.to_fixed<Price>();
    created.max_settlement = *high.to_fixed<Price>();
  }
  if (fee.decimal_places() > 4 || fee.positive_coefficient_above(kCoefficientCap)) {
    return Error{Refusal::kInvalidRedeemFee};
  }
  created.redeem_fee = *fee.to_fixed<Money>();

  created.type_id = request.type_id <= 0 ? 1 : request.type_id;
  const MarketType* category = market_type(created.type_id);
  if (category == nullptr) return Error{Refusal::kCategoryNotFound};
  if (!category->is_public && !requester.sudo_admin) {
    return Error{Refusal::kCategoryNotPublic};
  }
  if (requester.sudo_admin && request.group_id > 0) {
    const MarketGroup* group = market_group(request.group_id);
    if (group == nullptr) return Error{Refusal::kMarketGroupNotFound};
    if (group->type_id != created.type_id) {
      return Error{Refusal::kGroupCategoryMismatch};
    }
    created.group_id = group->id;
  }
  // cohorts.md 5.6: the market lives in A's universe; outside Main only its owner creates
  // markets there.
  created.universe = universe_of(requester.acting);
  if (created.universe != kMainUniverse) {
    const Universe* home = universe(created.universe);
    if (home == nullptr) return Error{Refusal::kUniverseNotFound};
    if (home->owner != requester.creator()) return Error{Refusal::kNotUniverseOwner};
  }
  // Where the reference drops the connection (protocol.md 8.3) we answer instead.
  if (markets_by_name_.contains(name_key(request.name))) {
    return Error{Refusal::kMarketNameTaken};
  }
  std::unordered_set<AccountId> listed;
  for (AccountId id : request.visible_to) {
    if (account(id) == nullptr) return Error{Refusal::kAccountNotFound};
    if (listed.insert(id).second) created.visible_to.push_back(id);  // duplicates are harmless
  }
  std::unordered_set<MarketId> parts;
  for (const Constituent& part : request.constituents) {
    if (!parts.insert(part.market).second) return Error{Refusal::kInvalidMultiplier};
  }

  created.id = counters_.next_market++;
  created.name = request.name;
  created.description = request.description;
  created.owner = requester.creator();
  created.constituents = request.constituents;
  created.hide_account_ids = request.hide_account_ids;
  created.created = next_transaction(now);
  restore_market(created);
  // additions.md 5.2: every market's log starts with {open, its creation transaction}.
  restore_status_change(created.id, {MarketStatus::kOpen, created.created});
  return created;
}

Result<Market> Exchange::edit_market(const Requester& requester, const MarketEdit& edit,
                                     Timestamp now) {
  MarketState* state = visible_state(requester, edit.market);
  if (state == nullptr) return Error{Refusal::kMarketNotFound};
  Market& m = state->market;
  const bool status_changed = !edit.status || *edit.status != m.status;
  const bool admin_only = edit.name || edit.pinned || status_changed || edit.visible_to ||
                          edit.hide_account_ids || edit.has_redeemable_settings;
  if (admin_only && !requester.sudo_admin) {
    return Error{Refusal::kMarketEditNeedsAdmin};
  }
  if (edit.description && !requester.sudo_admin && m.owner != requester.user) {
    return Error{Refusal::kDescriptionNotOwnMarket};
  }
  if (!edit.status) return Error{Refusal::kInvalidMarketStatus};
  if (edit.has_redeemable_settings) return Error{Refusal::kFundNotFound};
  if (edit.name) {
    auto holder = markets_by_name_.find(name_key(*edit.name));
    if (holder != markets_by_name_.end() && holder->second != m.id) {
      return Error{Refusal::kMarketNameTaken};
    }
  }
  std::vector<AccountId> visible_to;
  if (edit.visible_to) {
    std::unordered_set<AccountId> listed;
    for (AccountId id : *edit.visible_to) {
      if (account(id) == nullptr) return Error{Refusal::kAccountNotFound};
      if (listed.insert(id).second) visible_to.push_back(id);
    }
  }

  // The reference consumes a transaction id on every edit; we take one only when the status
  // changes, where the status log (additions.md 5.2) references it, so that every stored
  // transaction id means something.
  if (*edit.status != m.status) {
    state->status_log.push_back({*edit.status, next_transaction(now)});
  }
  if (edit.name) {
    markets_by_name_.erase(name_key(m.name));
    m.name = *edit.name;
    markets_by_name_[name_key(m.name)] = m.id;
  }
  if (edit.description) m.description = *edit.description;
  if (edit.pinned) m.pinned = *edit.pinned;
  m.status = *edit.status;
  if (edit.hide_account_ids) m.hide_account_ids = *edit.hide_account_ids;
  if (edit.visible_to) m.visible_to = std::move(visible_to);
  return m;
}

Result<MarketSettled> Exchange::settle_market(const Requester& requester, MarketId id,
                                              Decimal requested_price, Timestamp now) {
  MarketState* state = visible_state(requester, id);
  if (state == nullptr) return Error{Refusal::kMarketNotFound};
  Market& m = state->market;
  if (m.is_settled()) return Error{Refusal::kMarketAlreadySettled};
  // Before the owner check, as in the reference (options.md 5). Option markets settle only
  // with their underlying (settle_options_on).
  if (m.is_option()) return Error{Refusal::kOptionNotSettleable};
  if (m.owner != requester.user && !requester.sudo_admin) {
    return Error{Refusal::kNotMarketOwner};
  }
  Price price;
  if (m.is_fund()) {
    for (const Constituent& part : m.constituents) {
      const Market* constituent = market(part.market);
      if (constituent == nullptr || !constituent->is_settled()) {
        return Error{Refusal::kConstituentNotSettled};
      }
      price += constituent->settlement->price * part.multiplier;
    }
  } else {
    const std::optional<Price> exact = requested_price.to_fixed<Price>();
    if (!exact) return Error{Refusal::kInvalidSettlementPrice};
    price = *exact;
  }
  if (price < m.min_settlement || price > m.max_settlement) {
    return Error{Refusal::kInvalidSettlementPrice};
  }

  MarketSettled settled;
  settled.transaction = next_transaction(now);
  settle_state(*state, price, settled);
  // Issue 16: the option markets on this one settle with it, in the same transaction.
  settle_options_on(m, settled);
  return settled;
}

void Exchange::settle_state(MarketState& state, Price price, MarketSettled& settled) {
  Market& m = state.market;
  settled.market = m.id;
  settled.price = price;
  state.book.clear(settled.voided_orders);
  for (const RestingOrder& order : settled.voided_orders) order_markets_.erase(order.id);
  for (AccountId holder_id : state.exposed) {
    Account& holder = *mutable_account(holder_id);
    auto row = holder.exposures.find(m.id);
    if (row == holder.exposures.end()) continue;
    holder.balance += price * row->second.position;
    remove_exposure(holder, state);
    settled.settled_accounts.push_back(holder_id);
  }
  std::sort(settled.settled_accounts.begin(), settled.settled_accounts.end());
  state.exposed.clear();
  m.settlement = Settlement{price, settled.transaction};
}

}  // namespace exchange
