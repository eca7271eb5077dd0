#pragma once
// Exact decimal quantities as fixed-point integers (rules.md 2.4): prices, sizes and
// positions carry 2 decimal places, money (balances, order values, amounts, fees, credits)
// 4. The representation is a 128-bit integer count of the smallest unit, so that any product
// of two validated 2-dp values (up to 10^12 coefficient each) is exact as money.
// Invariant: a value is exactly units / 10^Scale; there is no rounding anywhere here.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace exchange {

using int128 = __int128;
using uint128 = unsigned __int128;

constexpr int128 pow10_i128(int exponent) {
  int128 result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

template <int Scale, class Tag>
class Fixed {
 public:
  static constexpr int kScale = Scale;
  static constexpr int128 kUnitsPerWhole = pow10_i128(Scale);

  constexpr Fixed() = default;
  static constexpr Fixed from_units(int128 units) { return Fixed(units); }
  static constexpr Fixed from_whole(int64_t whole) { return Fixed(int128{whole} * kUnitsPerWhole); }
  constexpr int128 units() const { return units_; }

  constexpr bool is_zero() const { return units_ == 0; }
  constexpr bool is_negative() const { return units_ < 0; }

  constexpr Fixed operator-() const { return Fixed(-units_); }
  constexpr Fixed operator+(Fixed other) const { return Fixed(units_ + other.units_); }
  constexpr Fixed operator-(Fixed other) const { return Fixed(units_ - other.units_); }
  constexpr Fixed& operator+=(Fixed other) {
    units_ += other.units_;
    return *this;
  }
  constexpr Fixed& operator-=(Fixed other) {
    units_ -= other.units_;
    return *this;
  }
  constexpr auto operator<=>(const Fixed&) const = default;

 private:
  constexpr explicit Fixed(int128 units) : units_(units) {}
  int128 units_ = 0;
};

struct PriceTag {};
struct QuantityTag {};
struct MoneyTag {};

using Price = Fixed<2, PriceTag>;        // limit prices, settlement bounds and prices
using Quantity = Fixed<2, QuantityTag>;  // sizes, positions, redeem amounts
using Money = Fixed<4, MoneyTag>;        // balances, values, amounts, fees, credits

// Price × quantity is exact money: 2 + 2 decimal places = 4.
constexpr Money operator*(Price price, Quantity quantity) {
  return Money::from_units(price.units() * quantity.units());
}
constexpr Money operator*(Quantity quantity, Price price) {
  return price * quantity;
}

// A quantity scaled by an integer (fund multipliers).
constexpr Quantity operator*(Quantity quantity, int64_t factor) {
  return Quantity::from_units(quantity.units() * factor);
}
constexpr Price operator*(Price price, int64_t factor) {
  return Price::from_units(price.units() * factor);
}

// A 2-dp price viewed as money (for sums such as fund bounds against cash).
constexpr Money to_money(Price price) {
  return Money::from_units(price.units() * 100);
}

// Plain decimal text without exponent, trailing fractional zeros removed ("12.5", "-0.01").
std::string format_units(int128 units, int scale);
template <int S, class T>
std::string to_string(Fixed<S, T> value) {
  return format_units(value.units(), S);
}

// Parses plain decimal text ("-12.3400", "7") into units of the given scale. Fails when the
// text is malformed or has more significant decimals than the scale.
std::optional<int128> parse_units(std::string_view text, int scale);
template <class F>
std::optional<F> parse_fixed(std::string_view text) {
  auto units = parse_units(text, F::kScale);
  if (!units) return std::nullopt;
  return F::from_units(*units);
}

}  // namespace exchange
