// Auctions at HEAD over real sockets (additions.md 4): split settlements, who receives which
// payment in which order, buyers in snapshots and after a restart, the cohort's switch.

#include <gtest/gtest.h>

#include "classroom.h"
#include "http_request.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

const std::string kSellerText = "Buyer is the seller \u2014 pick a different buyer";

std::string failure(const ServerMessage& reply) {
  return reply.request_failed().request_details().kind() + ": " +
         reply.request_failed().error_details().message();
}

ClientMessage list(const std::string& name, std::optional<double> bin_price = std::nullopt) {
  ClientMessage message;
  message.mutable_create_auction()->set_name(name);
  if (bin_price) message.mutable_create_auction()->set_bin_price(*bin_price);
  return message;
}

ClientMessage split(int64_t auction, double price, std::vector<std::pair<int64_t, double>> parts,
                    std::optional<int64_t> owner = std::nullopt) {
  ClientMessage message;
  auto* body = message.mutable_settle_auction();
  body->set_auction_id(auction);
  body->set_settle_price(price);
  for (auto [buyer, amount] : parts) {
    auto* part = body->add_contributions();
    part->set_buyer_id(buyer);
    part->set_amount(amount);
  }
  if (owner) body->set_owner_id(*owner);
  return message;
}

// The auction-related messages that arrived before a fence, as short tags in arrival order:
// "settled", "transfer:<note>", "portfolio:<account>".
std::vector<std::string> sale_messages(Trader& trader, std::string* transfer_request_ids = nullptr) {
  std::vector<std::string> tags;
  for (const ServerMessage& m : trader->fence()) {
    if (m.has_auction_settled()) tags.push_back("settled");
    if (m.has_transfer_created()) {
      tags.push_back("transfer:" + m.transfer_created().note());
      if (transfer_request_ids) *transfer_request_ids += m.request_id();
    }
    if (m.has_portfolio_updated()) {
      tags.push_back("portfolio:" + std::to_string(m.portfolio_updated().account_id()));
    }
  }
  return tags;
}

std::vector<std::pair<int64_t, double>> buyers_of(const websocket_api::Auction& auction) {
  std::vector<std::pair<int64_t, double>> buyers;
  for (const auto& b : auction.buyers()) buyers.emplace_back(b.account_id(), b.amount());
  return buyers;
}

std::optional<websocket_api::Auction> listed(const std::vector<ServerMessage>& snapshot,
                                             int64_t id) {
  for (const ServerMessage& m : snapshot) {
    if (m.has_auction() && m.auction().id() == id) return m.auction();
  }
  return std::nullopt;
}

class AuctionSplit : public Classroom {
 protected:
  AuctionSplit() : Classroom(100) {}
  void SetUp() override {
    Classroom::SetUp();
    carol = exchange.user("carol");
    ASSERT_TRUE(teacher->request(make_transfer(teacher.id, carol.id, 100)).has_transfer_created());
    dave = exchange.user("dave");
    ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  }
  Trader carol, dave;
};

