// protocol.md 2.2, 2.4, 2.5: every ClientMessage / ServerMessage variant survives the binary
// wire format unchanged.
//
// Each oneof case of both roots has at least one example in which every field of the payload,
// recursively, holds a non-default value (repeated fields: two or more elements). Each example is
// serialized, parsed back into a fresh message and compared. Descriptor-driven checks make these
// tests fail when a variant or a field is added to the schema without extending the examples.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "client_message.pb.h"
#include "example_checks.h"
#include "example_payloads.h"
#include "server_message.pb.h"

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::OneofDescriptor;
using google::protobuf::Reflection;
using google::protobuf::RepeatedPtrField;
using google::protobuf::Timestamp;
using google::protobuf::util::MessageDifferencer;
namespace ws = websocket_api;
using namespace schema_testing;

// ---------------------------------------------------------------------------------------------
// Examples, one or more per oneof case.

std::vector<Example<ws::ClientMessage>> ClientExamples() {
  using M = ws::ClientMessage;
  ExampleList<M> l;
  l.Add(M::kCreateMarket, [](M& m) {
    ws::CreateMarket* p = m.mutable_create_market();
    p->set_name("Fund");
    p->set_description("Two constituents");
    p->set_min_settlement(-5);
    p->set_max_settlement(95.5);
    FillRedeemables(p->mutable_redeemable_for());
    p->set_redeem_fee(0.25);
    p->set_hide_account_ids(true);
    p->add_visible_to(1);
    p->add_visible_to(300);
    p->set_type_id(3);
    p->set_group_id(4);
    FillOptionInfo(p->mutable_option());
  });
  l.Add(M::kExerciseOption, [](M& m) {
    m.mutable_exercise_option()->set_option_market_id(44);
    m.mutable_exercise_option()->set_contract_id(12);
    m.mutable_exercise_option()->set_amount(0.75);
  });
  l.Add(M::kGetOptionContracts, [](M& m) { m.mutable_get_option_contracts()->set_market_id(44); });
  l.Add(M::kGetOptionExercises, [](M& m) { m.mutable_get_option_exercises()->set_market_id(44); });
  l.Add(M::kSettleMarket, [](M& m) {
    m.mutable_settle_market()->set_market_id(41);
    m.mutable_settle_market()->set_settle_price(17.75);
  });
  l.Add(M::kCreateOrder, [](M& m) {
    ws::CreateOrder* p = m.mutable_create_order();
    p->set_market_id(41);
    p->set_price(12.5);
    p->set_size(3);
    p->set_side(ws::OFFER);
  });
  l.Add(M::kCancelOrder, [](M& m) { m.mutable_cancel_order()->set_id(77); });
  l.Add(M::kOut, [](M& m) {
    m.mutable_out()->set_market_id(41);
    m.mutable_out()->set_side(ws::BID);
  });
  l.Add(M::kMakeTransfer, [](M& m) {
    ws::MakeTransfer* p = m.mutable_make_transfer();
    p->set_from_account_id(5);
    p->set_to_account_id(6);
    p->set_amount(12.3456);
    p->set_note("lunch");
  });
  l.Add(M::kAuthenticate, [](M& m) {
    m.mutable_authenticate()->set_jwt("header.payload.signature");
    m.mutable_authenticate()->set_id_jwt("id.token.signature");
    m.mutable_authenticate()->set_act_as(6);
  });
  l.Add(M::kActAs, [](M& m) { m.mutable_act_as()->set_account_id(6); });
  l.Add(M::kCreateAccount, [](M& m) {
    m.mutable_create_account()->set_owner_id(5);
    m.mutable_create_account()->set_name("savings");
    m.mutable_create_account()->set_universe_id(2);
    m.mutable_create_account()->set_initial_balance(250.5);
    m.mutable_create_account()->set_color("#FFAA00");
  });
  l.Add(M::kCreateUniverse, [](M& m) {
    m.mutable_create_universe()->set_name("Class A");
    m.mutable_create_universe()->set_description("Monday's group");
  });
  l.Add(M::kShareOwnership, [](M& m) {
    m.mutable_share_ownership()->set_of_account_id(6);
    m.mutable_share_ownership()->set_to_account_id(7);
  });
  l.Add(M::kGetFullOrderHistory,
        [](M& m) { m.mutable_get_full_order_history()->set_market_id(41); });
  l.Add(M::kGetFullTradeHistory,
        [](M& m) { m.mutable_get_full_trade_history()->set_market_id(42); });
  l.Add(M::kRedeem, [](M& m) {
    m.mutable_redeem()->set_fund_id(43);
    m.mutable_redeem()->set_amount(-2.5);  // negative: creates fund units
  });
  l.Add(M::kCreateAuction, [](M& m) {
    ws::CreateAuction* p = m.mutable_create_auction();
    p->set_name("Signed poster");
    p->set_description("Slightly used");
    p->set_image_filename("poster.png");
    p->set_bin_price(60);
  });
  l.Add(M::kSettleAuction, [](M& m) {
    ws::SettleAuction* p = m.mutable_settle_auction();
    p->set_auction_id(7);
    p->set_buyer_id(6);
    p->set_settle_price(90);
    for (int i = 0; i < 2; ++i) {  // a split settlement (additions.md 4.1)
      ws::SettleAuction::Contribution* c = p->add_contributions();
      c->set_buyer_id(6 + i);
      c->set_amount(60 - 30 * i);
    }
    p->set_owner_id(6);
  });
  l.Add(M::kDeleteAuction, [](M& m) { m.mutable_delete_auction()->set_auction_id(7); });
  l.Add(M::kEditMarket, [](M& m) {
    ws::EditMarket* p = m.mutable_edit_market();
    p->set_id(41);
    p->set_name("Renamed");
    p->set_description("New description");
    p->set_pinned(true);
    FillRedeemables(p->mutable_redeemable_settings()->mutable_redeemable_for());
    p->mutable_redeemable_settings()->set_redeem_fee(0.5);
    p->set_hide_account_ids(true);
    p->set_update_visible_to(true);
    p->add_visible_to(5);
    p->add_visible_to(6);
    p->set_status(ws::MARKET_STATUS_PAUSED);
  });
  l.Add(M::kRevokeOwnership, [](M& m) {
    m.mutable_revoke_ownership()->set_of_account_id(6);
    m.mutable_revoke_ownership()->set_from_account_id(7);
  });
  l.Add(M::kBuyAuction, [](M& m) { m.mutable_buy_auction()->set_auction_id(7); });
  l.Add(M::kCreateMarketType, [](M& m) {
    m.mutable_create_market_type()->set_name("Sport");
    m.mutable_create_market_type()->set_description("Games");
    m.mutable_create_market_type()->set_public_(true);
  });
  l.Add(M::kDeleteMarketType, [](M& m) { m.mutable_delete_market_type()->set_market_type_id(3); });
  l.Add(M::kCreateMarketGroup, [](M& m) {
    m.mutable_create_market_group()->set_name("Week 1");
    m.mutable_create_market_group()->set_description("First week");
    m.mutable_create_market_group()->set_type_id(3);
  });
  l.Add(M::kGetMarketPositions, [](M& m) { m.mutable_get_market_positions()->set_market_id(41); });
  l.Add(M::kEditAuction, [](M& m) {
    ws::EditAuction* p = m.mutable_edit_auction();
    p->set_id(7);
    p->set_name("Poster, signed");
    p->set_description("Barely used");
    p->set_image_filename("poster2.png");
    p->set_bin_price(55.5);
  });
  l.Add(M::kSetSudo, [](M& m) { m.mutable_set_sudo()->set_enabled(true); });
  for (auto& [expected, fill] : AdditionsClientFills()) l.Add(expected, fill);
  return l.Take();
}

