#pragma once
// HTTP work on people's cohort accounts (cohorts.md 3.5, 3.6, 7.3), carried out by each cohort's
// exchange as account commands (messaging/account_command.h) and answered once committed:
//   - renames: the global display name and the person's account in every cohort where they are
//     a member (read-only and unloaded cohorts skipped), suffixed names only when confirmed;
//   - placeholders: an account per pre-registered e-mail, so an instructor can fund a student
//     before the first login.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/cohort_routes.h"
#include "net/http_handler.h"

namespace exchange::app {

// PUT .../display-name for `person` (the caller, or any person for an admin); a missing
// person is answered 404 with `not_found`, after the body's own checks (the reference's order).
net::HttpResponse rename_person(const CohortRouteEnv& env, const net::HttpRequest& request,
                                const std::optional<cohorts::GlobalUser>& person,
                                std::string_view not_found);

// Opens placeholder accounts in `cohort` for the e-mails (as received: normalised here); one
// that is not needed, or cannot be opened, is skipped. Nothing for a read-only or unloaded
// cohort (10.16: a read-only class changes only at login).
void open_placeholders(const CohortRouteEnv& env, const cohorts::CohortRecord& cohort,
                       const std::vector<std::string>& emails,
                       const std::optional<std::string>& initial_balance);

}  // namespace exchange::app
