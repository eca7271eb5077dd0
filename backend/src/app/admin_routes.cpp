// The /api/admin/... routes of cohorts.md 7.3, with the fixes of its section 10: cohort names
// validated (13), initial balances validated (3), unknown user ids refused before any change and
// only real inserts counted (9), null clears the default cohort (8).
#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>
#include <charconv>
#include <map>

#include "app/cohort_accounts.h"
#include "app/cohort_http.h"
#include "app/cohort_balances.h"
#include "app/login_routes.h"
#include "cohorts/cohort_rules.h"
#include "cohorts/data_dir.h"
#include "net/http_json.h"

namespace exchange::app {
namespace {

namespace http = net::http;
namespace json = boost::json;
using net::HttpRequest;
using net::HttpResponse;

constexpr std::string_view kCohortsPrefix = "/api/admin/cohorts/";
constexpr std::string_view kUsersPrefix = "/api/admin/users/";
constexpr size_t kMaxListedMembers = 1'000;  // e-mails or user ids in one request

std::optional<int64_t> parse_id(std::string_view text) {
  int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc{} || end != text.data() + text.size() || id < 0) return std::nullopt;
  return id;
}

// Splits ".../<a>/<b>/<c>" after the prefix.
std::vector<std::string_view> segments(std::string_view path, std::string_view prefix) {
  std::vector<std::string_view> parts;
  std::string_view rest = path.substr(prefix.size());
  while (!rest.empty()) {
    const size_t slash = rest.find('/');
    parts.push_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  return parts;
}

// One log line per change an admin makes (issue 20): who, and what.
void log_admin(const cohorts::GlobalUser& admin, std::string_view action) {
  spdlog::info("admin {} ({}): {}", admin.id, admin.display_name, action);
}

HttpResponse bad_request(const HttpRequest& request, std::string text) {
  return plain(request, http::status::bad_request, std::move(text));
}

// An optional member that must be a bool when present (null = absent).
bool read_bool(const json::object& body, std::string_view key, std::optional<bool>& out) {
  const json::value* value = body.if_contains(key);
  if (value == nullptr || value->is_null()) return true;
  if (!value->is_bool()) return false;
  out = value->as_bool();
  return true;
}

// "initial_balance": absent or null = none; else a valid decimal string (or number).
bool read_balance(const json::object& body, std::optional<std::string>& out) {
  const json::value* value = body.if_contains("initial_balance");
  if (value == nullptr || value->is_null()) return true;
  std::string text;
  if (value->is_string()) text = std::string(value->as_string());
  else if (value->is_int64()) text = std::to_string(value->as_int64());
  else return false;
  out = cohorts::canonical_initial_balance(text);
  return out.has_value();
}

HttpResponse overview(const CohortRouteEnv& env, const HttpRequest& request) {
  return as_admin(env, request, [&](const cohorts::GlobalUser&) {
    json::array listed;
    std::set<std::filesystem::path> used;
    const std::vector<cohorts::CohortRecord> all = env.directory->cohorts();
    for (const cohorts::CohortRecord& cohort : all) {
      listed.push_back(cohort_json(cohort, /*with_path=*/true));
      used.insert(std::filesystem::weakly_canonical(env.data_dir / cohort.db_path));
    }
    json::array available;  // cohort databases in cohorts/ that no cohort uses
    std::error_code error;
    std::vector<std::string> stems;
    for (const auto& entry : std::filesystem::directory_iterator(env.data_dir / "cohorts", error)) {
      if (entry.path().extension() != ".db") continue;
      if (used.contains(std::filesystem::weakly_canonical(entry.path()))) continue;
      stems.push_back(entry.path().stem().string());
    }
    std::sort(stems.begin(), stems.end());
    for (const std::string& stem : stems) available.push_back(json::string(stem));
    json::array people;
    for (const cohorts::GlobalUser& person : env.directory->people()) {
      json::object row = person_json(person);
      json::array member_of;
      for (const cohorts::CohortRecord& cohort : env.directory->cohorts_of(person.id)) {
        member_of.push_back(json::object{{"cohort_name", cohort.name},
                                         {"cohort_display_name", cohort.display_name}});
      }
      row["cohorts"] = std::move(member_of);
      people.push_back(std::move(row));
    }
    json::object config;
    if (auto id = env.directory->default_cohort_id()) config["default_cohort_id"] = *id;
    else config["default_cohort_id"] = nullptr;
    return ok_json(request, json::object{{"cohorts", std::move(listed)},
                                         {"config", std::move(config)},
                                         {"available_dbs", std::move(available)},
                                         {"users", std::move(people)}});
  });
}

HttpResponse create_cohort(const CohortRouteEnv& env, const HttpRequest& request) {
  return as_admin(env, request, [&](const cohorts::GlobalUser& admin) {
    std::optional<json::object> body = net::json_body(request);
    if (!body) return bad_request(request, "Expected a JSON object");
    std::optional<std::string> name = net::string_member(*body, "name");
    std::optional<std::string> display_name = net::string_member(*body, "display_name");
    std::optional<bool> existing;
    if (!name || !display_name || !read_bool(*body, "existing_db", existing)) {
      return bad_request(request, "Expected name, display_name and optionally existing_db");
    }
    if (std::optional<std::string> problem = cohorts::cohort_name_problem(*name)) {
      return bad_request(request, *problem);
    }
    if (display_name->empty() || display_name->size() > 100) {
      return bad_request(request, "Display name must be 1 to 100 characters");
    }
    const std::string db_path = cohorts::cohort_database_path(*name);
    const std::filesystem::path file = env.data_dir / db_path;
    const bool exists = std::filesystem::exists(file);
    if (existing.value_or(false) && !exists) {
      return bad_request(request, "Database file not found: " + db_path);
    }
    if (!existing.value_or(false) && exists) {
      return bad_request(request, "Database file already exists: " + db_path +
                                      ". Check 'Use existing database' to adopt it.");
    }
    std::optional<cohorts::CohortRecord> added =
        env.directory->add_cohort(*name, *display_name, db_path);
    if (!added) return plain(request, http::status::conflict, "Cohort name already exists");
    try {
      env.registry->open(*added, /*create=*/true);
    } catch (const std::exception& error) {
      env.directory->remove_cohort(added->id);
      return plain(request, http::status::internal_server_error, error.what());
    }
    log_admin(admin, "created cohort " + added->name);
    return ok_json(request, cohort_json(*added, /*with_path=*/true));
  });
}

HttpResponse update_cohort(const CohortRouteEnv& env, const HttpRequest& request,
                           const std::string& name) {
  std::optional<json::object> body = net::json_body(request);
  if (!body) return bad_request(request, "Expected a JSON object");
  std::optional<std::string> display_name = net::string_member(*body, "display_name");
  std::optional<bool> read_only, auctions;
  if (!read_bool(*body, "is_read_only", read_only) ||
      !read_bool(*body, "auctions_enabled", auctions)) {
    return bad_request(request, "is_read_only and auctions_enabled must be true or false");
  }
  if (display_name && (display_name->empty() || display_name->size() > 100)) {
    return bad_request(request, "Display name must be 1 to 100 characters");
  }
  if (!env.directory->update_cohort(name, display_name, read_only, auctions)) {
    return plain(request, http::status::not_found, "Cohort not found");
  }
  const cohorts::CohortRecord updated = *env.directory->cohort(name);
  env.registry->set_flags(updated.id, updated.is_read_only, updated.auctions_enabled);
  return ok_empty(request);
}

HttpResponse list_members(const CohortRouteEnv& env, const HttpRequest& request,
                          const cohorts::CohortRecord& cohort) {
  const std::map<std::string, std::string> balances = account_balances(env, cohort);
  json::array listed;
  for (const cohorts::Member& member : env.directory->members(cohort.id)) {
    json::object row;
    row["id"] = member.id;
    row["cohort_id"] = member.cohort_id;
    if (member.global_user_id) row["global_user_id"] = *member.global_user_id; else row["global_user_id"] = nullptr;
    if (member.email) row["email"] = *member.email; else row["email"] = nullptr;
    if (member.display_name) row["display_name"] = *member.display_name; else row["display_name"] = nullptr;
    if (member.initial_balance) row["initial_balance"] = *member.initial_balance; else row["initial_balance"] = nullptr;
    auto balance = member.subject ? balances.find(*member.subject) : balances.end();
    if (balance != balances.end()) row["balance"] = balance_number(balance->second); else row["balance"] = nullptr;
    listed.push_back(std::move(row));
  }
  return ok_json(request, listed);
}

HttpResponse add_members(const CohortRouteEnv& env, const HttpRequest& request,
                         const cohorts::CohortRecord& cohort) {
  std::optional<json::object> body = net::json_body(request);
  if (!body) return bad_request(request, "Expected a JSON object");
  std::vector<std::string> emails;
  std::vector<int64_t> user_ids;
  std::optional<std::string> balance;
  if (!read_balance(*body, balance)) return bad_request(request, "Invalid amount");
  if (const json::value* list = body->if_contains("emails"); list && !list->is_null()) {
    if (!list->is_array() || list->as_array().size() > kMaxListedMembers) {
      return bad_request(request, "emails must be a list of at most 1000 strings");
    }
    for (const json::value& email : list->as_array()) {
      if (!email.is_string() || email.as_string().size() > 254) {
        return bad_request(request, "emails must be a list of e-mail addresses");
      }
      emails.emplace_back(email.as_string());
    }
  }
  if (const json::value* list = body->if_contains("user_ids"); list && !list->is_null()) {
    if (!list->is_array() || list->as_array().size() > kMaxListedMembers) {
      return bad_request(request, "user_ids must be a list of at most 1000 ids");
    }
    for (const json::value& id : list->as_array()) {
      if (!id.is_int64()) return bad_request(request, "user_ids must be a list of ids");
      if (!env.directory->person(id.as_int64())) {
        return plain(request, http::status::not_found, "User not found");
      }
      user_ids.push_back(id.as_int64());
    }
  }
  const cohorts::AddedMembers counts = env.directory->add_members(cohort.id, emails, user_ids, balance);
  open_placeholders(env, cohort, emails, balance);
  return ok_json(request, json::object{{"added", counts.added},
                                       {"already_existing", counts.already_existing}});
}

HttpResponse cohort_subroute(const CohortRouteEnv& env, const HttpRequest& request) {
  return as_admin(env, request, [&](const cohorts::GlobalUser& admin) {
    const std::vector<std::string_view> parts =
        segments(net::target_path(request.target()), kCohortsPrefix);
    if (parts.empty() || parts.size() > 3 || (parts.size() >= 2 && parts[1] != "members")) {
      return plain(request, http::status::not_found, "");
    }
    const std::string name(parts[0]);
    const http::verb method = request.method();
    if (parts.size() == 1) {
      if (method != http::verb::put) return plain(request, http::status::method_not_allowed, "");
      HttpResponse updated = update_cohort(env, request, name);
      if (updated.result() == http::status::ok) log_admin(admin, "changed cohort " + name);
      return updated;
    }
    std::optional<cohorts::CohortRecord> cohort = env.directory->cohort(name);
    if (!cohort) return plain(request, http::status::not_found, "Cohort not found");
    if (parts.size() == 2) {
      if (method == http::verb::get) return list_members(env, request, *cohort);
      if (method == http::verb::post) {
        HttpResponse added = add_members(env, request, *cohort);
        if (added.result() == http::status::ok) log_admin(admin, "added members to " + name);
        return added;
      }
      return plain(request, http::status::method_not_allowed, "");
    }
    const std::optional<int64_t> member_id = parse_id(parts[2]);
    if (!member_id) return bad_request(request, "Invalid member id");
    if (method == http::verb::delete_) {
      env.directory->remove_member(cohort->id, *member_id);
      log_admin(admin, "removed member " + std::to_string(*member_id) + " from " + name);
      return ok_empty(request);
    }
    if (method != http::verb::put) return plain(request, http::status::method_not_allowed, "");
    std::optional<json::object> body = net::json_body(request);
    std::optional<std::string> balance;
    if (!body || !read_balance(*body, balance)) return bad_request(request, "Invalid amount");
    if (!env.directory->set_member_balance(cohort->id, *member_id, balance)) {
      return plain(request, http::status::not_found, "Member not found in cohort");
    }
    log_admin(admin, "set the initial balance of member " + std::to_string(*member_id) + " in " +
                         name);
    return ok_empty(request);
  });
}

HttpResponse user_subroute(const CohortRouteEnv& env, const HttpRequest& request) {
  return as_admin(env, request, [&](const cohorts::GlobalUser& admin) {
    const std::vector<std::string_view> parts =
        segments(net::target_path(request.target()), kUsersPrefix);
    const std::optional<int64_t> id = parts.empty() ? std::nullopt : parse_id(parts[0]);
    if (!id || parts.size() > 2) return plain(request, http::status::not_found, "");
    const http::verb method = request.method();
    if (parts.size() == 1) {
      if (method != http::verb::delete_) return plain(request, http::status::method_not_allowed, "");
      env.directory->delete_person(*id);
      log_admin(admin, "deleted person " + std::to_string(*id));
      return ok_empty(request);
    }
    if (parts[1] != "admin" && parts[1] != "display-name") {
      return plain(request, http::status::not_found, "");
    }
    if (method != http::verb::put) return plain(request, http::status::method_not_allowed, "");
    if (parts[1] == "display-name") {
      return rename_person(env, request, env.directory->person(*id), "User not found");
    }
    std::optional<json::object> body = net::json_body(request);
    std::optional<bool> granted;
    if (!body || !read_bool(*body, "is_admin", granted) || !granted) {
      return bad_request(request, "Expected {\"is_admin\": true or false}");
    }
    switch (env.directory->set_admin_grant(*id, *granted)) {
      case cohorts::Directory::GrantResult::kDone:
        log_admin(admin, (*granted ? "granted admin to person " : "revoked admin of person ") +
                             std::to_string(*id));
        return ok_empty(request);
      case cohorts::Directory::GrantResult::kNoSuchUser:
        // The reference answers 200 to a grant for nobody; a revoke is 404.
        return *granted ? ok_empty(request) : plain(request, http::status::not_found, "User not found");
      case cohorts::Directory::GrantResult::kProviderAdmin:
        return plain(request, http::status::conflict,
                     "Cannot revoke admin: this user has the Kinde admin role. Revoke the role "
                     "in Kinde instead.");
    }
    return ok_empty(request);
  });
}

HttpResponse set_config(const CohortRouteEnv& env, const HttpRequest& request) {
  return as_admin(env, request, [&](const cohorts::GlobalUser& admin) {
    std::optional<json::object> body = net::json_body(request);
    if (!body) return bad_request(request, "Expected a JSON object");
    const json::value* value = body->if_contains("default_cohort_id");
    if (value == nullptr) return ok_empty(request);
    if (value->is_null()) {  // clears the default (cohorts.md 10.8)
      env.directory->set_default_cohort_id(std::nullopt);
      env.registry->set_default(std::nullopt);
      log_admin(admin, "cleared the default cohort");
      return ok_empty(request);
    }
    if (!value->is_int64() || !env.directory->cohort(value->as_int64())) {
      return bad_request(request, "default_cohort_id must be a cohort's id or null");
    }
    env.directory->set_default_cohort_id(value->as_int64());
    env.registry->set_default(value->as_int64());
    log_admin(admin, "set the default cohort to " + std::to_string(value->as_int64()));
    return ok_empty(request);
  });
}

template <class Handler>
void add(net::Server& server, http::verb method, std::string path, const CohortRouteEnv& env,
         Handler handler, bool prefix = false) {
  auto route = [env, handler](const HttpRequest& request, const net::HttpContext&) {
    return handler(env, request);
  };
  if (prefix) server.add_prefix_route(method, std::move(path), route, net::RunOn::kWorker);
  else server.add_route(method, std::move(path), route, net::RunOn::kWorker);
}

}  // namespace

void add_admin_routes(net::Server& server, CohortRouteEnv env) {
  add(server, http::verb::get, "/api/admin/overview", env, overview);
  add(server, http::verb::post, "/api/admin/cohorts", env, create_cohort);
  add(server, http::verb::get, "/api/admin/balances", env, all_balances);
  add(server, http::verb::put, "/api/admin/config", env, set_config);
  for (http::verb method : {http::verb::get, http::verb::put, http::verb::post, http::verb::delete_}) {
    add(server, method, std::string(kCohortsPrefix), env, cohort_subroute, /*prefix=*/true);
  }
  for (http::verb method : {http::verb::put, http::verb::delete_}) {
    add(server, method, std::string(kUsersPrefix), env, user_subroute, /*prefix=*/true);
  }
  add_preflight_route(server, "/api/admin/", /*prefix=*/true);
}

}  // namespace exchange::app
