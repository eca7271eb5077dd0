#pragma once
// Errors are values: a refused operation returns an Error naming the rule it broke (a
// Refusal). Nothing in core/ throws across the sequencer.

#include <cassert>
#include <utility>
#include <variant>

#include "core/refusal.h"

namespace exchange {

struct Error {
  Refusal refusal;
  friend bool operator==(const Error&, const Error&) = default;
};

// Either a value or an Error. A tiny stand-in for C++23 std::expected.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(error) {}         // NOLINT: implicit by design
  // Builds the value in place, so that large results are not copied on return.
  explicit Result(std::in_place_t) : state_(std::in_place_index<0>) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

// For operations whose success carries no value.
struct Done {};
using Status = Result<Done>;
inline Status ok_status() {
  return Done{};
}

}  // namespace exchange
