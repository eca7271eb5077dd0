#pragma once
// A WebSocket login to a cohort (cohorts.md 3.2-3.5): the tokens are verified, the person is
// resolved in the global database (admin flag synced), and admitted to the cohort as a member
// (admins and test tokens enrolled silently), as a guest (auctions enabled), or refused. The
// identity handed to the exchange then says which, with the person's display name and the
// membership's initial balance.

#include "app/cohort_registry.h"
#include "auth/authentication.h"
#include "cohorts/directory.h"
#include "net/server.h"

namespace exchange::app {

// Runs on a worker thread (it reads and writes the global database).
net::LoginCheck admit_login(const auth::Authentication& auth, cohorts::Directory& directory,
                            const CohortRegistry& registry, messaging::CohortId cohort,
                            const websocket_api::Authenticate& request);

// The identity a built-in registration or a start-up provisioning opens an account with: the
// person is resolved and made a member of the default cohort (so that a single class keeps
// working as before: register, then trade). nullopt without a default cohort.
std::optional<messaging::Identity> enrol_in_default_cohort(cohorts::Directory& directory,
                                                           const CohortRegistry& registry,
                                                           const messaging::Identity& identity,
                                                           messaging::CohortId* cohort);

}  // namespace exchange::app
