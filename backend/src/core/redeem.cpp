// Redeem (rules.md section 8): fund units against constituent units, for a flat fee.

#include "core/exchange.h"
#include "core/exposure_change.h"

namespace exchange {

Result<Redemption> Exchange::redeem(const Requester& requester, MarketId fund_id,
                                    Decimal amount_decimal, Timestamp now) {
  const AccountId acting = requester.acting;
  const std::optional<Quantity> amount = amount_decimal.to_fixed<Quantity>();
  if (!amount || amount->is_zero()) return Error{Refusal::kInvalidAmount};
  MarketState* fund = visible_state(requester, fund_id);
  if (fund == nullptr || !fund->market.is_fund()) return Error{Refusal::kFundNotFound};
  // The reference lets any universe redeem any fund (cohorts.md 10.2): refused like an order.
  if (fund->market.universe != universe_of(acting)) return Error{Refusal::kMarketInOtherUniverse};
  if (fund->market.is_settled()) return Error{Refusal::kMarketAlreadySettled};
  // The position change of each market: the fund loses `amount`, constituents gain
  // amount × multiplier. Overflowing that product is refused like any unusable amount.
  std::vector<std::pair<MarketState*, Quantity>> changes{{fund, -*amount}};
  for (const Constituent& part : fund->market.constituents) {
    MarketState* constituent = mutable_market(part.market);
    if (constituent->market.is_settled()) return Error{Refusal::kMarketAlreadySettled};
    int128 units;
    if (__builtin_mul_overflow(amount->units(), int128(part.multiplier), &units)) {
      return Error{Refusal::kInvalidAmount};
    }
    changes.emplace_back(constituent, Quantity::from_units(units));
  }
  Account* holder = mutable_account(acting);
  if (holder == nullptr) return Error{Refusal::kAccountNotFound};

  // Funds check on the new positions, before the fee (equality passes).
  Money available = holder->available_balance();
  for (const auto& [state, change] : changes) {
    const Market& m = state->market;
    Exposure row;
    if (auto it = holder->exposures.find(m.id); it != holder->exposures.end()) row = it->second;
    available -= worst_case(row, m.min_settlement, m.max_settlement);
    row.position += change;
    available += worst_case(row, m.min_settlement, m.max_settlement);
  }
  const Money fee = fund->market.redeem_fee;
  if (available < fee) return Error{Refusal::kInsufficientFunds};

  Redemption done{counters_.next_redemption++, acting, fund_id, *amount, fee,
                  next_transaction(now), {}};
  for (const auto& entry : changes) {
    const Quantity change = entry.second;  // (a structured binding cannot be captured by clang 14)
    change_exposure(*holder, *entry.first, [&](Exposure& row) { row.position += change; });
    done.markets.push_back(entry.first->market.id);
  }
  holder->balance -= fee;
  note_traded(*holder, fund_id);
  return done;
}

}  // namespace exchange
