#pragma once
// Private to core/: the one place that edits an exposure row, so that the account's
// worst-case sum can never drift from its rows.

#include "core/exchange.h"

namespace exchange {

template <class Change>
void Exchange::change_exposure(Account& holder, MarketState& state, Change&& change) {
  const Market& m = state.market;
  auto [row, inserted] = holder.exposures.try_emplace(m.id);
  if (inserted) state.exposed.push_back(holder.id);
  const Money before =
      inserted ? Money{} : worst_case(row->second, m.min_settlement, m.max_settlement);
  change(row->second);
  holder.worst_case_sum += worst_case(row->second, m.min_settlement, m.max_settlement) - before;
}

}  // namespace exchange
