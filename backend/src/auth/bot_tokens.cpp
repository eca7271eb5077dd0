#include "auth/bot_tokens.h"

#include <openssl/evp.h>
#include <sodium.h>
#include <sqlite3.h>

#include <array>
#include <stdexcept>

#include "auth/account_name.h"
#include "auth/base64url.h"

namespace exchange::auth {
namespace {

constexpr size_t kTokenRandomBytes = 32;
// A well-formed token is exactly this long; anything else is refused without a lookup.
constexpr size_t kTokenLength = kBotTokenPrefix.size() + 43;

std::string sha256_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  std::string hex(2 * length + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest, length);
  hex.pop_back();
  return hex;
}

std::optional<int64_t> optional_int(const store::Statement& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return row.int_at(column);
}

}  // namespace

std::variant<CreatedBotToken, std::string> BotTokens::create(const std::string& subject,
                                                             std::string_view raw_name) {
  NameCheck name = check_account_name(raw_name);
  if (!name.error.empty()) return name.error;
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::array<char, kTokenRandomBytes> random{};
  randombytes_buf(random.data(), random.size());
  CreatedBotToken created;
  created.token = std::string(kBotTokenPrefix) +
                  base64url_encode(std::string_view(random.data(), random.size()));
  created.info.name = name.name;
  created.info.created_at = unix_now();
  const std::string hash = sha256_hex(created.token);
  bool full = false;
  db_.with([&](store::Database& database) {
    store::in_transaction(database, [&] {
      store::Statement count =
          database.prepare("SELECT COUNT(*) FROM auth_bot_token WHERE subject = ?");
      count.bind(1, subject);
      count.step();
      full = static_cast<size_t>(count.int_at(0)) >= kMaxBotTokensPerUser;
      count.reset();
      if (full) return;
      store::Statement insert = database.prepare(
          "INSERT INTO auth_bot_token (subject, name, token_hash, created_at) VALUES (?, ?, ?, ?)");
      insert.bind(1, subject)
          .bind(2, created.info.name)
          .bind(3, hash)
          .bind(4, created.info.created_at);
      insert.run();
      created.info.id = sqlite3_last_insert_rowid(database.handle());
    });
  });
  if (full) return "Too many bot tokens (at most 50); revoke one first";
  return created;
}

std::vector<BotTokenInfo> BotTokens::list(const std::string& subject) {
  return db_.with([&](store::Database& database) {
    std::vector<BotTokenInfo> tokens;
    store::Statement query = database.prepare(
        "SELECT id, name, created_at, last_used_at FROM auth_bot_token WHERE subject = ? "
        "ORDER BY id");
    query.bind(1, subject);
    while (query.step()) {
      tokens.push_back({query.int_at(0), std::string(query.text_at(1)), query.int_at(2),
                        optional_int(query, 3)});
    }
    return tokens;
  });
}

bool BotTokens::revoke(const std::string& subject, int64_t id) {
  return db_.with([&](store::Database& database) {
    store::Statement remove =
        database.prepare("DELETE FROM auth_bot_token WHERE id = ? AND subject = ?");
    remove.bind(1, id).bind(2, subject).run();
    return sqlite3_changes(database.handle()) > 0;
  });
}

std::optional<messaging::Identity> BotTokens::verify(std::string_view token) {
  if (!is_bot_token(token) || token.size() != kTokenLength) return std::nullopt;
  const std::string hash = sha256_hex(token);
  return db_.with([&](store::Database& database) -> std::optional<messaging::Identity> {
    store::Statement query = database.prepare(
        "SELECT t.id, t.subject, u.name FROM auth_bot_token t "
        "LEFT JOIN auth_user u ON u.subject = t.subject WHERE t.token_hash = ?");
    query.bind(1, hash);
    if (!query.step()) return std::nullopt;
    const int64_t id = query.int_at(0);
    messaging::Identity identity{std::string(query.text_at(1)), std::string(query.text_at(2)), false};
    query.reset();
    store::Statement used =
        database.prepare("UPDATE auth_bot_token SET last_used_at = ? WHERE id = ?");
    used.bind(1, unix_now()).bind(2, id).run();
    return identity;
  });
}

}  // namespace exchange::auth
