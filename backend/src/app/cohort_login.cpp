#include "app/cohort_login.h"

#include <spdlog/spdlog.h>

#include "auth/authenticator.h"
#include "auth/test_token.h"
#include "cohorts/cohort_rules.h"

namespace exchange::app {
namespace {

constexpr std::string_view kNotAuthorized = "You are not authorized for this cohort";

cohorts::PersonClaims claims_of(const messaging::Identity& identity) {
  return cohorts::PersonClaims{identity.subject, identity.name, identity.email, identity.is_admin};
}

}  // namespace

net::LoginCheck admit_login(const auth::Authentication& auth, cohorts::Directory& directory,
                            const CohortRegistry& registry, messaging::CohortId cohort,
                            const websocket_api::Authenticate& request) {
  std::optional<messaging::Identity> identity = auth.verify_login(request);
  if (!identity) return net::LoginCheck{std::nullopt, std::string(auth::kLoginFailed)};
  const std::optional<bool> auctions_enabled = registry.auctions_enabled(cohort);
  if (!auctions_enabled) return net::LoginCheck{std::nullopt, std::string(kNotAuthorized)};

  const cohorts::GlobalUser person = directory.resolve_person(claims_of(*identity));
  std::optional<cohorts::Member> member = directory.membership(cohort, person.id);
  cohorts::AdmissionFacts facts;
  facts.is_member = member.has_value();
  facts.is_admin = person.is_admin();
  facts.auto_enrol =
      auth::is_test_token(request.jwt()) && auth::test_token_joins_cohort(request.jwt());
  facts.auctions_enabled = *auctions_enabled;
  const cohorts::Admission admission = cohorts::decide_admission(facts);
  if (admission == cohorts::Admission::kRefused) {
    spdlog::info("login of person {} to cohort {} refused: not a member", person.id, cohort);
    return net::LoginCheck{std::nullopt, std::string(kNotAuthorized)};
  }
  if (admission == cohorts::Admission::kEnrolAsMember) {
    directory.enrol(cohort, person.id);
    member = directory.membership(cohort, person.id);
  }
  identity->name = person.display_name;
  identity->is_admin = person.is_admin();
  // Placeholders are found by their lower-cased e-mail (cohorts.md 10.10).
  if (identity->email) identity->email = cohorts::normalise_email(*identity->email);
  identity->is_cohort_member = admission != cohorts::Admission::kGuest;
  if (member) identity->initial_balance = member->initial_balance;
  return net::LoginCheck{std::move(identity), {}};
}

std::optional<messaging::Identity> enrol_in_default_cohort(cohorts::Directory& directory,
                                                           const CohortRegistry& registry,
                                                           const messaging::Identity& identity,
                                                           messaging::CohortId* cohort) {
  const std::optional<messaging::CohortId> default_cohort = registry.find("");
  if (!default_cohort) return std::nullopt;
  const cohorts::GlobalUser person = directory.resolve_person(claims_of(identity));
  directory.enrol(*default_cohort, person.id);
  messaging::Identity enrolled = identity;
  enrolled.name = person.display_name;
  enrolled.is_admin = person.is_admin();
  if (enrolled.email) enrolled.email = cohorts::normalise_email(*enrolled.email);
  if (std::optional<cohorts::Member> member = directory.membership(*default_cohort, person.id)) {
    enrolled.initial_balance = member->initial_balance;
  }
  *cohort = *default_cohort;
  return enrolled;
}

}  // namespace exchange::app
