// rules.md 2.2: reading a wire double as an exact decimal.

#include "core/decimal.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>

namespace exchange {
namespace {

std::optional<Decimal> read(double value) {
  return decode_binary64(std::bit_cast<uint64_t>(value));
}

Decimal dec(bool negative, uint64_t coefficient, int scale) {
  return Decimal{negative, coefficient, scale};
}

TEST(DecodeBinary64, ShortDecimalsReadExactly) {
  EXPECT_EQ(read(0.1), dec(false, 1, 1));
  EXPECT_EQ(read(3.14), dec(false, 314, 2));
  EXPECT_EQ(read(15.01), dec(false, 1501, 2));
  EXPECT_EQ(read(15.001), dec(false, 15001, 3));
  EXPECT_EQ(read(-12.5), dec(true, 125, 1));
  EXPECT_EQ(read(100.0), dec(false, 100, 0));
  EXPECT_EQ(read(123456789.123), dec(false, 123456789123, 3));
}

TEST(DecodeBinary64, NoiseDigitsOfBinaryArithmeticAreDropped) {
  // 0.1 + 0.2 is 0.30000000000000004440892098500626… as a double; the reference reads 0.3.
  EXPECT_EQ(read(0.1 + 0.2), dec(false, 3, 1));
  EXPECT_EQ(read(1.1 * 1.1), dec(false, 121, 2));
}

TEST(DecodeBinary64, ZeroLosesItsSign) {
  EXPECT_EQ(read(0.0), Decimal{});
  EXPECT_EQ(read(-0.0), Decimal{});
  EXPECT_FALSE(read(-0.0)->negative);
}

TEST(DecodeBinary64, NonFiniteAndHugeValuesFail) {
  EXPECT_FALSE(read(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(read(std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(read(-std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(read(1e29));  // above 2^96 ≈ 7.9e28
  EXPECT_FALSE(read(-1e30));
  EXPECT_TRUE(read(7e28));
}

TEST(DecodeBinary64, IntegersBelow2To95AreExact) {
  EXPECT_EQ(read(1e20), (Decimal{false, uint128(100000000000000000000.0L), 0}));
  EXPECT_EQ(read(9007199254740992.0), dec(false, 9007199254740992ull, 0));
  const double two_to_90 = std::ldexp(1.0, 90);
  EXPECT_EQ(read(two_to_90), (Decimal{false, uint128(1) << 90, 0}));
}

TEST(DecodeBinary64, TinyValuesRoundAtScale28) {
  EXPECT_EQ(read(1e-28), dec(false, 1, 28));
  EXPECT_EQ(read(4e-29), Decimal{});          // rounds to 0 at 28 places
  EXPECT_EQ(read(5e-324), Decimal{});         // smallest subnormal
  EXPECT_EQ(read(6e-29), dec(false, 1, 28));  // half-up on the dropped digit
}

// A double that is the nearest double to a decimal of at most 15 significant digits reads back
// as exactly that decimal, as long as its 16-digit form stays clear of 2^52 (see below).
TEST(DecodeBinary64, FifteenSignificantDigitsRoundTrip) {
  std::mt19937_64 rng(12345);
  for (int i = 0; i < 200000; ++i) {
    uint64_t coefficient = rng() % 1'000'000'000'000'000ull;
    // Keep the leading digit below 4 so the 16-digit form is below 4·10^15.
    uint64_t leading = 1;
    while (leading * 10 <= coefficient) leading *= 10;
    if (coefficient / leading >= 4) coefficient -= (coefficient / leading - 1) * leading;
    const int scale = int(rng() % 16);
    const bool negative = rng() % 2 == 0;
    std::string digits = std::to_string(coefficient);
    if (int(digits.size()) <= scale) digits.insert(0, scale - digits.size() + 1, '0');
    std::string text = digits;
    if (scale > 0) text.insert(text.size() - scale, ".");
    if (negative) text.insert(0, "-");
    const double value = std::strtod(text.c_str(), nullptr);
    const Decimal expected = make_decimal(negative, coefficient, scale);
    ASSERT_EQ(read(value), expected) << text;
  }
}

// Digit-by-digit half-up rounding is a double rounding: when the 16-digit coefficient lies just
// below 2^52 ≈ 4.5·10^15, a binary error of under half a unit can still carry into the 16th
// digit. The reference algorithm behaves so, and so do we.
TEST(DecodeBinary64, SixteenthDigitCarryNearTwoTo52) {
  EXPECT_EQ(read(-4412243011.72294), dec(true, 4412243011722941ull, 6));
}

TEST(Decimal, ToFixedRefusesExtraPlaces) {
  EXPECT_EQ(read(15.01)->to_fixed<Price>(), Price::from_units(1501));
  EXPECT_FALSE(read(15.001)->to_fixed<Price>());
  EXPECT_EQ(read(15.001)->to_fixed<Money>(), Money::from_units(150010));
  EXPECT_EQ(read(-2.5)->to_fixed<Quantity>(), Quantity::from_units(-250));
}

TEST(Decimal, CoefficientChecks) {
  // 10 000 000 000.5 has coefficient 100000000005 (≤ 10^12); 10 000 000 000.01 has 10^12 + 1.
  EXPECT_FALSE(read(10000000000.5)->positive_coefficient_above(kCoefficientCap));
  EXPECT_TRUE(read(10000000000.01)->positive_coefficient_above(kCoefficientCap));
  EXPECT_FALSE(read(-10000000000.01)->positive_coefficient_above(kCoefficientCap));
  EXPECT_TRUE(read(-10000000000.01)->magnitude_above(kCoefficientCap));
  EXPECT_FALSE(read(1e12)->positive_coefficient_above(kCoefficientCap));
  EXPECT_EQ(read(15.0100)->decimal_places(), 2);
}

}  // namespace
}  // namespace exchange
