#pragma once
// Validation of a request's strings and lists against input_limits.h, answering the refusal.
// Each check returns false after sending the RequestFailed (whose message names the field
// and its limit), true when the input is acceptable.

#include <string>
#include <string_view>

#include "api/request.h"

namespace exchange::api {

// What an empty (or all-whitespace) name means for a field.
enum class EmptyName {
  kRefuse,   // "<field> must not be empty"
  kAllow,    // stored as "" (market names: rules.md allows them)
  kAccountName,  // the protocol's "Account name cannot be empty" (CreateAccount, and
                 // CreateUniverse, whose reference reuses the text)
};

// A name: trimmed, NFKC-normalised, without control, invisible or bidi characters, at most
// kMaxNameChars. On success `normalised` holds the form to store.
bool check_name(const Request& request, std::string_view kind, std::string_view field,
                std::string_view raw, std::string& normalised,
                EmptyName empty = EmptyName::kRefuse);
// A description or note: valid UTF-8 of at most `max_chars` characters, no control characters
// but line breaks and tabs.
bool check_text(const Request& request, std::string_view kind, std::string_view field,
                std::string_view raw, size_t max_chars);
// A list of at most `max_items` entries.
bool check_count(const Request& request, std::string_view kind, std::string_view field,
                 size_t count, size_t max_items);

}  // namespace exchange::api
