// GET /api/cohorts and GET /api/users/me (cohorts.md 7.3); the admin routes are in
// admin_routes.cpp.
#include <boost/json/array.hpp>

#include "app/cohort_accounts.h"
#include "app/cohort_http.h"
#include "app/login_routes.h"

namespace exchange::app {
namespace {

namespace http = net::http;

net::HttpResponse list_cohorts(const CohortRouteEnv& env, const net::HttpRequest& request) {
  return as_caller(env, request, [&](const messaging::Identity& identity) {
    const cohorts::GlobalUser person = env.directory->resolve_person(
        cohorts::PersonClaims{identity.subject, identity.name, identity.email, identity.is_admin});
    const bool admin = person.is_admin();
    boost::json::array listed;
    boost::json::array public_auctions;
    std::optional<std::string> default_name;
    const std::optional<int64_t> default_id = env.directory->default_cohort_id();
    for (const cohorts::CohortRecord& cohort : env.directory->cohorts()) {
      if (default_id == cohort.id) default_name = cohort.name;
      const bool member = env.directory->membership(cohort.id, person.id).has_value();
      if (admin || member) {
        listed.push_back(cohort_json(cohort, /*with_path=*/false));
      } else if (cohort.auctions_enabled) {
        public_auctions.push_back(boost::json::string(cohort.name));
      }
    }
    boost::json::object body;
    body["cohorts"] = std::move(listed);
    body["public_auction_cohorts"] = std::move(public_auctions);
    if (default_name) body["default_cohort"] = *default_name; else body["default_cohort"] = nullptr;
    return ok_json(request, body);
  }, /*read_id_token=*/true);
}

net::HttpResponse my_user(const CohortRouteEnv& env, const net::HttpRequest& request) {
  return as_caller(env, request, [&](const messaging::Identity& identity) {
    std::optional<cohorts::GlobalUser> person = env.directory->person_by_subject(identity.subject);
    if (!person) {
      return plain(request, http::status::not_found, "User not found; load the app first");
    }
    boost::json::object body;
    body["id"] = person->id;
    body["display_name"] = person->display_name;
    if (person->email) body["email"] = *person->email; else body["email"] = nullptr;
    body["is_admin"] = person->is_admin();
    return ok_json(request, body);
  });
}

net::HttpResponse rename_me(const CohortRouteEnv& env, const net::HttpRequest& request) {
  return as_caller(env, request, [&](const messaging::Identity& identity) {
    return rename_person(env, request, env.directory->person_by_subject(identity.subject),
                         "User not found; load the app before updating your display name");
  });
}

}  // namespace

void add_cohort_routes(net::Server& server, CohortRouteEnv env) {
  // They read and write the global database: on the worker pool, never an I/O thread.
  server.add_route(
      http::verb::get, "/api/cohorts",
      [env](const net::HttpRequest& request, const net::HttpContext&) {
        return list_cohorts(env, request);
      },
      net::RunOn::kWorker);
  server.add_route(
      http::verb::get, "/api/users/me",
      [env](const net::HttpRequest& request, const net::HttpContext&) {
        return my_user(env, request);
      },
      net::RunOn::kWorker);
  server.add_route(
      http::verb::put, "/api/users/me/display-name",
      [env](const net::HttpRequest& request, const net::HttpContext&) {
        return rename_me(env, request);
      },
      net::RunOn::kWorker);
  add_preflight_route(server, "/api/cohorts");
  add_preflight_route(server, "/api/users/me/display-name");
  add_preflight_route(server, "/api/users/me");
  add_admin_routes(server, env);
}

}  // namespace exchange::app
