#pragma once
// A built-in list of the passwords attackers try first, so the password policy has one even
// where Debian's cracklib word list is not installed.

#include <span>
#include <string_view>

namespace exchange::auth {

// Lower case, no duplicates.
std::span<const std::string_view> builtin_common_passwords();

}  // namespace exchange::auth
