#pragma once
// Decimal numbers as the wire delivers them, and the limits of rules.md 2.4.
//
// A client sends every price, size and amount as an IEEE-754 binary64. We never touch it as a
// floating-point number: the protobuf boundary hands us its 64 bits, and decode_binary64()
// turns them into an exact decimal by the algorithm of rules.md 2.2, which drops the noise
// digits of binary floats (0.1 + 0.2 reads as 0.3, 15.001 as 15.001).

#include <cstdint>
#include <optional>

#include "core/fixed_point.h"

namespace exchange {

// sign × coefficient / 10^scale, coefficient < 2^96, 0 ≤ scale ≤ 28. Normalised: no trailing
// fractional zeros and no negative zero.
struct Decimal {
  bool negative = false;
  uint128 coefficient = 0;
  int scale = 0;

  bool is_zero() const { return coefficient == 0; }
  // Decimal places after normalisation ("dp" in rules.md).
  int decimal_places() const { return scale; }
  // The signed check of rules.md 2.4: only positive coefficients can exceed a cap.
  bool positive_coefficient_above(uint128 cap) const { return !negative && coefficient > cap; }
  bool magnitude_above(uint128 cap) const { return coefficient > cap; }

  // The exact value in a fixed-point type; nullopt when it has more decimal places than the
  // type holds.
  template <class F>
  std::optional<F> to_fixed() const {
    if (scale > F::kScale) return std::nullopt;
    int128 units = int128(coefficient) * pow10_i128(F::kScale - scale);
    return F::from_units(negative ? -units : units);
  }

  friend bool operator==(const Decimal&, const Decimal&) = default;
};

// nullopt for NaN, ±infinity and magnitudes whose integer part needs more than 96 bits.
std::optional<Decimal> decode_binary64(uint64_t bits);

// Builds a normalised decimal (for tests and internal constants).
Decimal make_decimal(bool negative, uint128 coefficient, int scale);

// The coefficient cap of rules.md 2.4: 10^12.
inline constexpr uint128 kCoefficientCap = 1'000'000'000'000;

}  // namespace exchange
