#pragma once
// A verified login identity (protocol.md section 6), as the login systems (auth/) hand it to
// the exchange.

#include <optional>
#include <string>

namespace exchange::messaging {

struct Identity {
  std::string subject;  // the identity provider's subject; the account's login identity
  std::string name;     // display name for a first login; may be empty
  bool is_admin = false;
  std::optional<std::string> email;  // from an ID token or a test token: links pre-registrations
  // Admission to the cohort (cohorts.md 3.4), decided before the login reaches the exchange:
  // false for a guest, who may only use auctions and transfers.
  bool is_cohort_member = true;
  // Starting cash of the account if this login creates it (exact decimal text; cohorts.md 3.5):
  // the membership's initial balance. nullopt: 100,000,000 for an admin, else 0.
  std::optional<std::string> initial_balance;
  // The M2M client configured as ARBOR_PIXIE_M2M_CLIENT_ID (cohorts.md 3.1, 3.5 step 4): its
  // first login in a cohort claims the seeded "Arbor Pixie" account instead of opening one.
  bool claims_seeded_account = false;
};

}  // namespace exchange::messaging