TEST_F(AuctionSplit, EveryPartyGetsTheSaleThenEachPaymentThenItsPortfolio) {
  const int64_t lamp = alice->request(list("lamp")).auction().id();
  for (Trader* t : {&alice, &bob, &carol, &dave}) (*t)->fence();
  ClientMessage settle = split(lamp, 60, {{carol.id, 40}, {bob.id, 20}}, bob.id);
  settle.set_request_id("split-1");
  const ServerMessage settled = teacher->request(settle);
  ASSERT_TRUE(settled.has_auction_settled()) << settled.DebugString();
  EXPECT_EQ(settled.auction_settled().buyer_id(), bob.id);  // the labelled owner
  EXPECT_EQ(settled.auction_settled().settle_price(), 60);
  using Buyers = std::vector<std::pair<int64_t, double>>;
  const Buyers in_request_order{{carol.id, 40}, {bob.id, 20}};
  Buyers got;
  for (const auto& b : settled.auction_settled().buyers()) got.emplace_back(b.account_id(), b.amount());
  EXPECT_EQ(got, in_request_order);

  const std::string two_thirds = "transfer:Auction Settlement of lamp (66.7% split)";
  const std::string one_third = "transfer:Auction Settlement of lamp (33.3% split)";
  // Each party's connection gets every payment, in contribution order, once (the reference
  // sends each payment once per affected account the connection owns).
  std::string request_ids;
  EXPECT_EQ(sale_messages(alice, &request_ids),
            (std::vector<std::string>{"settled", two_thirds, one_third,
                                      "portfolio:" + std::to_string(alice.id)}));
  EXPECT_EQ(sale_messages(bob, &request_ids),
            (std::vector<std::string>{"settled", two_thirds, one_third,
                                      "portfolio:" + std::to_string(bob.id)}));
  EXPECT_EQ(sale_messages(carol, &request_ids),
            (std::vector<std::string>{"settled", two_thirds, one_third,
                                      "portfolio:" + std::to_string(carol.id)}));
  EXPECT_EQ(request_ids, "");  // payments carry no request id
  EXPECT_EQ(sale_messages(dave), std::vector<std::string>{"settled"});  // not a party

  // Balances moved, and a new login sees the buyers sorted by account id.
  Trader watcher = exchange.user("dave");
  const auto auction = listed(watcher.snapshot, lamp);
  ASSERT_TRUE(auction.has_value());
  EXPECT_EQ(auction->buyer_id(), bob.id);
  EXPECT_EQ(buyers_of(*auction), (Buyers{{bob.id, 20}, {carol.id, 40}}));
  for (const ServerMessage& m : watcher.snapshot) {
    if (m.has_auction_settled()) ADD_FAILURE() << "no AuctionSettled in a snapshot";
  }
  Trader seller = exchange.user("alice");
  int payments = 0;
  for (const ServerMessage& m : seller.snapshot) {
    if (m.has_portfolios()) {
      for (const auto& p : m.portfolios().portfolios()) {
        if (p.account_id() == alice.id) {
          EXPECT_EQ(p.total_balance(), 160);
        }
      }
    }
    if (m.has_transfers()) {
      for (const auto& t : m.transfers().transfers()) {
        if (t.note().starts_with("Auction Settlement of lamp")) {
          ++payments;
          EXPECT_EQ(t.initiator_id(), teacher.id);
          EXPECT_EQ(t.to_account_id(), alice.id);
        }
      }
    }
  }
  EXPECT_GE(payments, 2);  // the snapshot may send Transfers twice (protocol.md 5.2)

  // A restart keeps the buyers (and the labelled owner).
  exchange.restart();
  Trader after = exchange.user("dave");
  const auto reloaded = listed(after.snapshot, lamp);
  ASSERT_TRUE(reloaded.has_value());
  EXPECT_EQ(reloaded->buyer_id(), bob.id);
  EXPECT_EQ(buyers_of(*reloaded), (Buyers{{bob.id, 20}, {carol.id, 40}}));
}

