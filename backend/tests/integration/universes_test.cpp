// Universes over real sockets (cohorts.md 5.3-5.6, 6.2, 6.3, 10.1-10.3): creation and its
// broadcast, accounts with a minted balance, trading and transfers kept inside a universe, the
// snapshot's market list, the ActAs re-send and live market events per universe.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "classroom.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

ClientMessage create_universe(const std::string& name, const std::string& description = "") {
  ClientMessage message;
  message.mutable_create_universe()->set_name(name);
  message.mutable_create_universe()->set_description(description);
  return message;
}

ClientMessage create_account(int64_t owner, const std::string& name, int64_t universe,
                             double balance = 0, std::optional<std::string> color = {}) {
  ClientMessage message;
  auto* body = message.mutable_create_account();
  body->set_owner_id(owner);
  body->set_name(name);
  body->set_universe_id(universe);
  body->set_initial_balance(balance);
  if (color) body->set_color(*color);
  return message;
}

ClientMessage act_as(int64_t account) {
  ClientMessage message;
  message.mutable_act_as()->set_account_id(account);
  return message;
}

std::string failure(const ServerMessage& reply) {
  return reply.request_failed().request_details().kind() + ": " +
         reply.request_failed().error_details().message();
}

// Ids of the markets described (Market messages) among `messages`.
std::vector<int64_t> markets_in(const std::vector<ServerMessage>& messages) {
  std::vector<int64_t> ids;
  for (const auto& m : messages) {
    if (m.has_market()) ids.push_back(m.market().id());
  }
  return ids;
}

bool mentions_orders_of(const std::vector<ServerMessage>& messages, int64_t market) {
  return std::any_of(messages.begin(), messages.end(), [&](const ServerMessage& m) {
    return (m.has_order_created() && m.order_created().market_id() == market) ||
           (m.has_market() && m.market().id() == market);
  });
}

class Universes : public Classroom {
 protected:
  Universes() : Classroom(1000) {}

  // A universe of alice's and an alt of alice's inside it with `balance`.
  void make_side_world(double balance = 500) {
    const auto made = alice->request(create_universe("Side", "alice's class"));
    ASSERT_TRUE(made.has_universe()) << made.DebugString();
    side = made.universe().id();
    const auto created = alice->request(create_account(alice.id, "side-bot", side, balance));
    ASSERT_TRUE(created.has_account_created()) << created.DebugString();
    bot = created.account_created().id();
  }

  int64_t side = 0, bot = 0;
};

