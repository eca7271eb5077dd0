// Auctions, categories and groups, fund redemption and market positions over real sockets
// (protocol.md 3.3.13-3.3.16, 3.3.19-3.3.24).

#include <gtest/gtest.h>

#include "classroom.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

std::string failure(const ServerMessage& reply) {
  return reply.request_failed().request_details().kind() + ": " +
         reply.request_failed().error_details().message();
}

ClientMessage create_auction(const std::string& name, std::optional<double> bin_price) {
  ClientMessage message;
  auto* body = message.mutable_create_auction();
  body->set_name(name);
  body->set_description("a " + name);
  body->set_image_filename("");
  if (bin_price) body->set_bin_price(*bin_price);
  return message;
}

ClientMessage buy(int64_t auction) {
  ClientMessage message;
  message.mutable_buy_auction()->set_auction_id(auction);
  return message;
}

ClientMessage settle_auction(int64_t auction, int64_t buyer, double price) {
  ClientMessage message;
  auto* body = message.mutable_settle_auction();
  body->set_auction_id(auction);
  body->set_buyer_id(buyer);
  body->set_settle_price(price);
  return message;
}

double balance_of(Trader& trader, int64_t account) {
  double balance = -1;
  for (const auto& m : trader->fence()) {
    if (m.has_portfolio_updated() && m.portfolio_updated().account_id() == account) {
      balance = m.portfolio_updated().total_balance();
    }
  }
  return balance;
}

class AuctionsFunds : public Classroom {
 protected:
  AuctionsFunds() : Classroom(100) {}
};

