#pragma once
// Long-lived bot tokens: "bot_" + 43 base64url characters (256 random bits). A bot sends one
// in Authenticate.jwt and acts as the user who made it. Only the token's SHA-256 is stored, so
// a leaked database does not leak usable tokens; a deleted (revoked) token no longer logs in.
// A bot token never carries admin rights, and cannot be used to manage bot tokens.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "auth/auth_database.h"
#include "messaging/inbound.h"

namespace exchange::auth {

constexpr std::string_view kBotTokenPrefix = "bot_";
constexpr size_t kMaxBotTokensPerUser = 50;

struct BotTokenInfo {
  int64_t id = 0;
  std::string name;
  int64_t created_at = 0;               // Unix seconds
  std::optional<int64_t> last_used_at;  // Unix seconds of the last login with it
};

struct CreatedBotToken {
  BotTokenInfo info;
  std::string token;  // the secret; shown once
};

class BotTokens {
 public:
  explicit BotTokens(AuthDatabase& db) : db_(db) {}

  static bool is_bot_token(std::string_view token) { return token.starts_with(kBotTokenPrefix); }

  // A new token for `subject`; or the message of why not (invalid name, too many tokens).
  std::variant<CreatedBotToken, std::string> create(const std::string& subject,
                                                    std::string_view name);
  std::vector<BotTokenInfo> list(const std::string& subject);
  // False when `subject` has no token `id`.
  bool revoke(const std::string& subject, int64_t id);
  // The identity a bot token logs in as (subject; name of the built-in user, if any; never
  // admin), recording the use; nullopt for an unknown or revoked token. Throws StoreError.
  std::optional<messaging::Identity> verify(std::string_view token);

 private:
  AuthDatabase& db_;
};

}  // namespace exchange::auth
