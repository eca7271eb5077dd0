#pragma once
// Builds one batch's Outbox: encodes each ServerMessage once per distinct view and addresses
// it to sessions. Owned by the sequencer thread; the outbox is released only after the batch
// commits.

#include <memory>
#include <string>
#include <vector>

#include "api/session_registry.h"
#include "core/market.h"
#include "messaging/outbox.h"
#include "server_message.pb.h"

namespace exchange::api {

using websocket_api::ServerMessage;

class Publisher {
 public:
  explicit Publisher(const SessionRegistry& sessions) : sessions_(sessions) {}

  // A direct reply.
  void reply(SessionId session, const ServerMessage& message);
  // A direct reply that is part of a snapshot or re-send (messaging::Delivery::bulk).
  void snapshot_reply(SessionId session, const ServerMessage& message);
  void to_sessions(std::vector<SessionId> sessions, const ServerMessage& message);
  // Every logged-in session except `except`.
  void to_everyone(const ServerMessage& message, std::vector<SessionId> except = {});
  // Private delivery: every session whose owned set contains the account.
  void to_owners_of(AccountId account, const ServerMessage& message);
  // An event of one market: to the sessions showing its universe that can see the market
  // (all of them if it is public) and always to the requester, with account ids hidden per
  // viewer when the market hides them.
  void market_event(const Market& market, const ServerMessage& message, SessionId requester = 0);
  void control(messaging::SessionControl control);

  bool empty() const { return outbox_.items.empty(); }
  // Bytes of every frame addressed so far (each counted once, however many it reaches).
  size_t encoded_bytes() const { return encoded_bytes_; }
  messaging::Outbox take() { return std::exchange(outbox_, messaging::Outbox{}); }

 private:
  static std::shared_ptr<const std::string> encode(const ServerMessage& message);
  void deliver(bool to_everyone, std::vector<SessionId> sessions,
               std::shared_ptr<const std::string> frame, bool bulk = false);

  const SessionRegistry& sessions_;
  messaging::Outbox outbox_;
  size_t encoded_bytes_ = 0;
};

}  // namespace exchange::api