TEST_F(AuctionsFunds, BuyItNowMovesCashAndTellsEveryone) {
  ClientMessage listing = create_auction("bike", 30);
  listing.set_request_id("list-bike");
  alice->send(listing);
  const auto listed = bob->next_matching([](auto& m) { return m.has_auction(); });
  EXPECT_EQ(listed.request_id(), "list-bike");
  const auto& auction = listed.auction();
  EXPECT_EQ(auction.owner_id(), alice.id);
  EXPECT_TRUE(auction.has_open());
  EXPECT_EQ(auction.bin_price(), 30);
  EXPECT_EQ(auction.image_url(), "/images/");
  EXPECT_EQ(failure(alice->request(create_auction("bike", std::nullopt))),
            "CreateAuction: Auction name already exists");

  EXPECT_EQ(failure(alice->request(buy(auction.id()))),
            "BuyAuction: Buyer is the seller \u2014 pick a different buyer");
  EXPECT_EQ(failure(bob->request(buy(999))), "BuyAuction: Auction not found");
  alice->fence();
  const auto sold = bob->request(buy(auction.id()));
  ASSERT_TRUE(sold.has_auction_settled()) << sold.DebugString();
  EXPECT_EQ(sold.auction_settled().buyer_id(), bob.id);
  EXPECT_EQ(sold.auction_settled().settle_price(), 30);
  EXPECT_EQ(balance_of(bob, bob.id), 70);
  EXPECT_EQ(balance_of(alice, alice.id), 130);
  EXPECT_EQ(failure(teacher->request(buy(auction.id()))), "BuyAuction: Market already settled");

  // The payment is published since HEAD (auction_split_test.cpp) and in the next snapshot.
  Trader again = exchange.user("bob");
  bool found = false;
  for (const auto& m : again.snapshot) {
    if (!m.has_transfers()) continue;
    for (const auto& t : m.transfers().transfers()) {
      if (t.note() == "Auction Settlement of bike") {
        found = true;
        EXPECT_EQ(t.initiator_id(), 0);
        EXPECT_EQ(t.from_account_id(), bob.id);
        EXPECT_EQ(t.amount(), 30);
      }
    }
    for (const auto& m2 : again.snapshot) {
      if (m2.has_auction()) {
        EXPECT_TRUE(m2.auction().has_closed());
      }
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(AuctionsFunds, AdminsSettleAuctionsWithoutBuyItNow) {
  const auto lamp = alice->request(create_auction("lamp", std::nullopt)).auction();
  EXPECT_EQ(failure(bob->request(buy(lamp.id()))), "BuyAuction: Invalid settlement price");
  EXPECT_EQ(failure(teacher->request(settle_auction(lamp.id(), bob.id, 20))),
            "SettleAuction: only admins can settle auctions");
  ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  EXPECT_EQ(failure(teacher->request(settle_auction(lamp.id(), bob.id, -5))),
            "SettleAuction: Invalid settlement price");
  EXPECT_EQ(failure(teacher->request(settle_auction(lamp.id(), bob.id, 101))),
            "SettleAuction: Insufficient funds");
  EXPECT_EQ(failure(teacher->request(settle_auction(lamp.id(), alice.id, 1))),
            "SettleAuction: Buyer is the seller \u2014 pick a different buyer");
  alice->fence();
  const auto settled = teacher->request(settle_auction(lamp.id(), bob.id, 20));
  ASSERT_TRUE(settled.has_auction_settled()) << settled.DebugString();
  EXPECT_EQ(balance_of(alice, alice.id), 120);
}

TEST_F(AuctionsFunds, EditingAndDeletingAuctions) {
  const auto chair = alice->request(create_auction("chair", std::nullopt)).auction();
  ClientMessage edit;
  edit.mutable_edit_auction()->set_id(chair.id());
  edit.mutable_edit_auction()->set_description("oak");
  edit.mutable_edit_auction()->set_bin_price(12.5);
  edit.mutable_edit_auction()->set_image_filename("chair.png");
  EXPECT_EQ(failure(bob->request(edit)), "EditAuction: Sudo required");
  const auto edited = alice->request(edit);
  ASSERT_TRUE(edited.has_auction());
  EXPECT_EQ(edited.auction().description(), "oak");
  EXPECT_EQ(edited.auction().bin_price(), 12.5);
  EXPECT_EQ(edited.auction().image_url(), "/images/chair.png");
  ClientMessage remove;
  remove.mutable_delete_auction()->set_auction_id(chair.id());
  EXPECT_EQ(failure(bob->request(remove)), "DeleteAuction: Sudo required");
  const auto deleted = alice->request(remove);
  ASSERT_TRUE(deleted.has_auction_deleted());
  EXPECT_EQ(deleted.auction_deleted().auction_id(), chair.id());
  EXPECT_EQ(failure(alice->request(remove)), "DeleteAuction: Auction not found");
}

TEST_F(AuctionsFunds, CategoriesAndGroups) {
  ClientMessage category;
  category.mutable_create_market_type()->set_name("Quiz");
  category.mutable_create_market_type()->set_public_(false);
  EXPECT_EQ(failure(alice->request(category)), "CreateMarketType: Admin access required");
  EXPECT_EQ(failure(teacher->request(category)), "CreateMarketType: Sudo required");
  ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  ClientMessage observed = category;
  observed.set_request_id("new-category");
  teacher->send(observed);
  const auto created = alice->next_matching([](auto& m) { return m.has_market_type(); });
  EXPECT_EQ(created.request_id(), "new-category");
  const int64_t quiz = created.market_type().id();
  EXPECT_EQ(quiz, 3);
  EXPECT_EQ(failure(teacher->request(category)), "CreateMarketType: Category name already exists");

  ClientMessage group;
  group.mutable_create_market_group()->set_name("week 1");
  group.mutable_create_market_group()->set_type_id(quiz);
  const auto grouped = teacher->request(group);
  ASSERT_TRUE(grouped.has_market_group()) << grouped.DebugString();
  EXPECT_EQ(failure(teacher->request(group)), "CreateMarketGroup: Market group name already exists");

  ClientMessage in_group = create_market("quiz-1", 0, 1);
  in_group.mutable_create_market()->set_type_id(quiz);
  in_group.mutable_create_market()->set_group_id(grouped.market_group().id());
  const auto market = teacher->request(in_group);
  ASSERT_TRUE(market.has_market()) << market.DebugString();
  EXPECT_EQ(market.market().group_id(), grouped.market_group().id());
  ClientMessage private_category = create_market("alice-quiz", 0, 1);
  private_category.mutable_create_market()->set_type_id(quiz);
  EXPECT_EQ(failure(alice->request(private_category)),
            "CreateMarket: Cannot create market with non-public category");

  ClientMessage remove;
  remove.mutable_delete_market_type()->set_market_type_id(1);
  const int64_t fun_market = teacher->request(create_market("fun-1", 0, 1)).market().id();
  alice->fence();
  const auto deleted = teacher->request(remove);
  ASSERT_TRUE(deleted.has_market_type_deleted()) << deleted.DebugString();
  // Fix: the moved market is re-published with its new category.
  const auto moved = alice->next_matching([&](auto& m) { return m.has_market() && m.market().id() == fun_market; });
  EXPECT_EQ(moved.market().type_id(), 2);

  // additions.md 8.5: deleting a category that a group uses moves the group and its markets to
  // the remaining category with the lowest id (2), and the connection stays open.
  remove.mutable_delete_market_type()->set_market_type_id(quiz);
  const auto gone = teacher->request(remove);
  ASSERT_TRUE(gone.has_market_type_deleted()) << gone.DebugString();
  const auto regrouped = alice->next_matching([](auto& m) { return m.has_market_group(); });
  EXPECT_EQ(regrouped.market_group().id(), grouped.market_group().id());
  EXPECT_EQ(regrouped.market_group().type_id(), 2);
  const auto requizzed = alice->next_matching(
      [&](auto& m) { return m.has_market() && m.market().id() == market.market().id(); });
  EXPECT_EQ(requizzed.market().type_id(), 2);
  EXPECT_TRUE(teacher->fence_unless_closed().has_value());
  // A new login lists the group under category 2.
  Trader late = exchange.user("late");
  for (const auto& message : late.snapshot) {
    if (!message.has_market_groups()) continue;
    ASSERT_EQ(message.market_groups().market_groups_size(), 1);
    EXPECT_EQ(message.market_groups().market_groups(0).type_id(), 2);
  }
}

TEST_F(AuctionsFunds, RedeemInBothDirectionsWithFee) {
  const int64_t m1 = teacher->request(create_market("m1", 10, 20)).market().id();
  const int64_t m2 = teacher->request(create_market("m2", 0, 10)).market().id();
  ClientMessage fund = create_market("fund", 0, 0);
  auto* part = fund.mutable_create_market()->add_redeemable_for();
  part->set_constituent_id(m1);
  part->set_multiplier(-1);
  part = fund.mutable_create_market()->add_redeemable_for();
  part->set_constituent_id(m2);
  part->set_multiplier(2);
  fund.mutable_create_market()->set_redeem_fee(2);
  const auto created = teacher->request(fund);
  ASSERT_TRUE(created.has_market()) << created.DebugString();
  EXPECT_EQ(created.market().min_settlement(), -20);
  EXPECT_EQ(created.market().max_settlement(), 10);
  EXPECT_EQ(created.market().redeemable_for(0).multiplier(), -1);
  const int64_t fund_id = created.market().id();

  auto redeem = [](int64_t fund, double amount) {
    ClientMessage message;
    message.mutable_redeem()->set_fund_id(fund);
    message.mutable_redeem()->set_amount(amount);
    return message;
  };
  EXPECT_EQ(failure(alice->request(redeem(m2, 1))), "Redeem: Fund not found");
  EXPECT_EQ(failure(alice->request(redeem(fund_id, 0))), "Redeem: Invalid amount");
  EXPECT_EQ(failure(alice->request(redeem(fund_id, 1000))), "Redeem: Insufficient funds");
  alice->fence();
  ClientMessage first = redeem(fund_id, 1);
  first.set_request_id("redeem-1");
  alice->send(first);
  const auto redeemed = bob->next_matching([](auto& m) { return m.has_redeemed(); });
  EXPECT_EQ(redeemed.request_id(), "redeem-1");
  EXPECT_EQ(redeemed.redeemed().account_id(), alice.id);
  EXPECT_EQ(redeemed.redeemed().amount(), 1);
  const auto update = alice->next_matching([&](auto& m) {
    return m.has_portfolio_updated() && m.portfolio_updated().account_id() == alice.id;
  });
  EXPECT_EQ(update.portfolio_updated().total_balance(), 98);
  EXPECT_EQ(update.portfolio_updated().available_balance(), 68);
  ASSERT_TRUE(alice->request(redeem(fund_id, -1)).has_redeemed());
  const auto back = alice->next_matching([&](auto& m) {
    return m.has_portfolio_updated() && m.portfolio_updated().account_id() == alice.id;
  });
  EXPECT_EQ(back.portfolio_updated().total_balance(), 96);
  EXPECT_EQ(back.portfolio_updated().available_balance(), 96);
  for (const auto& e : back.portfolio_updated().market_exposures()) EXPECT_EQ(e.position(), 0);
}

TEST_F(AuctionsFunds, PositionsFromTradesAndRedemptions) {
  ASSERT_TRUE(teacher->request(make_transfer(teacher.id, bob.id, 1000)).has_transfer_created());
  const int64_t market = teacher->request(create_market("pos", 0, 100)).market().id();
  ASSERT_TRUE(alice->request(create_order(market, websocket_api::BID, 10, 2)).has_order_created());
  ASSERT_TRUE(alice->request(create_order(market, websocket_api::BID, 20, 1)).has_order_created());
  ASSERT_TRUE(bob->request(create_order(market, websocket_api::OFFER, 5, 3)).has_order_created());
  ASSERT_TRUE(bob->request(create_order(market, websocket_api::BID, 30, 1)).has_order_created());
  ASSERT_TRUE(alice->request(create_order(market, websocket_api::OFFER, 30, 0.5)).has_order_created());
  ClientMessage positions;
  positions.mutable_get_market_positions()->set_market_id(market);
  const auto reply = bob->request(positions);
  ASSERT_TRUE(reply.has_market_positions()) << reply.DebugString();
  std::map<int64_t, websocket_api::ParticipantPosition> by_account;
  for (const auto& p : reply.market_positions().positions()) by_account[p.account_id()] = p;
  ASSERT_EQ(by_account.size(), 2u);
  // alice bought 1 @ 20 and 2 @ 10 (from bob), then sold 0.5 @ 30 (to bob).
  const auto& a = by_account.at(alice.id);
  EXPECT_EQ(a.gross(), 3.5);
  EXPECT_EQ(a.net(), 2.5);
  EXPECT_NEAR(a.avg_buy_price(), 40.0 / 3, 1e-9);
  EXPECT_EQ(a.avg_sell_price(), 30);
  const auto& b = by_account.at(bob.id);
  EXPECT_EQ(b.net(), -2.5);
  EXPECT_EQ(b.avg_buy_price(), 30);
  ClientMessage missing;
  missing.mutable_get_market_positions()->set_market_id(999);
  EXPECT_EQ(failure(bob->request(missing)), "GetMarketPositions: Market not found");
}

}  // namespace
}  // namespace exchange::testing
