#pragma once
// The HTTP API of cohorts (cohorts.md section 7): /api/cohorts and /api/users/me for everyone
// signed in, /api/admin/... for global admins. Bearer access tokens as the WebSocket accepts
// them; error bodies are plain text with the reference's wording where clients match on it.

#include <filesystem>

#include "app/cohort_registry.h"
#include "auth/authentication.h"
#include "cohorts/directory.h"
#include "net/server.h"

namespace exchange::app {

struct CohortRouteEnv {
  const auth::Authentication* auth;
  cohorts::Directory* directory;
  CohortRegistry* registry;
  std::filesystem::path data_dir;
};

void add_cohort_routes(net::Server& server, CohortRouteEnv env);
// The /api/admin/... routes (admin_routes.cpp).
void add_admin_routes(net::Server& server, CohortRouteEnv env);

}  // namespace exchange::app
