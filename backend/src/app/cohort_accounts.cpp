#include "app/cohort_accounts.h"

#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>
#include <chrono>
#include <map>

#include "app/cohort_http.h"
#include "auth/account_name.h"
#include "net/http_json.h"

namespace exchange::app {
namespace {

namespace http = net::http;
namespace json = boost::json;
using messaging::AccountCommand;
using Outcome = messaging::AccountCommandResult::Outcome;

// A cohort's exchange answers within a batch; this bounds a stuck one, not a busy one.
constexpr auto kCommandWait = std::chrono::seconds(30);

// Hands the command to the cohort's exchange; its committed result, or nullopt when the cohort
// is not loaded, has stopped, or did not answer in time.
class PendingCommand {
 public:
  PendingCommand(CohortRegistry& registry, messaging::CohortId cohort, AccountCommand command) {
    auto shared = std::make_shared<AccountCommand>(std::move(command));
    result_ = shared->done.get_future();
    messaging::Inbound input;
    input.kind = messaging::Inbound::Kind::kAccountCommand;
    input.cohort = cohort;
    input.command = std::move(shared);
    submitted_ = registry.submit(std::move(input));
  }
  std::optional<messaging::AccountCommandResult> wait() {
    if (!submitted_ || result_.wait_for(kCommandWait) != std::future_status::ready) {
      return std::nullopt;
    }
    try {
      return result_.get();
    } catch (const std::future_error&) {
      return std::nullopt;  // dropped unprocessed: the exchange stopped
    }
  }

 private:
  std::future<messaging::AccountCommandResult> result_;
  bool submitted_ = false;
};

AccountCommand command(AccountCommand::Kind kind, std::string subject, std::string name) {
  AccountCommand made;
  made.kind = kind;
  made.subject = std::move(subject);
  made.name = std::move(name);
  return made;
}

net::HttpResponse unavailable(const net::HttpRequest& request, const cohorts::CohortRecord& cohort) {
  return plain(request, http::status::service_unavailable,
               "Cohort '" + cohort.display_name + "' is unavailable; please retry");
}

struct PlannedRename {
  cohorts::CohortRecord cohort;
  std::string name;
};

}  // namespace

net::HttpResponse rename_person(const CohortRouteEnv& env, const net::HttpRequest& request,
                                const std::optional<cohorts::GlobalUser>& person,
                                std::string_view not_found) {
  std::optional<json::object> body = net::json_body(request);
  std::optional<std::string> raw = body ? net::string_member(*body, "display_name") : std::nullopt;
  if (!raw) return plain(request, http::status::bad_request, "Expected display_name");
  if (raw->find_first_not_of(" \t\r\n") == std::string::npos) {
    return plain(request, http::status::bad_request, "Display name cannot be empty");
  }
  if (!person) return plain(request, http::status::not_found, std::string(not_found));
  const cohorts::GlobalUser& target = *person;
  const auth::NameCheck checked = auth::check_account_name(*raw);
  if (!checked.error.empty()) return plain(request, http::status::bad_request, checked.error);
  const std::string& name = checked.name;
  if (name == target.display_name) {
    return plain(request, http::status::bad_request, "Display name unchanged");
  }
  std::map<std::string, std::string> confirmed;  // cohort name -> the suggestion accepted
  if (const json::value* overrides = body->if_contains("confirmed_overrides");
      overrides && !overrides->is_null()) {
    if (!overrides->is_object() || overrides->as_object().size() > 1'000) {
      return plain(request, http::status::bad_request,
                   "confirmed_overrides must map cohort names to names");
    }
    for (const auto& [cohort, suggestion] : overrides->as_object()) {
      if (suggestion.is_string()) confirmed[std::string(cohort)] = std::string(suggestion.as_string());
    }
  }

  // Preflight: nothing changes until every member cohort has a name.
  std::vector<PlannedRename> plan;
  json::array conflicts;
  for (const cohorts::CohortRecord& cohort : env.directory->cohorts_of(target.id)) {
    if (cohort.is_read_only || !env.registry->loaded(cohort.id)) continue;
    PendingCommand planned(*env.registry, cohort.id,
                           command(AccountCommand::Kind::kPlanRename, target.subject, name));
    std::optional<messaging::AccountCommandResult> result = planned.wait();
    if (!result || result->outcome == Outcome::kFailed) return unavailable(request, cohort);
    if (result->outcome == Outcome::kNoAccount) continue;
    if (result->outcome == Outcome::kExhausted) {
      return plain(request, http::status::conflict,
                   "Could not find an available numeric suffix for this name");
    }
    auto accepted = confirmed.find(cohort.name);
    if (result->name == name || (accepted != confirmed.end() && accepted->second == result->name)) {
      plan.push_back({cohort, result->name});
    } else {
      conflicts.push_back(json::object{{"cohort_name", cohort.name},
                                       {"cohort_display_name", cohort.display_name},
                                       {"suggested_name", result->name}});
    }
  }
  if (!conflicts.empty()) {
    net::HttpResponse answer = ok_json(
        request, json::object{{"status", "needs_confirmation"}, {"conflicts", std::move(conflicts)}});
    answer.result(http::status::conflict);
    return answer;
  }

  // Commit, cohort by cohort; each renamed cohort announces its whole account list.
  for (const PlannedRename& planned : plan) {
    PendingCommand renamed(*env.registry, planned.cohort.id,
                           command(AccountCommand::Kind::kRename, target.subject, planned.name));
    std::optional<messaging::AccountCommandResult> result = renamed.wait();
    if (!result || result->outcome == Outcome::kFailed) return unavailable(request, planned.cohort);
    if (result->outcome == Outcome::kTaken) {
      return plain(request, http::status::conflict,
                   "Race: '" + planned.name + "' was taken in cohort '" +
                       planned.cohort.display_name +
                       "' between preflight and commit. Please retry.");
    }
  }
  env.directory->set_display_name(target.id, name);
  spdlog::info("person {} renamed to '{}' in {} cohort(s)", target.id, name, plan.size());
  return ok_json(request, json::object{{"status", "ok"}, {"display_name", name}});
}

void open_placeholders(const CohortRouteEnv& env, const cohorts::CohortRecord& cohort,
                       const std::vector<std::string>& emails,
                       const std::optional<std::string>& initial_balance) {
  if (cohort.is_read_only || !env.registry->loaded(cohort.id)) return;
  std::vector<PendingCommand> pending;
  for (const std::string& raw : emails) {
    const std::string email = cohorts::normalise_email(raw);
    if (email.empty()) continue;
    // Named after the part before '@' (3.5), if that is a valid name at all.
    const auth::NameCheck local = auth::check_account_name(email.substr(0, email.find('@')));
    AccountCommand placeholder = command(AccountCommand::Kind::kCreatePlaceholder, {},
                                         local.error.empty() && !local.name.empty()
                                             ? local.name
                                             : std::string("Student"));
    if (std::optional<cohorts::GlobalUser> person = env.directory->person_by_email(email)) {
      placeholder.subject = person->subject;
    }
    placeholder.email = email;
    placeholder.initial_balance = initial_balance;
    pending.emplace_back(*env.registry, cohort.id, std::move(placeholder));
  }
  for (PendingCommand& command : pending) {
    std::optional<messaging::AccountCommandResult> result = command.wait();
    if (!result || result->outcome == Outcome::kFailed || result->outcome == Outcome::kExhausted) {
      spdlog::warn("a placeholder account in cohort '{}' could not be opened", cohort.name);
    }
  }
}

}  // namespace exchange::app
