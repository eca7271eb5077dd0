#pragma once
// Inputs of the exchange's operations, already decoded from the wire. Numbers arrive as
// Decimals (exactly what the client sent); each operation checks their limits itself, in the
// order rules.md gives, because that order decides which error a client sees.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/ids.h"
#include "core/market.h"
#include "core/order.h"
#include "core/visibility.h"

namespace exchange {

// Who is asking (protocol.md terms): U, A, ADMIN, O and whether sudo admin powers apply.
struct Requester {
  AccountId user = 0;    // U: the session user (the impersonated user while impersonating)
  AccountId acting = 0;  // A: the account orders, cancels, Out and Redeem act for
  AccountId admin = 0;   // ADMIN: the account the connection authenticated as
  bool sudo_admin = false;
  // O(U), ascending: a view of the caller's set, which must outlive the operation. Decides
  // which restricted markets the requester sees.
  std::span<const AccountId> owned;

  // Owner of markets and auctions created by this requester (rules.md 9.8).
  AccountId creator() const { return sudo_admin ? admin : user; }
  bool sees(const Market& market) const { return can_see(market, owned, sudo_admin); }
};

// For the acting account A of the requester.
struct PlaceOrder {
  MarketId market = 0;
  Decimal price;
  Decimal size;
  std::optional<Side> side;  // none when the client sent none (or no valid one): refused
};

struct NewMarket {
  std::string name;
  std::string description;
  Decimal min_settlement;
  Decimal max_settlement;
  std::vector<Constituent> constituents;
  Decimal redeem_fee;
  bool hide_account_ids = false;
  std::vector<AccountId> visible_to;
  MarketTypeId type_id = 0;
  MarketGroupId group_id = 0;
  std::optional<NewOption> option;  // present ⇔ an option market is asked for
};

// CreateAccount (cohorts.md 5.4).
struct NewAccount {
  AccountId owner = 0;
  std::string name;
  UniverseId universe = kMainUniverse;
  // nullopt when the client's number was no decimal at all (NaN, infinite): "Invalid amount",
  // answered at its place in the check order.
  std::optional<Decimal> initial_balance = Decimal{};
  std::optional<std::string> color;  // as sent; absent when the client sent none
};

struct MarketEdit {
  MarketId market = 0;
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<bool> pinned;
  bool has_redeemable_settings = false;
  std::optional<bool> hide_account_ids;
  std::optional<std::vector<AccountId>> visible_to;  // present ⇔ update_visible_to present
  // Always applied (the wire field has no presence); none when the client sent an unknown
  // status, which is refused after the permission checks.
  std::optional<MarketStatus> status = MarketStatus::kOpen;
};

}  // namespace exchange
