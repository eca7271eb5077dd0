#pragma once
// The test bypass of protocol.md 6.4, accepted only with --insecure-test-auth:
// "test::<subject>::<name>::<is_admin>[::<email>[::<join_cohort>]]" (cohorts.md 3.1); admin
// iff <is_admin> is exactly "true"; further parts are ignored.

#include <optional>
#include <string_view>

#include "messaging/inbound.h"

namespace exchange::auth {

bool is_test_token(std::string_view token);
// nullopt for a test token with fewer than four parts.
std::optional<messaging::Identity> parse_test_token(std::string_view token);
// A test token joins the cohort it logs in to (dev-mode enrolment, cohorts.md 3.4 step 2)
// unless its sixth part is exactly "false" (then the connection may be a guest).
bool test_token_joins_cohort(std::string_view token);

}  // namespace exchange::auth
