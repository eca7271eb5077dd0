#pragma once
// What a new password must be, after NIST SP 800-63B (5.1.1.2): long enough, not absurdly
// long, and not one an attacker tries first: not the user's own name, not a common password
// or dictionary word (a built-in list plus Debian's cracklib word list when installed), not
// one character repeated or a keyboard/alphabet/digit run. No composition rules (they make
// passwords harder to remember, not to guess).

#include <cstddef>
#include <string>
#include <string_view>

namespace exchange::auth {

constexpr size_t kMinPasswordChars = 8;
constexpr size_t kMaxPasswordBytes = 1024;
// Debian's cracklib-runtime word list; used when present.
constexpr const char* kCrackWordList = "/usr/share/dict/cracklib-small";

// The message for an unacceptable new password, or empty. `user_name` is the (canonical) name
// the password is for. Thread-safe; the first call reads the word list.
std::string check_new_password(std::string_view password, std::string_view user_name);

// True iff `password` (compared case-insensitively) is a known common password or word.
bool is_common_password(std::string_view password);

}  // namespace exchange::auth
