#include "auth/password_hash.h"

#include <sodium.h>

#include <array>
#include <mutex>
#include <stdexcept>

namespace exchange::auth {
namespace {

struct Limits {
  unsigned long long ops;
  size_t memory;
};

// libsodium's argon2id always uses one lane (p=1).
constexpr unsigned long long kOwaspOps = 2;
constexpr size_t kOwaspMemory = size_t{19} << 20;  // 19 MiB = 19456 KiB

Limits limits_of(PasswordCost cost) {
  switch (cost) {
    case PasswordCost::kModerate:
      return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
    case PasswordCost::kInteractive:
      return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
    case PasswordCost::kOwasp:
      return {kOwaspOps, kOwaspMemory};
    case PasswordCost::kMinimum:
      break;
  }
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

void ensure_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

}  // namespace

std::string hash_password(std::string_view password, PasswordCost cost) {
  ensure_sodium();
  const Limits limits = limits_of(cost);
  std::array<char, crypto_pwhash_STRBYTES> hash{};
  if (crypto_pwhash_str_alg(hash.data(), password.data(), password.size(), limits.ops,
                            limits.memory, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("password hashing failed (out of memory?)");
  }
  return std::string(hash.data());
}

bool verify_password(std::string_view hash, std::string_view password) {
  ensure_sodium();
  const std::string terminated(hash);  // crypto_pwhash_str_verify wants a C string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

const std::string& decoy_hash(PasswordCost cost) {
  static std::array<std::once_flag, kPasswordCostCount> made;
  static std::array<std::string, kPasswordCostCount> hashes;
  const auto index = static_cast<size_t>(cost);
  std::call_once(made[index], [&] {
    ensure_sodium();
    std::array<char, 16> random{};
    randombytes_buf(random.data(), random.size());
    hashes[index] = hash_password(std::string_view(random.data(), random.size()), cost);
  });
  return hashes[index];
}

}  // namespace exchange::auth
