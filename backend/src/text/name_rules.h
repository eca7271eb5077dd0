#pragma once
// The rules every name people see is held to (user and account names, alts, markets,
// auctions): one canonical spelling per name, and nothing that hides what the name says.
//
// check_name() gives the canonical spelling: surrounding whitespace trimmed, Unicode NFKC
// (so full-width, ligature and other compatibility forms become their plain letters), inner
// whitespace runs collapsed to one space. It refuses what would let a name look like another
// or like nothing: control, format (zero-width, bidi embeddings/overrides/isolates, LRM/RLM),
// line/paragraph separators, private-use, unassigned and noncharacter code points, and runs
// of more than kMaxCombiningRun combining marks, counted decomposed (zalgo).
//
// name_key() is what uniqueness compares: two names with the same key look alike (case and
// confusable letters ignored, e.g. Latin "alice" and "аlice" with a Cyrillic а).

#include <cstddef>
#include <string>
#include <string_view>

namespace exchange::text {

constexpr size_t kMaxCombiningRun = 2;

struct NameCheck {
  std::string name;   // the canonical spelling, when valid
  std::string error;  // non-empty when invalid: the message for the user
};

// `field` starts the error messages ("Name", "Market name"); `max_chars` counts code points
// of the canonical spelling.
NameCheck check_name(std::string_view raw, std::string_view field, size_t max_chars);

// The uniqueness key of a name check_name() accepted: case-folded, then reduced to its ICU
// confusable skeleton (UTS #39). Thread-safe.
std::string name_key(std::string_view normalised_name);

}  // namespace exchange::text
