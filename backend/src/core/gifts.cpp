// Gift (additions.md 2): an admin (or a universe's owner) funds an account with newly
// created clips, e.g. a shared account with open positions where MakeTransfer refuses.

#include "core/exchange.h"

namespace exchange {

Result<TransferMade> Exchange::gift(const Requester& requester, AccountId to_id,
                                    Decimal amount_decimal, std::string note, Timestamp now) {
  // The check order is additions.md 2's: it decides which refusal a client sees.
  const std::optional<Money> amount = amount_decimal.to_fixed<Money>();
  if (!amount || amount_decimal.negative || amount_decimal.is_zero()) {
    return Error{Refusal::kInvalidAmount};
  }
  const Account* initiator = account(requester.user);
  if (initiator == nullptr || !initiator->is_user()) return Error{Refusal::kInitiatorNotUser};
  Account* to = mutable_account(to_id);
  // Account 0 is the "Hidden" placeholder of id hiding, never a real account.
  if (to == nullptr || to_id == 0) return Error{Refusal::kAccountNotFound};
  // Admins without sudo get this text too, not "Sudo required", as in the reference.
  if (!requester.sudo_admin) {
    const Universe* home = universe(to->universe);
    if (to->universe == kMainUniverse || home == nullptr || home->owner != requester.user) {
      return Error{Refusal::kNotUniverseOwner};
    }
  }
  // The nominal payer: Arbor Pixie (by name; the seeded account 1 if it was renamed) or the
  // universe's owner. As in the reference its balance does not change: a gift creates money.
  AccountId from_id = 1;
  if (to->universe != kMainUniverse) {
    if (const Universe* home = universe(to->universe)) from_id = home->owner;
  } else if (auto pixie = accounts_by_name_.find(name_key("Arbor Pixie"));
             pixie != accounts_by_name_.end()) {
    from_id = pixie->second;
  }
  TransferMade made;
  made.transfer = Transfer{counters_.next_transfer++,
                           requester.sudo_admin ? requester.admin : requester.user,
                           from_id,
                           to_id,
                           *amount,
                           std::move(note),
                           next_transaction(now)};
  to->balance += *amount;
  record_transfer(made.transfer);
  return made;
}

}  // namespace exchange
