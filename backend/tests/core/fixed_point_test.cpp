#include "core/fixed_point.h"

#include <gtest/gtest.h>

namespace exchange {
namespace {

TEST(FixedPoint, PriceTimesQuantityIsExactMoney) {
  const Price price = Price::from_units(1234);          // 12.34
  const Quantity size = Quantity::from_units(-250);     // -2.5
  EXPECT_EQ(price * size, Money::from_units(-308500));  // -30.85
  // The largest validated product, 10^12 × 10^12 coefficients, fits.
  const Price big_price = Price::from_units(1'000'000'000'000);
  const Quantity big_size = Quantity::from_units(1'000'000'000'000);
  EXPECT_EQ(to_string(big_price * big_size), "100000000000000000000");
}

TEST(FixedPoint, FormatsWithoutTrailingZeros) {
  EXPECT_EQ(to_string(Money::from_units(1234500)), "123.45");
  EXPECT_EQ(to_string(Money::from_units(-1)), "-0.0001");
  EXPECT_EQ(to_string(Money::from_units(0)), "0");
  EXPECT_EQ(to_string(Price::from_units(-1200)), "-12");
  EXPECT_EQ(to_string(Quantity::from_units(5)), "0.05");
}

TEST(FixedPoint, ParsesDecimalText) {
  EXPECT_EQ(parse_fixed<Money>("123.45"), Money::from_units(1234500));
  EXPECT_EQ(parse_fixed<Money>("-0.0001"), Money::from_units(-1));
  EXPECT_EQ(parse_fixed<Money>("94.000000"), Money::from_units(940000));  // zeros beyond scale
  EXPECT_EQ(parse_fixed<Money>("-0"), Money{});
  EXPECT_EQ(parse_fixed<Price>("7"), Price::from_units(700));
  EXPECT_FALSE(parse_fixed<Price>("1.001"));
  EXPECT_FALSE(parse_fixed<Price>(""));
  EXPECT_FALSE(parse_fixed<Price>("1e5"));
  EXPECT_FALSE(parse_fixed<Price>("."));
  EXPECT_FALSE(parse_fixed<Price>("-"));
}

TEST(FixedPoint, FormatParseRoundTrip) {
  for (int128 units : {int128(0), int128(1), int128(-1), int128(123456789), -pow10_i128(30)}) {
    EXPECT_EQ(parse_units(format_units(units, 4), 4), units);
  }
}

}  // namespace
}  // namespace exchange
