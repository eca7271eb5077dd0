#pragma once
// The one-time instructor setup code of a fresh built-in-login server. While no built-in user
// is admin, registering with this code (printed on the server's console, so only whoever runs
// the server knows it) creates the admin; a stranger who merely registers first is a normal
// user. Spent by its first successful use.

#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace exchange::auth {

// Groups of four from an alphabet without look-alikes (no 0/O, 1/I/L), e.g. "K7QF-M2XD-9PRT":
// 12 characters, about 59 bits from libsodium's randombytes.
std::string new_setup_code();

// How codes compare: case, dashes and spaces ignored, so a code read off a console and typed
// back still matches.
std::string canonical_setup_code(std::string_view code);

// Codes given by the operator (--setup-code) must be at least this long once canonical.
constexpr size_t kMinSetupCodeChars = 12;

class SetupCode {
 public:
  // `code` as given (--setup-code) or empty for a fresh random one. Throws
  // std::invalid_argument when a given code is too short.
  explicit SetupCode(std::string code);

  // The code, unless spent.
  std::optional<std::string> pending() const;
  // True iff the code is unspent and `given` matches it (constant time).
  bool matches(std::string_view given) const;
  void spend();

  // Serialises the check-create-spend sequence of an admin registration.
  std::mutex& claim_mutex() { return claim_mutex_; }

 private:
  const std::string code_;
  const std::string canonical_;
  mutable std::mutex mutex_;
  bool spent_ = false;
  std::mutex claim_mutex_;
};

}  // namespace exchange::auth
