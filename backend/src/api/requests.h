#pragma once
// The handlers of individual requests (private to api/). Each receives the request after the
// rate limit was checked and answers it completely: a RequestFailed, or its results.

#include "api/batch_context.h"
#include "api/messages.h"

namespace exchange::api {

struct Request {
  BatchContext& ctx;
  SessionView& view;
  const ClientMessage& message;
  const std::string& request_id() const { return message.request_id(); }
  void fail(std::string_view kind, std::string_view text) const {
    ctx.publisher.reply(view.id, request_failed(kind, text, request_id()));
  }
  void fail(const Error& error) const { ctx.publisher.reply(view.id, request_failed(error, request_id())); }
  // A market this session may not see behaves as if it did not exist (compatibility policy).
  MarketId visible_market(MarketId id) const;
  // For requests whose admin check precedes the rate limit: takes a unit or answers the
  // refusal; false when refused.
  bool take_rate(RateClass rate_class, std::string_view kind) const;
  // The "admin required" refusal of protocol.md 3.2; false when refused.
  bool require_sudo_admin(std::string_view kind) const;
};

void create_order(const Request& request);
void cancel_order(const Request& request);
void out(const Request& request);
void create_market(const Request& request);
void edit_market(const Request& request);
void settle_market(const Request& request);
void make_transfer(const Request& request);
void set_sudo(const Request& request);
void act_as(const Request& request);
void create_account(const Request& request);
void share_ownership(const Request& request);
void revoke_ownership(const Request& request);
void get_full_order_history(const Request& request);
void get_full_trade_history(const Request& request);
void get_market_positions(const Request& request);
void redeem(const Request& request);
void create_market_type(const Request& request);
void delete_market_type(const Request& request);
void create_market_group(const Request& request);
void create_auction(const Request& request);
void edit_auction(const Request& request);
void delete_auction(const Request& request);
void settle_auction(const Request& request);
void buy_auction(const Request& request);

}  // namespace exchange::api
