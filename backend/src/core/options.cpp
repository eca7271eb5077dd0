// Option markets (options.md, with the decisions of issue 16): creation bounds, contracts,
// exercise and settlement with the underlying.

#include <algorithm>

#include "core/exchange.h"
#include "core/exposure_change.h"

namespace exchange {
namespace {

// The range of google.protobuf.Timestamp (years 1 to 9999): the reference silently stores
// anything else as 1970, i.e. already expired, or drops the connection (options.md 2.2 step
// 13); we refuse it instead.
constexpr int64_t kFirstSecond = -62'135'596'800;
constexpr int64_t kLastSecond = 253'402'300'799;

bool within_cap(Price bound) {
  const int128 cap = int128(kCoefficientCap);
  return bound.units() <= cap && bound.units() >= -cap;
}

// Whole Unix seconds of a timestamp (floor): the reference's transactions have whole seconds,
// and exercising within the expiration second itself is allowed.
int64_t whole_seconds(Timestamp time) {
  const int64_t micros = time.micros;
  return micros >= 0 ? micros / 1'000'000 : -((-micros + 999'999) / 1'000'000);
}

}  // namespace

Status Exchange::bound_option_market(const Requester& requester, const NewMarket& request,
                                     Market& created) const {
  const NewOption& option = *request.option;
  // An option cannot also be a fund; the reference reuses this text (step 5).
  if (!request.constituents.empty()) return Error{Refusal::kInvalidSettlementPrices};
  // Step 6: negative and zero strikes pass here; the bounds decide (2.3).
  if (!option.strike || option.strike->decimal_places() > 2 ||
      option.strike->positive_coefficient_above(kCoefficientCap)) {
    return Error{Refusal::kInvalidStrikePrice};
  }
  // Step 7: "Sudo required" (kNotAuctionOwner's text), even for non-admins (quirk 1, kept:
  // clients show the text).
  if (!requester.sudo_admin) return Error{Refusal::kNotAuctionOwner};
  // Step 8, with the fund texts (quirk 2, kept). The underlying's status, universe and kind are
  // not checked: a sudo admin sees every market.
  const Market* underlying = market(option.underlying);
  if (underlying == nullptr) return Error{Refusal::kConstituentNotFound};
  if (underlying->is_settled()) return Error{Refusal::kConstituentAlreadySettled};
  // Quirk fixed (options.md 2.2 step 13): no silent 1970, no dropped connection.
  if (option.expiration &&
      (*option.expiration < kFirstSecond || *option.expiration > kLastSecond)) {
    return Error{Refusal::kInvalidExpirationDate};
  }

  OptionTerms terms{underlying->id, *option.strike->to_fixed<Price>(), option.is_call,
                    option.expiration};
  // The payoff's extremes over U's range (2.3); the requested bounds are ignored.
  const Price at_min = terms.intrinsic(underlying->min_settlement);
  const Price at_max = terms.intrinsic(underlying->max_settlement);
  created.min_settlement = std::min(at_min, at_max);
  created.max_settlement = std::max(at_min, at_max);
  if (created.min_settlement >= created.max_settlement || !within_cap(created.min_settlement) ||
      !within_cap(created.max_settlement)) {
    return Error{Refusal::kInvalidSettlementPrices};
  }
  created.option = terms;
  return ok_status();
}

void Exchange::write_option_contracts(OrderPlaced& placed) {
  std::vector<ContractId>& of_market = contracts_by_market_[placed.market];
  for (const Trade& trade : placed.trades) {
    const OptionContract contract{counters_.next_option_contract++, trade.market, trade.buyer,
                                  trade.seller, trade.size, trade.id};
    contracts_.emplace(contract.id, contract);
    of_market.push_back(contract.id);
    placed.contracts.push_back(contract.id);
  }
}

void Exchange::settle_options_on(const Market& underlying, MarketSettled& settled) {
  const Price settlement = underlying.settlement->price;
  std::vector<MarketState*> options;
  markets_.for_each([&](MarketId, const std::unique_ptr<MarketState>& held) {
    const Market& m = held->market;
    if (m.is_option() && m.option->underlying == underlying.id && !m.is_settled()) {
      options.push_back(held.get());
    }
  });
  std::sort(options.begin(), options.end(),
            [](auto* a, auto* b) { return a->market.id < b->market.id; });
  for (MarketState* state : options) {
    MarketSettled option_settled;
    option_settled.transaction = settled.transaction;
    settle_state(*state, state->market.option->intrinsic(settlement), option_settled);
    // Every open contract is closed: positions were just paid at the intrinsic value, which
    // is what exercising them all would have paid.
    if (auto it = contracts_by_market_.find(state->market.id); it != contracts_by_market_.end()) {
      for (ContractId id : it->second) {
        OptionContract& contract = contracts_.at(id);
        if (contract.remaining.is_zero()) continue;
        contract.remaining = Quantity{};
        option_settled.closed_contracts.push_back(id);
      }
    }
    settled.options_settled.push_back(std::move(option_settled));
    // Options on this option market settle in turn; the list stays flat.
    settle_options_on(state->market, settled);
  }
}

Money Exchange::available_after(const Account& holder,
                                const std::vector<std::pair<const Market*, Quantity>>& moves,
                                Money cash) const {
  Money available = holder.available_balance() + cash;
  for (const auto& [m, change] : moves) {
    Exposure row;
    if (auto it = holder.exposures.find(m->id); it != holder.exposures.end()) row = it->second;
    available -= worst_case(row, m->min_settlement, m->max_settlement);
    row.position += change;
    available += worst_case(row, m->min_settlement, m->max_settlement);
  }
  return available;
}

Result<OptionExercise> Exchange::exercise_option(const Requester& requester,
                                                 MarketId option_market, ContractId contract_id,
                                                 Decimal amount_decimal, Timestamp now) {
  // Step 2: > 0 and at most 2 decimals; step 6 bounds it.
  const std::optional<Quantity> amount = amount_decimal.to_fixed<Quantity>();
  if (!amount || amount_decimal.negative || amount->is_zero()) {
    return Error{Refusal::kInvalidAmount};
  }
  auto found = contracts_.find(contract_id);
  if (found == contracts_.end()) return Error{Refusal::kOptionContractNotFound};
  OptionContract& contract = found->second;
  // Quirk fixed (options.md quirk 7, issue 16): the contract of a market the requester may not
  // see is as missing as the market.
  MarketState* option_state = visible_state(requester, contract.market);
  if (option_state == nullptr) return Error{Refusal::kOptionContractNotFound};
  if (contract.buyer != requester.acting) return Error{Refusal::kNotContractBuyer};
  if (contract.market != option_market) return Error{Refusal::kOptionContractNotFound};
  const Market& option = option_state->market;
  MarketState* underlying_state =
      option.is_option() ? mutable_market(option.option->underlying) : nullptr;
  // Quirk fixed (issue 16): exercise moves money and units like a trade, so it keeps to the
  // acting account's universe, with the trading text.
  const UniverseId home = universe_of(requester.acting);
  if (option.universe != home ||
      (underlying_state != nullptr && underlying_state->market.universe != home)) {
    return Error{Refusal::kMarketInOtherUniverse};
  }
  if (*amount > contract.remaining) return Error{Refusal::kInvalidAmount};
  // Unreachable (a contract always belongs to an option market), with the reference's text.
  if (!option.is_option() || underlying_state == nullptr) {
    return Error{Refusal::kOptionNotSettleable};
  }
  // Unreachable too: settling an option market closes every contract (step 6 answers first).
  if (option.is_settled()) return Error{Refusal::kMarketAlreadySettled};
  const OptionTerms& terms = *option.option;
  const Market& underlying = underlying_state->market;

  // Step 9: cash once U has settled, whatever the expiration; else physical until expiry.
  const bool cash = underlying.is_settled();
  if (!cash && terms.expiration && whole_seconds(now) > *terms.expiration) {
    return Error{Refusal::kOptionExpired};
  }
  Account* buyer = mutable_account(contract.buyer);
  Account* writer = mutable_account(contract.writer);
  if (buyer == nullptr || writer == nullptr) return Error{Refusal::kAccountNotFound};

  // Effects (4.3): the buyer's cash change; the writer's is its negation.
  const Price price = cash ? terms.intrinsic(underlying.settlement->price) : terms.strike;
  Money buyer_cash = price * *amount;
  if (!cash && terms.is_call) buyer_cash = -buyer_cash;
  const Quantity buyer_units = terms.is_call ? *amount : -*amount;  // in U, physical only
  std::vector<std::pair<const Market*, Quantity>> buyer_moves{{&option, -*amount}};
  std::vector<std::pair<const Market*, Quantity>> writer_moves{{&option, *amount}};
  if (!cash) {
    buyer_moves.emplace_back(&underlying, buyer_units);
    writer_moves.emplace_back(&underlying, -buyer_units);
  }
  // Step 11, the writer included (issue 16 keeps the reference's check; equality passes).
  if (available_after(*buyer, buyer_moves, buyer_cash) < Money{}) {
    return Error{Refusal::kInsufficientFunds};
  }
  if (available_after(*writer, writer_moves, -buyer_cash) < Money{}) {
    return Error{Refusal::kInsufficientFunds};
  }

  const Quantity x = *amount;
  change_exposure(*buyer, *option_state, [&](Exposure& row) { row.position -= x; });
  change_exposure(*writer, *option_state, [&](Exposure& row) { row.position += x; });
  if (!cash) {
    change_exposure(*buyer, *underlying_state, [&](Exposure& row) { row.position += buyer_units; });
    change_exposure(*writer, *underlying_state,
                    [&](Exposure& row) { row.position -= buyer_units; });
  }
  buyer->balance += buyer_cash;
  writer->balance -= buyer_cash;
  contract.remaining -= x;

  OptionExercise done{counters_.next_option_exercise++, option.id, underlying.id, contract.id,
                      buyer->id, writer->id, x, price, cash, next_transaction(now)};
  exercises_.push_back(done);
  return done;
}

const OptionContract* Exchange::option_contract(ContractId id) const {
  auto it = contracts_.find(id);
  return it == contracts_.end() ? nullptr : &it->second;
}

std::vector<const OptionContract*> Exchange::option_contracts(MarketId market,
                                                              AccountId account) const {
  std::vector<const OptionContract*> mine;
  auto it = contracts_by_market_.find(market);
  if (it == contracts_by_market_.end()) return mine;
  for (ContractId id : it->second) {  // ascending: ids are handed out in order
    const OptionContract& contract = contracts_.at(id);
    if (!contract.remaining.is_zero() && (contract.buyer == account || contract.writer == account)) {
      mine.push_back(&contract);
    }
  }
  return mine;
}

std::vector<const OptionExercise*> Exchange::option_exercises(AccountId account,
                                                              MarketId market) const {
  std::vector<const OptionExercise*> mine;
  for (const OptionExercise& exercise : exercises_) {
    if ((market == 0 || exercise.market == market) &&
        (exercise.exerciser == account || exercise.writer == account)) {
      mine.push_back(&exercise);
    }
  }
  return mine;
}

void Exchange::restore_option_contract(OptionContract contract) {
  counters_.next_option_contract = std::max(counters_.next_option_contract, contract.id + 1);
  contracts_by_market_[contract.market].push_back(contract.id);
  contracts_.insert_or_assign(contract.id, contract);
}

void Exchange::restore_option_exercise(OptionExercise exercise) {
  counters_.next_option_exercise = std::max(counters_.next_option_exercise, exercise.id + 1);
  exercises_.push_back(exercise);
}

}  // namespace exchange
