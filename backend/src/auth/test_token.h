#pragma once
// The test bypass of protocol.md 6.4, accepted only with --insecure-test-auth:
// "test::<subject>::<name>::<is_admin>"; admin iff the last part is exactly "true".

#include <optional>
#include <string_view>

#include "messaging/inbound.h"

namespace exchange::auth {

bool is_test_token(std::string_view token);
// nullopt for a test token with the wrong number of parts.
std::optional<messaging::Identity> parse_test_token(std::string_view token);

}  // namespace exchange::auth
