#pragma once
// Exact decimals as the database stores them: plain decimal text. Unparseable text means the
// file was damaged or written by something else; that is a StoreError, not a guess.

#include <string>
#include <string_view>

#include "core/fixed_point.h"
#include "store/database.h"

namespace exchange::store {

template <class F>
F fixed_from_text(std::string_view text) {
  auto value = parse_fixed<F>(text);
  if (!value) throw StoreError("not an exact decimal: '" + std::string(text) + "'");
  return *value;
}
inline Money money_from_text(std::string_view text) { return fixed_from_text<Money>(text); }
inline Price price_from_text(std::string_view text) { return fixed_from_text<Price>(text); }
inline Quantity quantity_from_text(std::string_view text) {
  return fixed_from_text<Quantity>(text);
}

}  // namespace exchange::store
