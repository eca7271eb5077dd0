#pragma once
// Cash balances of people's accounts in a cohort, read from the cohort's database (what its
// exchange last committed), for the admin pages (cohorts.md 7.3).

#include <map>
#include <string>

#include "app/cohort_routes.h"
#include "net/server.h"

namespace exchange::app {

// Login identity -> balance (exact decimal text) of every person's account in the cohort; empty
// when the cohort is not loaded.
std::map<std::string, std::string> account_balances(const CohortRouteEnv& env,
                                                    const cohorts::CohortRecord& cohort);
// The JSON number of a stored balance (doubles only at the boundary).
double balance_number(const std::string& text);
// GET /api/admin/balances.
net::HttpResponse all_balances(const CohortRouteEnv& env, const net::HttpRequest& request);

}  // namespace exchange::app
