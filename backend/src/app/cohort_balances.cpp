#include "app/cohort_balances.h"

#include <boost/json/array.hpp>
#include <algorithm>
#include <cstdlib>

#include "app/cohort_http.h"

namespace exchange::app {
namespace {

namespace json = boost::json;

struct AccountRow {
  int64_t account_id = 0;
  std::string subject;
  std::string balance;
};

std::vector<AccountRow> person_accounts(const CohortRouteEnv& env,
                                        const cohorts::CohortRecord& cohort) {
  std::vector<AccountRow> rows;
  if (!env.registry->loaded(cohort.id)) return rows;
  // A read-only connection of its own: committed state, never in the sequencer's way.
  store::Database db(env.registry->database_path(cohort).string(),
                     store::Database::Access::kReadOnly);
  store::Statement select = db.prepare(
      "SELECT id, identity, balance FROM account WHERE identity IS NOT NULL"
      " AND identity <> 'fake_id' ORDER BY id");
  while (select.step()) {
    rows.push_back({select.int_at(0), std::string(select.text_at(1)), std::string(select.text_at(2))});
  }
  return rows;
}

}  // namespace

std::map<std::string, std::string> account_balances(const CohortRouteEnv& env,
                                                    const cohorts::CohortRecord& cohort) {
  std::map<std::string, std::string> balances;
  for (AccountRow& row : person_accounts(env, cohort)) balances[row.subject] = row.balance;
  return balances;
}

double balance_number(const std::string& text) { return std::strtod(text.c_str(), nullptr); }

net::HttpResponse all_balances(const CohortRouteEnv& env, const net::HttpRequest& request) {
  return as_admin(env, request, [&](const cohorts::GlobalUser&) {
    std::map<std::string, cohorts::GlobalUser> people;
    for (cohorts::GlobalUser& person : env.directory->people()) {
      people.emplace(person.subject, std::move(person));
    }
    json::array result;
    for (const cohorts::CohortRecord& cohort : env.directory->cohorts()) {
      if (!env.registry->loaded(cohort.id)) continue;
      std::vector<std::pair<double, json::object>> members, guests;
      for (const AccountRow& row : person_accounts(env, cohort)) {
        auto person = people.find(row.subject);
        if (person == people.end()) continue;  // the person was deleted
        json::object entry;
        entry["account_id"] = row.account_id;
        entry["global_user_id"] = person->second.id;
        entry["display_name"] = person->second.display_name;
        if (person->second.email) entry["email"] = *person->second.email; else entry["email"] = nullptr;
        const double balance = balance_number(row.balance);
        entry["balance"] = balance;
        const bool member = env.directory->membership(cohort.id, person->second.id).has_value();
        (member ? members : guests).emplace_back(balance, std::move(entry));
      }
      auto listed = [](std::vector<std::pair<double, json::object>>& rows) {
        std::stable_sort(rows.begin(), rows.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        json::array array;
        for (auto& row : rows) array.push_back(std::move(row.second));
        return array;
      };
      result.push_back(json::object{{"cohort_name", cohort.name},
                                    {"cohort_display_name", cohort.display_name},
                                    {"members", listed(members)},
                                    {"guests", listed(guests)}});
    }
    return ok_json(request, json::object{{"cohorts", std::move(result)}});
  });
}

}  // namespace exchange::app