TEST_F(AuctionSplit, RefusalsNameTheRequestAndChangeNothing) {
  const int64_t lamp = alice->request(list("lamp")).auction().id();
  EXPECT_EQ(failure(teacher->request(split(lamp, 10, {{bob.id, 5}, {alice.id, 5}}))),
            "SettleAuction: " + kSellerText);
  EXPECT_EQ(failure(teacher->request(split(lamp, 10, {{bob.id, 5}, {bob.id, 5}}))),
            "SettleAuction: The same buyer cannot appear more than once");
  EXPECT_EQ(failure(teacher->request(split(lamp, 10, {{bob.id, 5}, {carol.id, 4}}))),
            "SettleAuction: Contributions must sum to the settle price");
  EXPECT_EQ(failure(teacher->request(split(lamp, 10, {{bob.id, 15}, {carol.id, -5}}))),
            "SettleAuction: Contribution amount cannot be negative");
  EXPECT_EQ(failure(teacher->request(split(lamp, 10, {{bob.id, 5}, {carol.id, 5}}, dave.id))),
            "SettleAuction: Labeled owner must be one of the contributors");
  EXPECT_EQ(failure(teacher->request(split(lamp, 10, {{bob.id, 5}, {carol.id, std::nan("")}}))),
            "SettleAuction: Invalid settlement price");
  EXPECT_EQ(failure(teacher->request(split(lamp, 300, {{bob.id, 150}, {carol.id, 150}}))),
            "SettleAuction: Insufficient funds");
  // Decision of issue 17: a zero-price split is refused (the reference drops the connection).
  EXPECT_EQ(failure(teacher->request(split(lamp, 0, {{bob.id, 0}, {carol.id, 0}}))),
            "SettleAuction: Invalid settlement price");
  std::vector<std::pair<int64_t, double>> crowd(1'001, {bob.id, 0});
  EXPECT_EQ(failure(teacher->request(split(lamp, 0, crowd))),
            "SettleAuction: contributions must have at most 1000 entries");
  EXPECT_EQ(failure(alice->request(split(lamp, 10, {{bob.id, 10}}))),
            "SettleAuction: only admins can settle auctions");
  // Nothing moved; the connection is still usable and the auction still for sale.
  const ServerMessage sold = teacher->request(split(lamp, 10, {{bob.id, 10}}));
  ASSERT_TRUE(sold.has_auction_settled()) << sold.DebugString();
  EXPECT_EQ(sold.auction_settled().buyer_id(), bob.id);  // the sole contributor
  EXPECT_EQ(failure(teacher->request(split(lamp, 10, {{alice.id, 10}}))),
            "SettleAuction: Market already settled");  // before the seller check now
}

TEST_F(AuctionSplit, BuyItNowIsASingleBuyerSaleWithAPublishedPayment) {
  const int64_t bike = alice->request(list("bike", 30)).auction().id();
  EXPECT_EQ(failure(alice->request([&] {
              ClientMessage m;
              m.mutable_buy_auction()->set_auction_id(bike);
              return m;
            }())),
            "BuyAuction: " + kSellerText);
  alice->fence();
  ClientMessage buy;
  buy.mutable_buy_auction()->set_auction_id(bike);
  buy.set_request_id("buy-bike");
  const ServerMessage sold = bob->request(buy);
  ASSERT_TRUE(sold.has_auction_settled()) << sold.DebugString();
  EXPECT_EQ(sold.auction_settled().buyer_id(), bob.id);
  ASSERT_EQ(sold.auction_settled().buyers_size(), 1);
  EXPECT_EQ(sold.auction_settled().buyers(0).account_id(), bob.id);
  EXPECT_EQ(sold.auction_settled().buyers(0).amount(), 30);
  const std::vector<std::string> seller_saw = sale_messages(alice);
  EXPECT_EQ(seller_saw, (std::vector<std::string>{"settled", "transfer:Auction Settlement of bike",
                                                  "portfolio:" + std::to_string(alice.id)}));
  // An admin may sell a buy-it-now item at another price (changed at HEAD).
  const int64_t cup = alice->request(list("cup", 30)).auction().id();
  ASSERT_TRUE(teacher->request(split(cup, 12, {{carol.id, 12}})).has_auction_settled());
}

// Changed at HEAD (additions.md 4.4): an admin impersonating a student lists as the student.
TEST_F(AuctionSplit, AnImpersonatingAdminListsAsTheStudent) {
  ClientMessage become;
  become.mutable_act_as()->set_account_id(alice.id);
  become.set_request_id("become-alice");
  teacher->send(become);
  teacher->next_matching([](auto& m) { return m.has_acting_as() && m.request_id() == "become-alice"; });
  const ServerMessage listed = teacher->request(list("alices-chair"));
  ASSERT_TRUE(listed.has_auction()) << listed.DebugString();
  EXPECT_EQ(listed.auction().owner_id(), alice.id);
}

// The cohort's switch (additions.md 4.5): off, the five auction requests fail first of all
// (before the read-only gate and the rate limit) under their own kind, and logins get no
// auctions.
TEST(AuctionSwitch, OffRefusesEveryAuctionRequestFirstAndHidesAuctions) {
  namespace http = boost::beast::http;
  const std::string admin = "test::teacher::Teacher::true";
  TestExchange exchange;
  ASSERT_EQ(http_call(exchange.port(), http::verb::get, "/api/cohorts", admin).result_int(), 200);
  ASSERT_EQ(http_call(exchange.port(), http::verb::post, "/api/admin/cohorts", admin,
                      R"({"name":"quiet","display_name":"Quiet"})")
                .result_int(),
            200);
  auto set = [&](const std::string& json) {
    ASSERT_EQ(http_call(exchange.port(), http::verb::put, "/api/admin/cohorts/quiet", admin, json)
                  .result_int(),
              200);
  };
  set(R"({"auctions_enabled":true})");
  Trader teacher = exchange.user("teacher", true, "quiet");
  const int64_t lamp = teacher->request(list("lamp")).auction().id();
  EXPECT_TRUE(listed(exchange.user("student", false, "quiet").snapshot, lamp).has_value());

  set(R"({"auctions_enabled":false,"is_read_only":true})");
  ClientMessage edit, remove, buy;
  edit.mutable_edit_auction()->set_id(lamp);
  remove.mutable_delete_auction()->set_auction_id(lamp);
  buy.mutable_buy_auction()->set_auction_id(lamp);
  const std::vector<std::pair<std::string, ClientMessage>> requests{
      {"CreateAuction", list("desk")}, {"EditAuction", edit}, {"DeleteAuction", remove},
      {"SettleAuction", split(lamp, 1, {{teacher.id, 1}})}, {"BuyAuction", buy}};
  for (const auto& [kind, message] : requests) {
    EXPECT_EQ(failure(teacher->request(message)), kind + ": Auctions are disabled for this cohort");
  }
  const Trader late = exchange.user("student", false, "quiet");
  EXPECT_FALSE(late.snapshot.front().authenticated().auction_enabled());
  EXPECT_FALSE(listed(late.snapshot, lamp).has_value());
}

}  // namespace
}  // namespace exchange::testing