std::vector<Example<ws::ServerMessage>> ServerExamples() {
  using M = ws::ServerMessage;
  ExampleList<M> l;
  l.Add(M::kPortfolioUpdated, [](M& m) { FillPortfolio(m.mutable_portfolio_updated(), 5); });
  l.Add(M::kPortfolios, [](M& m) {
    FillPortfolio(m.mutable_portfolios()->add_portfolios(), 5);
    FillPortfolio(m.mutable_portfolios()->add_portfolios(), 6);
    m.mutable_portfolios()->set_are_new_ownerships(true);
  });
  l.Add(M::kMarket, [](M& m) { FillMarket(m.mutable_market(), /*closed=*/false); });
  l.Add(M::kMarket, [](M& m) { FillMarket(m.mutable_market(), /*closed=*/true); });
  l.Add(M::kMarketSettled, [](M& m) {
    ws::MarketSettled* p = m.mutable_market_settled();
    p->set_id(42);
    p->set_settle_price(17.75);
    p->set_transaction_id(9001);
    SetTimestamp(p->mutable_transaction_timestamp(), 1'700'000'500);
  });
  l.Add(M::kOrderCreated, [](M& m) {
    ws::OrderCreated* p = m.mutable_order_created();
    p->set_market_id(41);
    p->set_account_id(6);
    FillOrder(p->mutable_order(), 31);
    for (int i = 0; i < 2; ++i) {
      ws::OrderCreated::OrderFill* f = p->add_fills();
      f->set_id(20 + i);
      f->set_market_id(41);
      f->set_size_filled(1.5);
      f->set_size_remaining(0.5 * i + 0.25);
      f->set_price(12.25);
      f->set_side(ws::OFFER);
      f->set_owner_id(7 + i);
      FillTrade(p->add_trades(), 50 + i);
    }
    p->set_transaction_id(131);
    SetTimestamp(p->mutable_transaction_timestamp(), 1'700'000'100);
  });
  l.Add(M::kOrdersCancelled, [](M& m) {
    ws::OrdersCancelled* p = m.mutable_orders_cancelled();
    p->add_order_ids(31);
    p->add_order_ids(1'000'000);
    p->set_market_id(41);
    p->set_transaction_id(140);
    SetTimestamp(p->mutable_transaction_timestamp(), 1'700'000'600);
  });
  l.Add(M::kTransfers, [](M& m) {
    FillTransfer(m.mutable_transfers()->add_transfers(), 1);
    FillTransfer(m.mutable_transfers()->add_transfers(), 2);
  });
  l.Add(M::kTransferCreated, [](M& m) { FillTransfer(m.mutable_transfer_created(), 3); });
  l.Add(M::kOut, [](M& m) {
    m.mutable_out()->set_market_id(41);
    m.mutable_out()->set_side(ws::OFFER);
  });
  l.Add(M::kAuthenticated, [](M& m) {
    m.mutable_authenticated()->set_account_id(5);
    m.mutable_authenticated()->set_is_cohort_member(true);
    m.mutable_authenticated()->set_auction_enabled(true);
    m.mutable_authenticated()->set_is_admin(true);
  });
  l.Add(M::kRequestFailed, [](M& m) {
    m.mutable_request_failed()->mutable_request_details()->set_kind("CreateOrder");
    m.mutable_request_failed()->mutable_error_details()->set_message("Insufficient funds");
  });
  l.Add(M::kAccountCreated, [](M& m) { FillAccount(m.mutable_account_created(), 9); });
  l.Add(M::kAccounts, [](M& m) {
    FillAccount(m.mutable_accounts()->add_accounts(), 5);
    FillAccount(m.mutable_accounts()->add_accounts(), 6);
  });
  l.Add(M::kActingAs, [](M& m) {
    m.mutable_acting_as()->set_account_id(6);
    m.mutable_acting_as()->set_universe_id(2);
    m.mutable_acting_as()->set_user_id(5);
  });
  l.Add(M::kUniverse, [](M& m) {
    ws::Universe* u = m.mutable_universe();
    u->set_id(2);
    u->set_name("Class A");
    u->set_description("Monday's group");
    u->set_owner_id(5);
  });
  l.Add(M::kUniverses, [](M& m) {
    for (int64_t id : {1, 2}) {
      ws::Universe* u = m.mutable_universes()->add_universes();
      u->set_id(id);
      u->set_name("universe-" + std::to_string(id));
      u->set_description("a universe");
      u->set_owner_id(4 + id);
    }
  });
  l.Add(M::kOwnershipGiven, [](M& m) { m.mutable_ownership_given(); });
  l.Add(M::kOptionExercised, [](M& m) { FillOptionExercised(m.mutable_option_exercised(), 160); });
  l.Add(M::kOptionContracts, [](M& m) {
    ws::OptionContracts* p = m.mutable_option_contracts();
    p->set_market_id(44);
    for (int64_t id : {12, 13}) {
      ws::OptionContract* c = p->add_contracts();
      c->set_id(id);
      c->set_option_market_id(44);
      c->set_buyer_id(6);
      c->set_writer_id(7);
      c->set_remaining_amount(2.25);
    }
  });
  l.Add(M::kOptionExercises, [](M& m) {
    m.mutable_option_exercises()->set_market_id(44);
    FillOptionExercised(m.mutable_option_exercises()->add_exercises(), 161);
    FillOptionExercised(m.mutable_option_exercises()->add_exercises(), 162);
  });
  l.Add(M::kRedeemed, [](M& m) {
    ws::Redeemed* p = m.mutable_redeemed();
    p->set_account_id(6);
    p->set_fund_id(43);
    p->set_amount(-2.5);
    p->set_transaction_id(150);
    SetTimestamp(p->mutable_transaction_timestamp(), 1'700'000'700);
  });
  l.Add(M::kOrders, [](M& m) {
    m.mutable_orders()->set_market_id(41);
    FillOrder(m.mutable_orders()->add_orders(), 31);
    FillOrder(m.mutable_orders()->add_orders(), 32);
    m.mutable_orders()->set_hasfullhistory(true);
  });
  l.Add(M::kTrades, [](M& m) {
    m.mutable_trades()->set_market_id(41);
    FillTrade(m.mutable_trades()->add_trades(), 50);
    FillTrade(m.mutable_trades()->add_trades(), 51);
    m.mutable_trades()->set_hasfullhistory(true);
    for (int i = 0; i < 2; ++i) {  // a fund's redemptions (additions.md 6.3)
      ws::Redeemed* r = m.mutable_trades()->add_redemptions();
      r->set_account_id(6 + i);
      r->set_fund_id(41);
      r->set_amount(i == 0 ? -2.5 : 1.25);
      r->set_transaction_id(150 + i);
      SetTimestamp(r->mutable_transaction_timestamp(), 1'700'000'700 + i);
    }
  });
  l.Add(M::kAuction, [](M& m) { FillAuction(m.mutable_auction(), /*closed=*/false); });
  l.Add(M::kAuction, [](M& m) { FillAuction(m.mutable_auction(), /*closed=*/true); });
  l.Add(M::kAuctionSettled, [](M& m) {
    ws::AuctionSettled* p = m.mutable_auction_settled();
    p->set_id(7);
    p->set_settle_price(60);
    p->set_transaction_id(160);
    SetTimestamp(p->mutable_transaction_timestamp(), 1'700'000'800);
    p->set_buyer_id(6);
    FillAuctionBuyers(p->mutable_buyers());
  });
  l.Add(M::kAuctionDeleted, [](M& m) { m.mutable_auction_deleted()->set_auction_id(7); });
  l.Add(M::kOwnershipRevoked, [](M& m) { m.mutable_ownership_revoked(); });
  l.Add(M::kMarketType, [](M& m) { FillMarketType(m.mutable_market_type(), 3); });
  l.Add(M::kMarketTypes, [](M& m) {
    FillMarketType(m.mutable_market_types()->add_market_types(), 1);
    FillMarketType(m.mutable_market_types()->add_market_types(), 3);
  });
  l.Add(M::kMarketTypeDeleted,
        [](M& m) { m.mutable_market_type_deleted()->set_market_type_id(3); });
  l.Add(M::kMarketGroup, [](M& m) { FillMarketGroup(m.mutable_market_group(), 4); });
  l.Add(M::kMarketGroups, [](M& m) {
    FillMarketGroup(m.mutable_market_groups()->add_market_groups(), 4);
    FillMarketGroup(m.mutable_market_groups()->add_market_groups(), 5);
  });
  l.Add(M::kMarketPositions, [](M& m) {
    m.mutable_market_positions()->set_market_id(41);
    for (int i = 0; i < 2; ++i) {
      ws::ParticipantPosition* p = m.mutable_market_positions()->add_positions();
      p->set_account_id(6 + i);
      p->set_gross(10 + i);
      p->set_net(-3.5 + i);
      p->set_avg_buy_price(12.125);
      p->set_avg_sell_price(13.875);
    }
  });
  l.Add(M::kSudoStatus, [](M& m) { m.mutable_sudo_status()->set_enabled(true); });
  for (auto& [expected, fill] : AdditionsServerFills()) l.Add(expected, fill);
  return l.Take();
}


TEST(ClientMessageRoundTrip, ExamplesCoverEveryVariant) {
  const std::vector<std::string> missing = UncoveredVariants(ClientExamples());
  EXPECT_TRUE(missing.empty()) << "ClientMessage variants without an example:" << Join(missing);
}

TEST(ClientMessageRoundTrip, ExamplesSetEveryField) {
  const std::vector<std::string> problems = CompletenessProblems(ClientExamples());
  EXPECT_TRUE(problems.empty()) << "Fields not exercised:" << Join(problems);
}

TEST(ClientMessageRoundTrip, EveryVariantRoundTrips) {
  ExpectEveryExampleRoundTrips(ClientExamples());
}

TEST(ServerMessageRoundTrip, ExamplesCoverEveryVariant) {
  const std::vector<std::string> missing = UncoveredVariants(ServerExamples());
  EXPECT_TRUE(missing.empty()) << "ServerMessage variants without an example:" << Join(missing);
}

TEST(ServerMessageRoundTrip, ExamplesSetEveryField) {
  const std::vector<std::string> problems = CompletenessProblems(ServerExamples());
  EXPECT_TRUE(problems.empty()) << "Fields not exercised:" << Join(problems);
}

TEST(ServerMessageRoundTrip, EveryVariantRoundTrips) {
  ExpectEveryExampleRoundTrips(ServerExamples());
}

}  // namespace
