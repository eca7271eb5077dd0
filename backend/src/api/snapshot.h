#pragma once
// The login snapshot (protocol.md 5.2) and its re-sends, addressed to one session.

#include "api/batch_context.h"
#include "api/session_view.h"

namespace exchange::api {

// Transfers touching O, then one Portfolio per account of O. (The reference sends this pair
// twice; once is enough, as the compatibility policy allows.) Reading a portfolio rebalances
// its owners' credits, as in the reference.
void send_private_snapshot(BatchContext& ctx, const SessionView& view);

// Steps 6-11 of cohorts.md 6.2: Accounts, Universes, MarketTypes, MarketGroups, then per
// visible market of the view's universe its Market, live Orders (ids hidden per view), Trades
// with its last trade and MarketStatusChanges (additions.md 8.7 step 10), then every Auction.
void send_public_snapshot(BatchContext& ctx, const SessionView& view);

// Accounts with every account of the cohort, ascending id: the snapshot's list, also
// re-sent whole after a rename (cohorts.md 10.6).
ServerMessage all_accounts_message(const Exchange& exchange);

// ActingAs{A, A's universe, U} (cohorts.md 6.3): the ready signal, the ActAs reply and the
// fallback after losing A all carry the same three fields.
ServerMessage acting_as_message(const Exchange& exchange, const SessionView& view,
                                const std::string& request_id = {});

// After A changed: when A's universe is not the one the session shows, switches the session to
// it and re-sends the public data filtered to it (cohorts.md 5.5). Returns whether it did.
bool follow_acting_universe(BatchContext& ctx, SessionId session);

// A portfolio as clients see it, after rebalancing the account's credits (rules.md 9.6).
websocket_api::Portfolio read_portfolio(BatchContext& ctx, AccountId account);

// Protocol 5.5: after an ownership change notified to `account`, every session whose owned
// set contains it recomputes that set, falls back to acting as itself if it lost its acting
// account, and receives its private data again (and, unless admin, the public data).
void resync_owners_of(BatchContext& ctx, AccountId account);

}  // namespace exchange::api
