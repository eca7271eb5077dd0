#include "core/fixed_point.h"

namespace exchange {

std::string format_units(int128 units, int scale) {
  const bool negative = units < 0;
  uint128 magnitude = negative ? uint128(-(units + 1)) + 1 : uint128(units);
  char digits[64];
  int length = 0;
  do {
    digits[length++] = char('0' + int(magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0 || length <= scale);
  // digits[] holds the number reversed; the first `scale` of them are the fraction.
  int first_kept = 0;
  while (first_kept < scale && digits[first_kept] == '0') ++first_kept;
  std::string text;
  if (negative) text.push_back('-');
  for (int i = length - 1; i >= scale; --i) text.push_back(digits[i]);
  if (first_kept < scale) {
    text.push_back('.');
    for (int i = scale - 1; i >= first_kept; --i) text.push_back(digits[i]);
  }
  return text;
}

std::optional<int128> parse_units(std::string_view text, int scale) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  if (i == text.size()) return std::nullopt;
  constexpr int128 kLimit = int128(1) << 120;  // far beyond any business value
  int128 value = 0;
  bool any_digit = false;
  for (; i < text.size() && text[i] != '.'; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
    if (value > kLimit) return std::nullopt;
    any_digit = true;
  }
  int decimals = 0;
  if (i < text.size()) {  // fraction
    for (++i; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      const int digit = text[i] - '0';
      any_digit = true;
      if (decimals == scale) {
        if (digit != 0) return std::nullopt;  // more precision than the type holds
        continue;
      }
      value = value * 10 + digit;
      ++decimals;
    }
  }
  if (!any_digit) return std::nullopt;
  for (; decimals < scale; ++decimals) value *= 10;
  if (value > kLimit) return std::nullopt;
  return negative ? -value : value;
}

}  // namespace exchange
