#include "api/login.h"

#include "api/messages.h"
#include "api/refusal_texts.h"
#include "api/snapshot.h"
#include "api/wire.h"
#include "store/record.h"

namespace exchange::api {
namespace {

using Control = messaging::SessionControl;

// The identity migration 0001 gives the seeded "Arbor Pixie" account.
constexpr const char* kSeededIdentity = "fake_id";

void refuse(BatchContext& ctx, SessionId session, std::string_view text,
            const std::string& request_id, Control::Kind then) {
  ++ctx.tally.refused;
  ctx.publisher.reply(session, request_failed("Authenticate", text, request_id));
  ctx.publisher.control({session, then, 0, then == Control::Kind::kClose ? "rate limited" : ""});
}

// cohorts.md 3.5 step 1: the membership's initial balance (validated when it was set), else
// 100,000,000 for an admin and 0 for everyone else.
Money starting_balance(const messaging::Identity& identity) {
  if (identity.initial_balance) {
    if (std::optional<Money> amount = parse_fixed<Money>(*identity.initial_balance)) return *amount;
  }
  return identity.is_admin ? Money::from_whole(100'000'000) : Money{};
}

// An account opened before this person's first login (cohorts.md 3.5 steps 3-4): the
// placeholder of a pre-registered e-mail (both lower case by now, 10.10), or the seeded
// "Arbor Pixie" account for the one M2M client configured to play it (never a person who merely
// took that name).
std::optional<AccountId> claimable_account(const Exchange& exchange,
                                           const messaging::Identity& identity) {
  if (identity.email) {
    if (auto placeholder = exchange.account_by_pending_email(*identity.email)) {
      return placeholder;
    }
  }
  if (identity.claims_seeded_account) return exchange.account_by_identity(kSeededIdentity);
  return std::nullopt;
}

// The account of `identity`, created (and announced to everyone connected) on its first
// appearance; a refusal when it cannot be created.
Result<AccountId> account_of(BatchContext& ctx, const messaging::Identity& identity) {
  Exchange& exchange = ctx.exchange;
  if (std::optional<AccountId> known = exchange.account_by_identity(identity.subject)) return *known;
  if (std::optional<AccountId> claimed = claimable_account(exchange, identity)) {
    exchange.claim_account(*claimed, identity.subject);
    store::record_relabelled_account(*claimed, ctx.writes);
    return *claimed;  // already announced, under the same name: nothing to broadcast
  }
  if (identity.name.empty()) return Error{Refusal::kNewUserWithoutName};
  Result<Account> created =
      exchange.create_user(identity.subject, identity.name, starting_balance(identity));
  if (!created.ok()) return created.error();
  store::record_new_account(created->id, ctx.writes);
  // Everyone already connected learns of the new account; a session logging in with it sees
  // it in its Accounts snapshot instead (it is not logged in until the end of its login).
  ServerMessage announced;
  *announced.mutable_account_created() = to_wire(*created);
  ctx.publisher.to_everyone(announced);
  return created->id;
}

}  // namespace

void provision_account(BatchContext& ctx, const messaging::Identity& identity) {
  (void)account_of(ctx, identity);  // a clash is answered when the user logs in
}

size_t log_in(BatchContext& ctx, SessionId session, const ClientMessage& message,
            const messaging::Identity& identity) {
  const std::string& request_id = message.request_id();
  Exchange& exchange = ctx.exchange;
  Result<AccountId> account = account_of(ctx, identity);
  if (!account.ok()) {
    refuse(ctx, session, refusal_text(account.error().refusal), request_id,
           Control::Kind::kLoginFailed);
    return 0;
  }
  std::optional<AccountId> user = *account;
  // Every login takes a unit of the user's normal expensive bucket, admins included.
  if (!ctx.limits.try_take(*user, RateClass::kExpensive, false, ctx.clock)) {
    ++ctx.tally.rate_limited;
    refuse(ctx, session, "Rate Limited", request_id, Control::Kind::kClose);
    return 0;
  }
  SessionView view;
  view.id = session;
  view.user = view.admin = view.acting = *user;
  view.is_admin = identity.is_admin;
  view.is_member = identity.is_cohort_member;
  view.owned = exchange.owned_set(*user);
  const AccountId act_as = message.authenticate().act_as();
  if (act_as != 0 && !view.owns(act_as)) {
    // additions.md 8.4: an admin (platform flag; sudo is off on a new connection) may log in
    // impersonating a user: U and O become that user's before the snapshot, ADMIN stays.
    std::string_view refusal;
    const Account* target = exchange.account(act_as);
    if (!identity.is_admin) refusal = "Not owner of account";
    else if (target == nullptr) refusal = refusal_text(Refusal::kAccountNotFound);
    else if (!target->is_user()) refusal = "Non owned account is not a user";
    if (!refusal.empty()) {
      refuse(ctx, session, refusal, request_id, Control::Kind::kLoginFailed);
      return 0;
    }
    view.user = act_as;
    view.owned = exchange.owned_set(act_as);
  }
  if (act_as != 0) view.acting = act_as;
  view.universe = exchange.universe_of(view.acting);  // the snapshot shows A's universe

  ServerMessage authenticated;
  authenticated.set_request_id(request_id);
  authenticated.mutable_authenticated()->set_account_id(*user);
  authenticated.mutable_authenticated()->set_is_cohort_member(identity.is_cohort_member);
  authenticated.mutable_authenticated()->set_auction_enabled(ctx.cohort.auctions_enabled);
  authenticated.mutable_authenticated()->set_is_admin(identity.is_admin);
  const size_t bytes_before = ctx.publisher.encoded_bytes();
  ctx.publisher.reply(session, authenticated);
  send_private_snapshot(ctx, view);
  send_public_snapshot(ctx, view);
  // The "snapshot complete" signal.
  ctx.publisher.reply(session, acting_as_message(exchange, view));
  ctx.publisher.control({session, Control::Kind::kLoggedIn, 0, {}});

  ctx.sessions.add(view);
  ctx.undo.push_back([&sessions = ctx.sessions, session] { sessions.remove(session); });
  return ctx.publisher.encoded_bytes() - bytes_before;
}

}  // namespace exchange::api
