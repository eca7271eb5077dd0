// Round-trip examples of the requests and messages that additions.md (May 2026) added: redeem
// codes, gifts, owner-credit redistribution and the status log. Every field holds a non-default
// value. (Split settlements and a fund's redemptions extend the SettleAuction and Trades
// examples of round_trip_test.cpp.)

#include "example_payloads.h"

namespace schema_testing {

Fills<ws::ClientMessage> AdditionsClientFills() {
  using M = ws::ClientMessage;
  Fills<M> f;
  f.emplace_back(M::kGift, [](M& m) {
    m.mutable_gift()->set_to_account_id(6);
    m.mutable_gift()->set_amount(12.5);
    m.mutable_gift()->set_note("Prize");
  });
  f.emplace_back(M::kRedistributeOwnerCredit, [](M& m) {
    m.mutable_redistribute_owner_credit()->set_account_id(9);
    m.mutable_redistribute_owner_credit()->set_from_owner_id(6);
  });
  f.emplace_back(M::kCreateRedeemCode, [](M& m) { m.mutable_create_redeem_code()->set_amount(500); });
  f.emplace_back(M::kClaimRedeemCode, [](M& m) { m.mutable_claim_redeem_code()->set_code("KMW-384"); });
  f.emplace_back(M::kGetRedeemCodes, [](M& m) { m.mutable_get_redeem_codes(); });
  return f;
}

namespace {

void FillRedeemCodeInfo(ws::RedeemCodeInfo* c, int64_t n) {
  c->set_code("KMW-38" + std::to_string(n));
  c->set_amount(500 + n);
  c->set_created_by(1);
  SetTimestamp(c->mutable_created_at(), 1'700'001'000 + n);
  SetTimestamp(c->mutable_expires_at(), 1'700'087'400 + n);
  c->set_redeemed_by(6);
  SetTimestamp(c->mutable_redeemed_at(), 1'700'002'000 + n);
  c->set_transfer_id(70 + n);
}

}  // namespace

Fills<ws::ServerMessage> AdditionsServerFills() {
  using M = ws::ServerMessage;
  Fills<M> f;
  f.emplace_back(M::kOwnerCreditRedistributed, [](M& m) { m.mutable_owner_credit_redistributed(); });
  f.emplace_back(M::kRedeemCodeCreated, [](M& m) {
    m.mutable_redeem_code_created()->set_code("KMW-384");
    m.mutable_redeem_code_created()->set_amount(500);
    SetTimestamp(m.mutable_redeem_code_created()->mutable_expires_at(), 1'700'087'400);
  });
  f.emplace_back(M::kRedeemCodeClaimed, [](M& m) {
    m.mutable_redeem_code_claimed()->set_code("KMW-384");
    m.mutable_redeem_code_claimed()->set_amount(500);
  });
  f.emplace_back(M::kMarketStatusChanges, [](M& m) {
    ws::MarketStatusChanges* p = m.mutable_market_status_changes();
    p->set_market_id(41);
    for (int i = 0; i < 2; ++i) {
      ws::MarketStatusChange* c = p->add_changes();
      c->set_status(i == 0 ? ws::MARKET_STATUS_PAUSED : ws::MARKET_STATUS_SEMI_PAUSED);
      c->set_transaction_id(170 + i);
      SetTimestamp(c->mutable_transaction_timestamp(), 1'700'000'900 + i);
    }
  });
  f.emplace_back(M::kRedeemCodes, [](M& m) {
    FillRedeemCodeInfo(m.mutable_redeem_codes()->add_codes(), 1);
    FillRedeemCodeInfo(m.mutable_redeem_codes()->add_codes(), 2);
  });
  return f;
}

}  // namespace schema_testing
