#pragma once
// Password hashing with libsodium's argon2id (crypto_pwhash_str): the salt and the cost travel
// inside the stored string, so hashes made with another cost still verify.

#include <string>
#include <string_view>

namespace exchange::auth {

// How expensive a new hash is. kOwasp is OWASP's argon2id recommendation (19 MiB, 2 passes,
// one lane: m=19456 KiB, t=2, p=1), the default: cheap enough in memory that a burst of
// registrations cannot exhaust a small server. kModerate is libsodium's MODERATE (256 MiB,
// about half a second); kInteractive its INTERACTIVE (64 MiB); kMinimum is for tests only.
enum class PasswordCost { kModerate, kInteractive, kMinimum, kOwasp };
constexpr size_t kPasswordCostCount = 4;

// Throws std::runtime_error when hashing fails (out of memory).
std::string hash_password(std::string_view password, PasswordCost cost);
// True iff `password` matches `hash`. A malformed hash matches nothing.
bool verify_password(std::string_view hash, std::string_view password);
// A hash of a random password, for checking against when the name is unknown, so that the
// answer takes as long as for a known name.
const std::string& decoy_hash(PasswordCost cost);

}  // namespace exchange::auth