TEST_F(Universes, CreateUniverseIsBroadcastToEveryoneWithTheRequestId) {
  bob->fence();
  ClientMessage request = create_universe("Side", "alice's class");
  request.set_request_id("new-world");
  const auto reply = alice->request(request);
  ASSERT_TRUE(reply.has_universe()) << reply.DebugString();
  EXPECT_EQ(reply.universe().id(), 1);
  EXPECT_EQ(reply.universe().name(), "Side");
  EXPECT_EQ(reply.universe().description(), "alice's class");
  EXPECT_EQ(reply.universe().owner_id(), alice.id);
  const auto heard = bob->next_matching([](auto& m) { return m.has_universe(); });
  EXPECT_EQ(heard.request_id(), "new-world");
  EXPECT_EQ(heard.universe().id(), 1);

  EXPECT_EQ(failure(alice->request(create_universe(" "))),
            "CreateUniverse: Account name cannot be empty");
  EXPECT_EQ(failure(bob->request(create_universe("Side"))),
            "CreateUniverse: Universe name already exists");
  EXPECT_EQ(failure(bob->request(create_universe("Main"))),
            "CreateUniverse: Universe name already exists");
  EXPECT_EQ(failure(bob->request(create_universe(std::string(65, 'u')))),
            "CreateUniverse: Universe name must be at most 64 characters");
  EXPECT_EQ(failure(bob->request(create_universe("x", std::string(10'001, 'd')))),
            "CreateUniverse: Description must be at most 10000 characters");

  // A later login lists every universe, right after the accounts.
  Trader carol = exchange.user("carol");
  auto accounts = std::find_if(carol.snapshot.begin(), carol.snapshot.end(),
                               [](auto& m) { return m.has_accounts(); });
  ASSERT_NE(accounts, carol.snapshot.end());
  ASSERT_NE(accounts + 1, carol.snapshot.end());
  const auto& universes = (accounts + 1)->universes();
  ASSERT_TRUE((accounts + 1)->has_universes());
  ASSERT_EQ(universes.universes_size(), 2);
  EXPECT_EQ(universes.universes(0).name(), "Main");
  EXPECT_EQ(universes.universes(0).description(), "The main trading universe");
  EXPECT_EQ(universes.universes(0).owner_id(), 0);
  EXPECT_EQ(universes.universes(1).owner_id(), alice.id);
  // The ready signal carries A's universe and U.
  ASSERT_TRUE(carol.snapshot.back().has_acting_as());
  EXPECT_EQ(carol.snapshot.back().acting_as().universe_id(), 0);
  EXPECT_EQ(carol.snapshot.back().acting_as().user_id(), carol.id);
}

TEST_F(Universes, AccountsInAUniverseGetAMintedBalanceAndAColour) {
  const int64_t universe = alice->request(create_universe("Side")).universe().id();
  EXPECT_EQ(failure(alice->request(create_account(alice.id, "rich", 0, 5))),
            "CreateAccount: Not the owner of this universe");
  EXPECT_EQ(failure(bob->request(create_account(bob.id, "intruder", universe))),
            "CreateAccount: Not the owner of this universe");
  EXPECT_EQ(failure(alice->request(create_account(alice.id, "x", universe, std::nan("")))),
            "CreateAccount: Invalid amount");
  EXPECT_EQ(failure(alice->request(create_account(alice.id, "x", universe, 0.00001))),
            "CreateAccount: Invalid amount");
  EXPECT_EQ(failure(alice->request(create_account(alice.id, "x", 7))),
            "CreateAccount: Universe not found");
  EXPECT_EQ(failure(alice->request(create_account(alice.id, "x", universe, 1, "blue"))),
            "CreateAccount: Account color must be a hex value like #aabbcc");

  bob->fence();
  const auto created =
      alice->request(create_account(alice.id, "side-bot", universe, 250.5, "#FFAA00"));
  ASSERT_TRUE(created.has_account_created()) << created.DebugString();
  EXPECT_EQ(created.account_created().universe_id(), universe);
  EXPECT_EQ(created.account_created().color(), "#ffaa00");
  const int64_t bot = created.account_created().id();
  const auto resync = alice->fence();
  const auto portfolios =
      std::find_if(resync.begin(), resync.end(), [](auto& m) { return m.has_portfolios(); });
  ASSERT_NE(portfolios, resync.end());
  bool found = false;
  for (const auto& p : portfolios->portfolios().portfolios()) {
    if (p.account_id() != bot) continue;
    found = true;
    EXPECT_EQ(p.total_balance(), 250.5);
  }
  EXPECT_TRUE(found);
  // Minted: no transfer touches the new account.
  for (const auto& m : resync) {
    if (!m.has_transfers()) continue;
    for (const auto& t : m.transfers().transfers()) {
      EXPECT_NE(t.to_account_id(), bot);
      EXPECT_NE(t.from_account_id(), bot);
    }
  }
  const auto heard = bob->next_matching([](auto& m) { return m.has_account_created(); });
  EXPECT_EQ(heard.account_created().universe_id(), universe);

  // Accounts snapshot: universe and colour; no colour is absent, not "".
  Trader carol = exchange.user("carol");
  for (const auto& m : carol.snapshot) {
    if (!m.has_accounts()) continue;
    for (const auto& account : m.accounts().accounts()) {
      if (account.id() == bot) {
        EXPECT_EQ(account.universe_id(), universe);
        EXPECT_EQ(account.color(), "#ffaa00");
      } else {
        EXPECT_EQ(account.universe_id(), 0);
        EXPECT_FALSE(account.has_color());
      }
    }
  }
}

TEST_F(Universes, TradingAndTransfersStayInsideAUniverse) {
  make_side_world();
  const int64_t main_market = teacher->request(create_market("main", 0, 10)).market().id();
  EXPECT_EQ(failure(alice->request(make_transfer(alice.id, bot, 10))),
            "MakeTransfer: Cannot transfer between accounts in different universes");
  ASSERT_TRUE(alice->request(act_as(bot)).has_acting_as());
  EXPECT_EQ(failure(alice->request(create_order(main_market, websocket_api::BID, 5, 1))),
            "CreateOrder: Cannot trade in a market from a different universe");
  const auto side_market = alice->request(create_market("side", 0, 10));
  ASSERT_TRUE(side_market.has_market()) << side_market.DebugString();
  EXPECT_EQ(side_market.market().universe_id(), side);
  const auto order =
      alice->request(create_order(side_market.market().id(), websocket_api::BID, 5, 1));
  ASSERT_TRUE(order.has_order_created()) << order.DebugString();
  EXPECT_EQ(order.order_created().account_id(), bot);
  // Bob, in Main, may not trade there nor build a fund on it.
  EXPECT_EQ(
      failure(bob->request(create_order(side_market.market().id(), websocket_api::OFFER, 5, 1))),
      "CreateOrder: Cannot trade in a market from a different universe");
  ClientMessage fund = create_market("fund", 0, 0);
  auto* part = fund.mutable_create_market()->add_redeemable_for();
  part->set_constituent_id(side_market.market().id());
  part->set_multiplier(1);
  EXPECT_EQ(failure(bob->request(fund)), "CreateMarket: Constituent not found");
  // Outside Main only the universe's owner creates markets.
  EXPECT_EQ(failure(teacher->request(create_account(teacher.id, "t-bot", side))),
            "CreateAccount: Not the owner of this universe");
}

TEST_F(Universes, ActAsReportsTheUniverseAndResendsThePublicData) {
  make_side_world();
  const int64_t main_market = teacher->request(create_market("main", 0, 10)).market().id();
  alice->fence();
  ClientMessage into = act_as(bot);
  into.set_request_id("into-side");
  const auto acting = alice->request(into);
  ASSERT_TRUE(acting.has_acting_as());
  EXPECT_EQ(acting.acting_as().account_id(), bot);
  EXPECT_EQ(acting.acting_as().universe_id(), side);
  EXPECT_EQ(acting.acting_as().user_id(), alice.id);
  auto resent = alice->fence();
  ASSERT_FALSE(resent.empty());
  EXPECT_TRUE(resent.front().has_accounts());
  EXPECT_TRUE(resent.front().request_id().empty());
  EXPECT_TRUE(resent[1].has_universes());
  EXPECT_TRUE(markets_in(resent).empty());  // Main's market is not in the side universe

  const int64_t side_market = alice->request(create_market("side", 0, 10)).market().id();
  // Acting as another account of the same universe: no re-send.
  const auto second = alice->request(create_account(bot, "side-bot-2", side));
  ASSERT_TRUE(second.has_account_created());
  alice->fence();
  ASSERT_TRUE(alice->request(act_as(second.account_created().id())).has_acting_as());
  EXPECT_TRUE(alice->fence().empty());

  // Back to Main: Main's markets, not the side one.
  const auto back = alice->request(act_as(alice.id));
  EXPECT_EQ(back.acting_as().universe_id(), 0);
  EXPECT_EQ(markets_in(alice->fence()), (std::vector<int64_t>{main_market}));

  // A login acting as the bot shows the side universe, whatever sudo an admin has.
  auto again = exchange.connect();
  const auto snapshot = again->login(test_token("alice"), bot);
  EXPECT_EQ(markets_in(snapshot), (std::vector<int64_t>{side_market}));
  EXPECT_EQ(snapshot.back().acting_as().universe_id(), side);
  ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  EXPECT_EQ(markets_in(teacher->fence()), (std::vector<int64_t>{main_market}));
}

TEST_F(Universes, LiveMarketEventsReachOnlyTheirUniverse) {
  make_side_world();
  const int64_t main_market = teacher->request(create_market("main", 0, 10)).market().id();
  ASSERT_TRUE(alice->request(act_as(bot)).has_acting_as());
  alice->fence();
  bob->fence();
  teacher->fence();

  const int64_t side_market = alice->request(create_market("side", 0, 10)).market().id();
  ASSERT_TRUE(
      alice->request(create_order(side_market, websocket_api::BID, 5, 1)).has_order_created());
  EXPECT_FALSE(mentions_orders_of(bob->fence(), side_market));
  EXPECT_FALSE(mentions_orders_of(teacher->fence(), side_market));

  ASSERT_TRUE(
      bob->request(create_order(main_market, websocket_api::BID, 5, 1)).has_order_created());
  EXPECT_TRUE(mentions_orders_of(teacher->fence(), main_market));
  EXPECT_FALSE(mentions_orders_of(alice->fence(), main_market));

  // Settling reaches the requester even when it shows another universe.
  ASSERT_TRUE(alice->request(act_as(alice.id)).has_acting_as());
  alice->fence();
  bob->fence();
  const auto settled = alice->request(settle_market(side_market, 3));
  ASSERT_TRUE(settled.has_market_settled()) << settled.DebugString();
  EXPECT_EQ(settled.market_settled().id(), side_market);
  const auto bob_saw = bob->fence();
  EXPECT_TRUE(
      std::none_of(bob_saw.begin(), bob_saw.end(), [](auto& m) { return m.has_market_settled(); }));
}

TEST_F(Universes, HiddenIdAndRestrictedMarketsFollowTheUniverseToo) {
  make_side_world();
  ASSERT_TRUE(alice->request(act_as(bot)).has_acting_as());
  ClientMessage hiding = create_market("side hiding", 0, 10);
  hiding.mutable_create_market()->set_hide_account_ids(true);
  ClientMessage restricted = create_market("side restricted", 0, 10);
  restricted.mutable_create_market()->add_visible_to(bob.id);  // bob may see it, not trade
  const int64_t side_hiding = alice->request(hiding).market().id();
  const int64_t side_restricted = alice->request(restricted).market().id();
  ClientMessage main_hiding = create_market("main hiding", 0, 10);
  main_hiding.mutable_create_market()->set_hide_account_ids(true);
  const int64_t main_market = teacher->request(main_hiding).market().id();
  ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  alice->fence();
  bob->fence();
  teacher->fence();

  ASSERT_TRUE(
      alice->request(create_order(side_hiding, websocket_api::BID, 5, 1)).has_order_created());
  ASSERT_TRUE(
      alice->request(create_order(side_restricted, websocket_api::BID, 5, 1)).has_order_created());
  const auto bob_saw = bob->fence();
  EXPECT_FALSE(mentions_orders_of(bob_saw, side_hiding));
  EXPECT_FALSE(mentions_orders_of(bob_saw, side_restricted));
  const auto admin_saw = teacher->fence();  // a sudo admin showing Main
  EXPECT_FALSE(mentions_orders_of(admin_saw, side_hiding));
  EXPECT_FALSE(mentions_orders_of(admin_saw, side_restricted));

  ASSERT_TRUE(
      bob->request(create_order(main_market, websocket_api::BID, 5, 1)).has_order_created());
  EXPECT_TRUE(mentions_orders_of(teacher->fence(), main_market));
  EXPECT_FALSE(mentions_orders_of(alice->fence(), main_market));
}

}  // namespace
}  // namespace exchange::testing
