#pragma once
// Option markets (options.md): a market on the payoff of a call or put on another market, the
// contracts its trades create, and the record each exercise leaves.

#include <cstdint>
#include <optional>

#include "core/decimal.h"
#include "core/fixed_point.h"
#include "core/ids.h"

namespace exchange {

using ContractId = int64_t;
using ExerciseId = int64_t;

// What makes a market an option market (options.md 1.2); fixed at creation.
struct OptionTerms {
  MarketId underlying = 0;
  Price strike;
  bool is_call = false;
  // Unix seconds of the last second in which physical exercise is allowed; none = never
  // expires.
  std::optional<int64_t> expiration;

  // What one unit pays when the underlying settles at `settlement`: call max(0, S − K), put
  // max(0, K − S). Always within the option market's bounds (options.md 2.3).
  Price intrinsic(Price settlement) const {
    const Price value = is_call ? settlement - strike : strike - settlement;
    return value.is_negative() ? Price{} : value;
  }
  friend bool operator==(const OptionTerms&, const OptionTerms&) = default;
};

// CreateMarket.option as decoded from the wire.
struct NewOption {
  MarketId underlying = 0;
  // nullopt when the client's number was no decimal at all (NaN, infinite): "Invalid strike
  // price", answered at its place in the check order.
  std::optional<Decimal> strike = Decimal{};
  bool is_call = false;
  std::optional<int64_t> expiration;  // already none for an absent one or seconds 0
};

// One per trade in an option market (options.md 3.2): the trade's buyer holds the right, its
// seller wrote it. Never deleted; `remaining` falls with each exercise and drops to 0 when the
// option market settles.
struct OptionContract {
  ContractId id = 0;
  MarketId market = 0;
  AccountId buyer = 0;
  AccountId writer = 0;
  Quantity remaining;
  TradeId trade = 0;
  friend bool operator==(const OptionContract&, const OptionContract&) = default;
};

// One per successful exercise. The reference keeps no readable record (options.md quirk 10);
// we keep the per-unit cash price and the underlying so that history and P&L can account for
// it (issue 16).
struct OptionExercise {
  ExerciseId id = 0;
  MarketId market = 0;      // the option market
  MarketId underlying = 0;  // U
  ContractId contract = 0;
  AccountId exerciser = 0;  // the contract's buyer
  AccountId writer = 0;
  Quantity amount;
  Price price;  // cash per unit: K when physical, the intrinsic value when cash
  bool cash = false;
  Transaction transaction;
  friend bool operator==(const OptionExercise&, const OptionExercise&) = default;
};

}  // namespace exchange
