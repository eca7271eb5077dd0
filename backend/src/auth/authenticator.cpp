#include "auth/authenticator.h"

#include "auth/test_token.h"

namespace exchange::auth {

Authenticator::Authenticator(std::shared_ptr<const TokenVerifier> verifier, BotTokens* bot_tokens,
                             bool accept_test_tokens)
    : verifier_(std::move(verifier)),
      bot_tokens_(bot_tokens),
      accept_test_tokens_(accept_test_tokens) {}

std::optional<messaging::Identity> Authenticator::verify_login(std::string_view jwt,
                                                            std::string_view id_jwt) const {
  if (is_test_token(jwt)) {
    return accept_test_tokens_ ? parse_test_token(jwt) : std::nullopt;
  }
  if (BotTokens::is_bot_token(jwt)) {
    return bot_tokens_ ? bot_tokens_->verify(jwt) : std::nullopt;
  }
  return verifier_->verify_login(jwt, id_jwt);
}

std::optional<messaging::Identity> Authenticator::verify_bearer(std::string_view access_token) const {
  if (BotTokens::is_bot_token(access_token)) return std::nullopt;
  return verify_login(access_token, {});
}

}  // namespace exchange::auth
