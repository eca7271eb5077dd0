#pragma once
// The handlers of individual requests (private to api/), one per request kind; the request
// table (request_kinds.cpp) routes to them. Each receives the request after the rate limit was
// checked and answers it completely: a RequestFailed, or its results.

#include "api/request.h"

namespace exchange::api {

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
void create_universe(const Request& request);
void exercise_option(const Request& request);
void get_option_contracts(const Request& request);
void get_option_exercises(const Request& request);
void gift(const Request& request);
void redistribute_owner_credit(const Request& request);
void create_redeem_code(const Request& request);
void claim_redeem_code(const Request& request);
void get_redeem_codes(const Request& request);

}  // namespace exchange::api
