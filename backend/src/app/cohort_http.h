#pragma once
// What the cohort routes share: bearer authentication with the reference's answers (7.1), the
// admin check, JSON shapes of cohorts and people, and plain-text errors.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "app/cohort_routes.h"
#include "net/http_handler.h"

namespace exchange::app {

// The caller's identity, or the 401 answer (missing header / bad token).
struct Caller {
  std::optional<messaging::Identity> identity;
  net::HttpResponse refusal;
};
// With `read_id_token` (GET /api/cohorts only), a valid X-ID-Token header supplies the name
// and e-mail (cohorts.md 7.3).
Caller authenticate(const CohortRouteEnv& env, const net::HttpRequest& request,
                    bool read_id_token = false);
// check_admin of 7.1: the caller's person with the token's admin role synced; nullopt: 403.
std::optional<cohorts::GlobalUser> check_admin(const CohortRouteEnv& env,
                                               const messaging::Identity& identity);

net::HttpResponse plain(const net::HttpRequest& request, net::http::status status,
                        std::string body);
net::HttpResponse ok_empty(const net::HttpRequest& request);
net::HttpResponse ok_json(const net::HttpRequest& request, const boost::json::value& body);

// CohortInfo (7.2); `with_path` adds db_path, which only admins see (10.13).
boost::json::object cohort_json(const cohorts::CohortRecord& cohort, bool with_path);
boost::json::object person_json(const cohorts::GlobalUser& person);

// Runs `body(identity)` for an authenticated caller.
template <class Body>
net::HttpResponse as_caller(const CohortRouteEnv& env, const net::HttpRequest& request,
                            Body&& body, bool read_id_token = false) {
  Caller caller = authenticate(env, request, read_id_token);
  if (!caller.identity) return std::move(caller.refusal);
  return body(*caller.identity);
}

// Runs `body(person)` for an authenticated global admin; 403 "Admin access required" otherwise.
template <class Body>
net::HttpResponse as_admin(const CohortRouteEnv& env, const net::HttpRequest& request,
                           Body&& body) {
  return as_caller(env, request, [&](const messaging::Identity& identity) {
    std::optional<cohorts::GlobalUser> admin = check_admin(env, identity);
    if (!admin) return plain(request, net::http::status::forbidden, "Admin access required");
    return body(*admin);
  });
}

}  // namespace exchange::app
