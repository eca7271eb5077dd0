#pragma once
// The naming rules for a login name (which becomes the account's name): text::check_name's
// rules (NFKC, trimmed, nothing invisible, no zalgo) with at most kMaxNameChars characters.
// Uniqueness (by text::name_key) is the store's business.

#include <string_view>

#include "text/name_rules.h"
#include "text/utf8.h"

namespace exchange::auth {

constexpr size_t kMaxNameChars = 64;

using text::NameCheck;
using text::utf8_length;

NameCheck check_account_name(std::string_view raw);

}  // namespace exchange::auth
