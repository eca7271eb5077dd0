// Creating, editing and settling markets (rules.md section 7).

#include <algorithm>
#include <unordered_set>

#include "core/exchange.h"
#include "core/exposure_change.h"

namespace exchange {
namespace {

constexpr std::string_view kCreateMarket = "CreateMarket";
constexpr std::string_view kEditMarket = "EditMarket";
constexpr std::string_view kSettleMarket = "SettleMarket";

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
    if (part.multiplier == 0) return Error{kCreateMarket, "Invalid multiplier"};
  }
  Market created;
  const Decimal& fee = request.redeem_fee;
  if (!request.constituents.empty()) {
    if (fee.negative) return Error{kCreateMarket, "Invalid redeem fee"};
    // Fund bounds come from the constituents, ignoring the request (rules.md 7.2).
    for (const Constituent& part : request.constituents) {
      const Market* constituent = market(part.market);
      if (constituent == nullptr) return Error{kCreateMarket, "Constituent not found"};
      if (constituent->is_settled()) return Error{kCreateMarket, "Constituent already settled"};
      const Price low = constituent->min_settlement * part.multiplier;
      const Price high = constituent->max_settlement * part.multiplier;
      created.min_settlement += std::min(low, high);
      created.max_settlement += std::max(low, high);
    }
    if (created.min_settlement >= created.max_settlement) {
      return Error{kCreateMarket, "Invalid settlement prices"};
    }
    if (!valid_bound(created.min_settlement) || !valid_bound(created.max_settlement)) {
      return Error{kCreateMarket, "Invalid settlement prices"};
    }
  } else {
    if (!fee.is_zero()) return Error{kCreateMarket, "Invalid redeem fee"};
    const Decimal& low = request.min_settlement;
    const Decimal& high = request.max_settlement;
    // Steps 6 to 8 of rules.md 7.1 share one message, so their order is not observable; the
    // bounds are checked first so that the comparison works on exact fixed-point values.
    if (!valid_bound(low) || !valid_bound(high) ||
        *low.to_fixed<Price>() >= *high.to_fixed<Price>()) {
      return Error{kCreateMarket, "Invalid settlement prices"};
    }
    created.min_settlement = *low.to_fixed<Price>();
    created.max_settlement = *high.to_fixed<Price>();
  }
  if (fee.decimal_places() > 4 || fee.positive_coefficient_above(kCoefficientCap)) {
    return Error{kCreateMarket, "Invalid redeem fee"};
  }
  created.redeem_fee = *fee.to_fixed<Money>();

  created.type_id = request.type_id <= 0 ? 1 : request.type_id;
  const MarketType* category = market_type(created.type_id);
  if (category == nullptr) return Error{kCreateMarket, "Category not found"};
  if (!category->is_public && !requester.sudo_admin) {
    return Error{kCreateMarket, "Cannot create market with non-public category"};
  }
  if (requester.sudo_admin && request.group_id > 0) {
    const MarketGroup* group = market_group(request.group_id);
    if (group == nullptr) return Error{kCreateMarket, "Market group not found"};
    if (group->type_id != created.type_id) {
      return Error{kCreateMarket, "Market category does not match group category"};
    }
    created.group_id = group->id;
  }
  // Where the reference drops the connection (protocol.md 8.3) we answer instead.
  if (markets_by_name_.contains(name_key(request.name))) {
    return Error{kCreateMarket, "Market name already exists"};
  }
  std::unordered_set<AccountId> listed;
  for (AccountId id : request.visible_to) {
    if (account(id) == nullptr) return Error{kCreateMarket, "Account not found"};
    if (listed.insert(id).second) created.visible_to.push_back(id);  // duplicates are harmless
  }
  std::unordered_set<MarketId> parts;
  for (const Constituent& part : request.constituents) {
    if (!parts.insert(part.market).second) return Error{kCreateMarket, "Invalid multiplier"};
  }

  created.id = counters_.next_market++;
  created.name = request.name;
  created.description = request.description;
  created.owner = requester.creator();
  created.constituents = request.constituents;
  created.hide_account_ids = request.hide_account_ids;
  created.created = next_transaction(now);
  restore_market(created);
  return created;
}

