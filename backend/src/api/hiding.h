#pragma once
// Account-id hiding (protocol.md 7.2): in markets with hide_account_ids, ids a viewer does not
// own are replaced by 0, the "Hidden" account. `keep` says which ids the viewer may see.

#include <functional>
#include <vector>

#include "server_message.pb.h"

namespace exchange::api {

using KeepId = std::function<bool(int64_t)>;

// Hides the ids of whichever hideable payload the message carries: OrderCreated (account,
// order owner, fill owners, buyers and sellers), Orders (owners), Trades (buyers, sellers),
// Redeemed (account). Other payloads are left alone.
void hide_account_ids(websocket_api::ServerMessage& message, const KeepId& keep);

// Every non-zero account id the hideable payload mentions (to find viewers who own one),
// ascending, each once. Both functions walk the payload with the same visitor (hiding.cpp).
std::vector<int64_t> hideable_account_ids(const websocket_api::ServerMessage& message);

}  // namespace exchange::api
