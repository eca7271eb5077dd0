#pragma once
// Redeem codes (additions.md 1): single-use "LLL-DDD" codes worth some clips, minted by sudo
// admins and paid from the minter's account to whoever claims them first.
//
// Invariants: a code's text is unique over every code ever minted; a code is claimed at most
// once, and once claimed it names the claimant, the claim time and the paying transfer.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/events.h"
#include "core/fixed_point.h"
#include "core/ids.h"

namespace exchange {

using RedeemCodeId = int64_t;

struct RedeemCode {
  RedeemCodeId id = 0;
  std::string code;  // normalised: "LLL-DDD"
  Money amount;
  AccountId creator = 0;  // pays when the code is claimed
  Timestamp created;
  std::optional<Timestamp> expires;  // always set by us; none would mean "never expires"
  AccountId redeemed_by = 0;         // 0 while unclaimed
  std::optional<Timestamp> redeemed_at;
  TransferId transfer = 0;  // the claim's transfer; 0 while unclaimed

  bool claimed() const { return redeemed_by != 0; }
  friend bool operator==(const RedeemCode&, const RedeemCode&) = default;
};

// A successful claim: the code as it now is and the transfer that paid it.
struct RedeemCodeClaim {
  RedeemCode code;
  Transfer transfer;
};

// How long a code stays claimable: 24 hours from its creation, counted from whole seconds.
inline constexpr int64_t kRedeemCodeLifetimeMicros = 86'400'000'000;

// Hostile clients may send megabytes; anything longer than this cannot be a code once trimmed
// of any sane amount of whitespace, so it is refused before trimming or upper-casing.
inline constexpr size_t kMaxRedeemCodeInputBytes = 64;

// The claim-side acceptance of 1.2: trims ASCII whitespace, upper-cases, and checks for three
// ASCII letters, '-', three ASCII digits. nullopt when malformed.
std::optional<std::string> normalise_redeem_code(std::string_view text);

// The generated code for one uniform 64-bit draw: letters from the 23 without I, L, O and
// digits from 2-9 (1.2). The modulo bias over 2^64 is below 10^-12.
std::string redeem_code_from_draw(uint64_t draw);

// When a code created at `now` expires: now truncated to whole seconds, plus 24 hours.
Timestamp redeem_code_expiry(Timestamp now);

}  // namespace exchange
