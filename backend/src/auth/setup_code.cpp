#include "auth/setup_code.h"

#include <sodium.h>

#include <stdexcept>

namespace exchange::auth {
namespace {

constexpr std::string_view kAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // 31 symbols
constexpr int kGroups = 3;
constexpr int kGroupChars = 4;

}  // namespace

std::string new_setup_code() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::string code;
  for (int group = 0; group < kGroups; ++group) {
    if (group > 0) code += '-';
    for (int i = 0; i < kGroupChars; ++i) {
      // randombytes_uniform has no modulo bias.
      code += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
    }
  }
  return code;
}

std::string canonical_setup_code(std::string_view code) {
  std::string canonical;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    canonical += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return canonical;
}

SetupCode::SetupCode(std::string code)
    : code_(code.empty() ? new_setup_code() : std::move(code)),
      canonical_(canonical_setup_code(code_)) {
  if (canonical_.size() < kMinSetupCodeChars) {
    throw std::invalid_argument("--setup-code must have at least 12 letters or digits");
  }
}

std::optional<std::string> SetupCode::pending() const {
  std::lock_guard lock(mutex_);
  if (spent_) return std::nullopt;
  return code_;
}

bool SetupCode::matches(std::string_view given) const {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  {
    std::lock_guard lock(mutex_);
    if (spent_) return false;
  }
  const std::string candidate = canonical_setup_code(given);
  // The length is no secret; the content is compared in constant time.
  return candidate.size() == canonical_.size() &&
         sodium_memcmp(candidate.data(), canonical_.data(), canonical_.size()) == 0;
}

void SetupCode::spend() {
  std::lock_guard lock(mutex_);
  spent_ = true;
}

}  // namespace exchange::auth