Result<Market> Exchange::edit_market(const Requester& requester, const MarketEdit& edit,
                                     Timestamp now) {
  MarketState* state = mutable_market(edit.market);
  if (state == nullptr) return Error{kEditMarket, "Market not found"};
  Market& m = state->market;
  const bool status_changed = edit.status != int(m.status);
  const bool admin_only = edit.name || edit.pinned || status_changed || edit.visible_to ||
                          edit.hide_account_ids || edit.has_redeemable_settings;
  if (admin_only && !requester.sudo_admin) {
    return Error{kEditMarket,
                 "Only admins can edit market name, status, pinned, visibility, and redeemable "
                 "settings"};
  }
  if (edit.description && !requester.sudo_admin && m.owner != requester.user) {
    return Error{kEditMarket, "You can only edit your own market's description"};
  }
  if (edit.status < 0 || edit.status > 2) return Error{kEditMarket, "Invalid market status"};
  if (edit.has_redeemable_settings) return Error{kEditMarket, "Fund not found"};
  if (edit.name) {
    auto holder = markets_by_name_.find(name_key(*edit.name));
    if (holder != markets_by_name_.end() && holder->second != m.id) {
      return Error{kEditMarket, "Market name already exists"};
    }
  }
  std::vector<AccountId> visible_to;
  if (edit.visible_to) {
    std::unordered_set<AccountId> listed;
    for (AccountId id : *edit.visible_to) {
      if (account(id) == nullptr) return Error{kEditMarket, "Account not found"};
      if (listed.insert(id).second) visible_to.push_back(id);
    }
  }

  // The reference consumes a transaction id here that nothing references; we do not, so
  // that every stored transaction id means something.
  (void)now;
  if (edit.name) {
    markets_by_name_.erase(name_key(m.name));
    m.name = *edit.name;
    markets_by_name_[name_key(m.name)] = m.id;
  }
  if (edit.description) m.description = *edit.description;
  if (edit.pinned) m.pinned = *edit.pinned;
  m.status = MarketStatus(edit.status);
  if (edit.hide_account_ids) m.hide_account_ids = *edit.hide_account_ids;
  if (edit.visible_to) m.visible_to = std::move(visible_to);
  return m;
}

Result<MarketSettled> Exchange::settle_market(const Requester& requester, MarketId id,
                                              Decimal requested_price, Timestamp now) {
  MarketState* state = mutable_market(id);
  if (state == nullptr) return Error{kSettleMarket, "Market not found"};
  Market& m = state->market;
  if (m.is_settled()) return Error{kSettleMarket, "Market already settled"};
  if (m.owner != requester.user && !requester.sudo_admin) {
    return Error{kSettleMarket, "Not market owner"};
  }
  Price price;
  if (m.is_fund()) {
    for (const Constituent& part : m.constituents) {
      const Market* constituent = market(part.market);
      if (constituent == nullptr || !constituent->is_settled()) {
        return Error{kSettleMarket, "Constituent not settled"};
      }
      price += constituent->settlement->price * part.multiplier;
    }
  } else {
    const std::optional<Price> exact = requested_price.to_fixed<Price>();
    if (!exact) return Error{kSettleMarket, "Invalid settlement price"};
    price = *exact;
  }
  if (price < m.min_settlement || price > m.max_settlement) {
    return Error{kSettleMarket, "Invalid settlement price"};
  }

  MarketSettled settled;
  settled.transaction = next_transaction(now);
  settled.market = id;
  settled.price = price;
  state->book.clear(settled.voided_orders);
  for (const RestingOrder& order : settled.voided_orders) order_markets_.erase(order.id);
  for (AccountId holder_id : state->exposed) {
    Account& holder = *mutable_account(holder_id);
    auto row = holder.exposures.find(id);
    if (row == holder.exposures.end()) continue;
    holder.balance += price * row->second.position;
    remove_exposure(holder, *state);
    settled.settled_accounts.push_back(holder_id);
  }
  std::sort(settled.settled_accounts.begin(), settled.settled_accounts.end());
  state->exposed.clear();
  m.settlement = Settlement{price, settled.transaction};
  return settled;
}

}  // namespace exchange
