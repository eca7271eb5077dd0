#include "login_helpers.h"

#include <boost/json/parse.hpp>

#include "auth/base64url.h"

namespace exchange::auth::testing {

std::vector<ServerMessage> ws_login(WsClient& client, const std::string& jwt,
                                    const std::string& id_jwt) {
  exchange::testing::ClientMessage message;
  message.set_request_id("login");
  message.mutable_authenticate()->set_jwt(jwt);
  message.mutable_authenticate()->set_id_jwt(id_jwt);
  client.send(message);
  std::vector<ServerMessage> messages;
  while (true) {
    ServerMessage next = client.next();
    messages.push_back(next);
    if (next.has_acting_as() || next.has_request_failed()) return messages;
  }
}

boost::json::object claims_of(const std::string& token) {
  const size_t first = token.find('.');
  const size_t second = token.find('.', first + 1);
  auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
  return boost::json::parse(payload.value()).as_object();
}

int64_t account_of(const std::vector<ServerMessage>& snapshot) {
  if (snapshot.empty() || !snapshot.front().has_authenticated()) return 0;
  return snapshot.front().authenticated().account_id();
}

std::string refusal_of(const std::vector<ServerMessage>& snapshot) {
  if (snapshot.empty() || !snapshot.back().has_request_failed()) return {};
  return snapshot.back().request_failed().error_details().message();
}

double balance_of(const std::vector<ServerMessage>& snapshot) {
  const int64_t me = account_of(snapshot);
  for (const ServerMessage& message : snapshot) {
    if (!message.has_portfolios()) continue;
    for (const auto& portfolio : message.portfolios().portfolios()) {
      if (portfolio.account_id() == me) return portfolio.total_balance();
    }
  }
  return -1;
}

}  // namespace exchange::auth::testing
