#include "app/cohort_http.h"

#include "net/http_json.h"

namespace exchange::app {

namespace http = net::http;

Caller authenticate(const CohortRouteEnv& env, const net::HttpRequest& request,
                    bool read_id_token) {
  const std::optional<std::string_view> token = net::bearer_token(request);
  if (!token) return {std::nullopt, plain(request, http::status::unauthorized, "Missing Authorization header")};
  std::string_view id_token;
  if (read_id_token) {
    if (auto header = request.find("X-ID-Token"); header != request.end()) {
      id_token = header->value();
    }
  }
  std::optional<messaging::Identity> identity = env.auth->verify_bearer(*token, id_token);
  if (!identity) return {std::nullopt, plain(request, http::status::unauthorized, "Bad JWT")};
  return {std::move(identity), {}};
}

std::optional<cohorts::GlobalUser> check_admin(const CohortRouteEnv& env,
                                               const messaging::Identity& identity) {
  std::optional<cohorts::GlobalUser> person =
      env.directory->sync_provider_admin(identity.subject, identity.is_admin);
  if (!person || !person->is_admin()) return std::nullopt;
  return person;
}

net::HttpResponse plain(const net::HttpRequest& request, http::status status, std::string body) {
  net::HttpResponse response = net::text_response(request, status, std::move(body));
  response.set(http::field::cache_control, "no-store");
  return response;
}

net::HttpResponse ok_empty(const net::HttpRequest& request) {
  return plain(request, http::status::ok, "");
}

net::HttpResponse ok_json(const net::HttpRequest& request, const boost::json::value& body) {
  return net::json_response(request, http::status::ok, body);
}

boost::json::object cohort_json(const cohorts::CohortRecord& cohort, bool with_path) {
  boost::json::object object;
  object["id"] = cohort.id;
  object["name"] = cohort.name;
  object["display_name"] = cohort.display_name;
  if (with_path) object["db_path"] = cohort.db_path;
  object["is_read_only"] = cohort.is_read_only;
  object["auctions_enabled"] = cohort.auctions_enabled;
  return object;
}

boost::json::object person_json(const cohorts::GlobalUser& person) {
  boost::json::object object;
  object["id"] = person.id;
  object["kinde_id"] = person.subject;
  object["display_name"] = person.display_name;
  object["is_admin"] = person.is_admin();
  object["is_kinde_admin"] = person.is_provider_admin;
  object["admin_grant"] = person.admin_grant;
  if (person.email) object["email"] = *person.email; else object["email"] = nullptr;
  return object;
}

}  // namespace exchange::app
