#pragma once
// The naming rules for a login name (which becomes the account's name): surrounding whitespace
// is trimmed; the rest must be non-empty, valid UTF-8 without control characters, and at most
// kMaxNameChars characters. Uniqueness is the store's business.

#include <string>
#include <string_view>

namespace exchange::auth {

constexpr size_t kMaxNameChars = 64;

struct NameCheck {
  std::string name;   // trimmed, when valid
  std::string error;  // non-empty when invalid: the message for the user
};

NameCheck check_account_name(std::string_view raw);

// Number of UTF-8 code points, or npos when `text` is not valid UTF-8.
size_t utf8_length(std::string_view text);

}  // namespace exchange::auth
