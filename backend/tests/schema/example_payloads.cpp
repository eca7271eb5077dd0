// Builders for shared payload types (example_payloads.h).

#include "example_payloads.h"

namespace schema_testing {

using google::protobuf::RepeatedPtrField;
using google::protobuf::Timestamp;

void SetTimestamp(Timestamp* ts, int64_t seconds) {
  ts->set_seconds(seconds);
  ts->set_nanos(250'000'000);  // the server always sends 0; the wire format does not care
}

void FillRedeemables(RepeatedPtrField<ws::Redeemable>* list) {
  ws::Redeemable* a = list->Add();
  a->set_constituent_id(11);
  a->set_multiplier(-3);  // sint64: negative multipliers are legal (short a constituent)
  ws::Redeemable* b = list->Add();
  b->set_constituent_id(12);
  b->set_multiplier(2);
}

void FillOptionInfo(ws::OptionInfo* o) {
  o->set_underlying_market_id(40);
  o->set_strike_price(-12.5);
  o->set_is_call(true);
  SetTimestamp(o->mutable_expiration_date(), 1'800'000'000);
}

void FillOptionExercised(ws::OptionExercised* e, int64_t transaction) {
  e->set_transaction_id(transaction);
  SetTimestamp(e->mutable_transaction_timestamp(), 1'700'000'900);
  e->set_option_market_id(44);
  e->set_exerciser_id(6);
  e->set_counterparty_id(7);
  e->set_amount(1.5);
  e->set_is_cash_settled(true);
  e->set_contract_id(12);
  e->set_price(30.25);
  e->set_underlying_market_id(40);
}

void FillMarket(ws::Market* m, bool closed) {
  m->set_id(closed ? 42 : 41);
  m->set_name("Rain tomorrow");
  m->set_description("Settles to millimetres of rain");
  m->set_universe_id(2);
  FillRedeemables(m->mutable_redeemable_for());
  m->set_min_settlement(-10.5);
  m->set_max_settlement(250.25);
  if (closed) {
    ws::Market::Closed* c = m->mutable_closed();
    c->set_settle_price(17.75);
    c->set_transaction_id(9001);
    SetTimestamp(c->mutable_transaction_timestamp(), 1'700'000'500);
  } else {
    m->mutable_open();  // empty, but set: it is what marks the market as open
  }
  m->set_owner_id(5);
  m->set_redeem_fee(0.125);
  m->set_transaction_id(9000);
  SetTimestamp(m->mutable_transaction_timestamp(), 1'700'000'000);
  m->add_visible_to(1);
  m->add_visible_to(300);
  m->set_pinned(true);
  m->set_type_id(3);
  m->set_group_id(4);
  m->set_status(ws::MARKET_STATUS_SEMI_PAUSED);
  FillOptionInfo(m->mutable_option());
}

void FillOrder(ws::Order* o, int64_t id) {
  o->set_id(id);
  o->set_market_id(41);
  o->set_transaction_id(id + 100);
  o->set_price(12.5);
  o->set_size(3);
  o->set_side(id % 2 == 0 ? ws::BID : ws::OFFER);
  for (int i = 0; i < 2; ++i) {
    ws::Size* s = o->add_sizes();
    s->set_transaction_id(id + 100 + i);
    s->set_size(3.5 - i * 0.5);
    SetTimestamp(s->mutable_transaction_timestamp(), 1'700'000'100 + i);
  }
  o->set_owner_id(6);
  SetTimestamp(o->mutable_transaction_timestamp(), 1'700'000'100);
}

void FillTrade(ws::Trade* t, int64_t id) {
  t->set_id(id);
  t->set_market_id(41);
  t->set_transaction_id(id + 200);
  t->set_price(12.25);
  t->set_size(0.75);
  t->set_buyer_id(6);
  t->set_seller_id(7);
  SetTimestamp(t->mutable_transaction_timestamp(), 1'700'000'200);
  t->set_buyer_is_taker(true);
}

void FillTransfer(ws::Transfer* t, int64_t id) {
  t->set_id(id);
  t->set_initiator_id(2);
  t->set_from_account_id(5);
  t->set_to_account_id(6);
  t->set_amount(99.9999);
  t->set_note("rent");
  t->set_transaction_id(id + 300);
  SetTimestamp(t->mutable_transaction_timestamp(), 1'700'000'300);
}

void FillAccount(ws::Account* a, int64_t id) {
  a->set_id(id);
  a->set_name("account-" + std::to_string(id));
  a->set_is_user(true);
  a->set_universe_id(id % 3 + 1);
  a->set_color("#a0b1c2");
}

void FillPortfolio(ws::Portfolio* p, int64_t account_id) {
  p->set_account_id(account_id);
  p->set_total_balance(1000.5);
  p->set_available_balance(-20.25);
  for (int i = 0; i < 2; ++i) {
    ws::Portfolio::MarketExposure* e = p->add_market_exposures();
    e->set_market_id(41 + i);
    e->set_position(-4 + i);
    e->set_total_bid_size(2);
    e->set_total_offer_size(3);
    e->set_total_bid_value(24.5);
    e->set_total_offer_value(37.75);
    ws::Portfolio::OwnerCredit* c = p->add_owner_credits();
    c->set_owner_id(5 + i);
    c->set_credit(50.5 + i);
    p->add_traded_market_ids(41 + i);
  }
}

void FillAuction(ws::Auction* a, bool closed) {
  a->set_id(closed ? 8 : 7);
  a->set_name("Signed poster");
  a->set_description("Slightly used");
  a->set_owner_id(5);
  a->set_transaction_id(9100);
  SetTimestamp(a->mutable_transaction_timestamp(), 1'700'000'400);
  if (closed) {
    a->mutable_closed()->set_settle_price(42.5);
  } else {
    a->mutable_open();
  }
  a->set_image_url("/images/poster.png");
  a->set_bin_price(60);
  a->set_buyer_id(6);
  FillAuctionBuyers(a->mutable_buyers());
}

void FillAuctionBuyers(google::protobuf::RepeatedPtrField<ws::AuctionBuyer>* buyers) {
  for (int i = 0; i < 2; ++i) {
    ws::AuctionBuyer* b = buyers->Add();
    b->set_account_id(6 + i);
    b->set_amount(21.25 + i);
  }
}

void FillMarketType(ws::MarketType* t, int64_t id) {
  t->set_id(id);
  t->set_name("Weather " + std::to_string(id));
  t->set_description("Rain, wind and sun");
  t->set_public_(true);
}

void FillMarketGroup(ws::MarketGroup* g, int64_t id) {
  g->set_id(id);
  g->set_name("Week " + std::to_string(id));
  g->set_description("All markets of one week");
  g->set_type_id(3);
}
}  // namespace schema_testing
