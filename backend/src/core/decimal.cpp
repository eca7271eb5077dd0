#include "core/decimal.h"

namespace exchange {
namespace {

constexpr uint128 kTwoPow96 = uint128(1) << 96;
constexpr uint128 kTwoPow95 = uint128(1) << 95;
constexpr uint128 kTwoPow52 = uint128(1) << 52;

// c / 10, rounded half-up on the dropped digit alone (digit-by-digit, as the reference does).
uint128 divide_by_ten_half_up(uint128 c) {
  const unsigned dropped = unsigned(c % 10);
  c /= 10;
  return dropped >= 5 ? c + 1 : c;
}

}  // namespace

Decimal make_decimal(bool negative, uint128 coefficient, int scale) {
  while (scale > 0 && coefficient % 10 == 0) {
    coefficient /= 10;
    --scale;
  }
  return Decimal{negative && coefficient != 0, coefficient, scale};
}

std::optional<Decimal> decode_binary64(uint64_t bits) {
  const bool negative = (bits >> 63) != 0;
  const int biased_exponent = int((bits >> 52) & 0x7ff);
  const uint64_t fraction = bits & ((uint64_t(1) << 52) - 1);
  if (biased_exponent == 0x7ff) return std::nullopt;            // NaN or infinity
  if (biased_exponent == 0 && fraction == 0) return Decimal{};  // ±0 normalises to 0

  // |x| = c · 5^q · 10^k, starting from |x| = m · 2^e.
  uint128 c;
  int e;
  if (biased_exponent == 0) {
    c = fraction;
    e = -1074;
  } else {
    c = fraction | (uint64_t(1) << 52);
    e = biased_exponent - 1075;
  }
  int k = e;
  int q = -e;

  while (q > 0) {
    if (c % 2 == 0) {
      c /= 2;
      ++k;
    } else if (c * 5 < kTwoPow96) {
      c *= 5;
    } else {
      c /= 2;  // loses the low bit
      ++k;
    }
    --q;
  }
  while (q < 0) {
    if (c < kTwoPow95) {
      c *= 2;
      --k;
    } else {
      c /= 5;
    }
    ++q;
  }
  while (k > 0) {
    c *= 10;
    --k;
    if (c >= kTwoPow96) return std::nullopt;
  }
  while (k < -28) {
    c = divide_by_ten_half_up(c);
    ++k;
    if (c == 0) return Decimal{};
  }
  while (k < 0 && c >= kTwoPow52) {  // noise removal: keep about 15.6 significant digits
    c = divide_by_ten_half_up(c);
    ++k;
  }
  return make_decimal(negative, c, -k);
}

}  // namespace exchange
