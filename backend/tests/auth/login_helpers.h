#pragma once
// WebSocket logins with real tokens, and reading a token's claims, for the auth tests.

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "ws_client.h"

namespace exchange::auth::testing {

using exchange::testing::ServerMessage;
using exchange::testing::WsClient;

// Sends Authenticate{jwt, id_jwt} (request id "login") and returns every message up to and
// including ActingAs or RequestFailed.
std::vector<ServerMessage> ws_login(WsClient& client, const std::string& jwt,
                                    const std::string& id_jwt = {});

// The claims of a token, without verifying it.
boost::json::object claims_of(const std::string& token);

// The account id of a successful login, or 0.
int64_t account_of(const std::vector<ServerMessage>& snapshot);
// The refusal message of a failed login, or "".
std::string refusal_of(const std::vector<ServerMessage>& snapshot);
// The login user's total balance in its Portfolios snapshot.
double balance_of(const std::vector<ServerMessage>& snapshot);

}  // namespace exchange::auth::testing
