#include "auth/authenticator.h"

#include <algorithm>

#include "auth/test_token.h"

namespace exchange::auth {

Authenticator::Authenticator(std::shared_ptr<const TokenVerifier> verifier, BotTokens* bot_tokens,
                             bool accept_test_tokens, std::vector<std::string> admin_identities)
    : verifier_(std::move(verifier)),
      bot_tokens_(bot_tokens),
      accept_test_tokens_(accept_test_tokens),
      admin_identities_(std::move(admin_identities)) {}

std::optional<messaging::Identity> Authenticator::listed_admin(
    std::optional<messaging::Identity> identity) const {
  if (identity && std::find(admin_identities_.begin(), admin_identities_.end(),
                            identity->subject) != admin_identities_.end()) {
    identity->is_admin = true;
  }
  return identity;
}

std::optional<messaging::Identity> Authenticator::verify_login(std::string_view jwt,
                                                            std::string_view id_jwt) const {
  if (is_test_token(jwt)) {
    return accept_test_tokens_ ? parse_test_token(jwt) : std::nullopt;
  }
  if (BotTokens::is_bot_token(jwt)) {
    return bot_tokens_ ? bot_tokens_->verify(jwt) : std::nullopt;
  }
  return listed_admin(verifier_->verify_login(jwt, id_jwt));
}

std::optional<messaging::Identity> Authenticator::verify_bearer(std::string_view access_token) const {
  if (BotTokens::is_bot_token(access_token)) return std::nullopt;
  if (is_test_token(access_token)) return verify_login(access_token, {});
  return listed_admin(verifier_->verify_access(access_token, /*read_email=*/true));
}

std::optional<IdTokenClaims> Authenticator::verify_id_token(std::string_view access_token,
                                                            std::string_view id_token,
                                                            const messaging::Identity& bearer) const {
  if (is_test_token(access_token)) {
    // Only a test bearer (so test tokens are accepted) may come with a test id token.
    if (!accept_test_tokens_ || !is_test_token(id_token)) return std::nullopt;
    std::optional<messaging::Identity> id = parse_test_token(id_token);
    if (!id || id->subject != bearer.subject) return std::nullopt;
    return IdTokenClaims{std::move(id->name), std::move(id->email)};
  }
  return verifier_->verify_id_token(id_token, bearer.subject);
}

}  // namespace exchange::auth
