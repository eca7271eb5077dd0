#include "auth/password_policy.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <mutex>
#include <unordered_set>

#include "auth/common_passwords.h"
#include "text/utf8.h"

namespace exchange::auth {
namespace {

// Shorter cores ("cat" in "cat12345") are too many ordinary passwords to refuse.
constexpr size_t kMinWordChars = 4;
// "abcabcabc", "passpass": one short unit repeated.
constexpr size_t kMaxRepeatedUnit = 4;

std::string lower_ascii(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lowered;
}

// The built-in list and, when installed, cracklib's words: read once, on first use.
const std::unordered_set<std::string>& common_words() {
  static const std::unordered_set<std::string> words = [] {
    std::unordered_set<std::string> loaded;
    for (std::string_view password : builtin_common_passwords()) loaded.emplace(password);
    std::ifstream list(kCrackWordList);
    std::string word;
    while (std::getline(list, word)) {
      if (!word.empty() && word.back() == '\r') word.pop_back();
      if (word.size() >= kMinWordChars) loaded.insert(lower_ascii(word));
    }
    return loaded;
  }();  // a function-local static is initialised once, thread-safely
  return words;
}

bool is_only_whitespace(std::string_view password) {
  size_t offset = 0;
  char32_t code = 0;
  while (text::next_code_point(password, &offset, &code)) {
    if (!u_isUWhiteSpace(static_cast<UChar32>(code))) return false;
  }
  return true;
}

// The password without digits and symbols at its end ("monkey123!" -> "monkey"): appending
// them is the first variation guessers try.
std::string_view without_trailing_decoration(std::string_view lowered) {
  size_t end = lowered.size();
  while (end > 0) {
    const char c = lowered[end - 1];
    const bool decoration = (c >= '0' && c <= '9') ||
                            std::string_view("!@#$%^&*?.,_-+=~").find(c) != std::string_view::npos;
    if (!decoration) break;
    --end;
  }
  return lowered.substr(0, end);
}

bool is_repeated_unit(std::string_view lowered) {
  for (size_t unit = 1; unit <= kMaxRepeatedUnit && unit < lowered.size(); ++unit) {
    bool repeats = true;
    for (size_t i = unit; i < lowered.size() && repeats; ++i) {
      repeats = lowered[i] == lowered[i - unit];
    }
    if (repeats) return true;
  }
  return false;
}

// A run along the alphabet, the digits or a keyboard row, either way.
bool is_sequence(std::string_view lowered) {
  static constexpr std::array<std::string_view, 6> kRuns = {
      "abcdefghijklmnopqrstuvwxyz", "01234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm",
      "1q2w3e4r5t6y7u8i9o0p"};
  for (std::string_view run : kRuns) {
    if (run.find(lowered) != std::string_view::npos) return true;
    std::string reversed(run.rbegin(), run.rend());
    if (reversed.find(lowered) != std::string::npos) return true;
  }
  return false;
}

std::string trimmed_lower(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const size_t last = text.find_last_not_of(" \t");
  return lower_ascii(text.substr(first, last - first + 1));
}

bool is_users_name(const std::string& lowered, std::string_view user_name) {
  const std::string name = trimmed_lower(user_name);
  if (name.empty()) return false;
  const std::string password = trimmed_lower(lowered);
  const std::string reversed(name.rbegin(), name.rend());
  const std::string_view core = without_trailing_decoration(password);
  return password == name || password == reversed || core == name || core == reversed;
}

}  // namespace

bool is_common_password(std::string_view password) {
  const std::string lowered = lower_ascii(password);
  const auto& words = common_words();
  if (words.contains(lowered)) return true;
  const std::string_view core = without_trailing_decoration(lowered);
  return core.size() >= kMinWordChars && words.contains(std::string(core));
}

std::string check_new_password(std::string_view password, std::string_view user_name) {
  if (password.size() > kMaxPasswordBytes) return "Password must be at most 1024 bytes";
  const size_t length = text::utf8_length(password);
  if (length == std::string_view::npos) return "Password must be valid UTF-8";
  if (length < kMinPasswordChars) return "Password must be at least 8 characters";
  if (is_only_whitespace(password)) return "Password must not be only spaces";
  const std::string lowered = lower_ascii(password);
  if (is_users_name(lowered, user_name)) return "Password must not be your name";
  if (is_common_password(password)) return "Password is too common; choose a longer phrase";
  if (is_repeated_unit(lowered) || is_sequence(lowered)) {
    return "Password must not be a repeated or sequential pattern; choose a longer phrase";
  }
  return {};
}

}  // namespace exchange::auth
