// Gift, RedistributeOwnerCredit, Portfolio.traded_market_ids and Trades.redemptions over the
// real server (additions.md 2, 3, 6.2, 6.3): who receives what, in which order, with which
// request id, and what survives a restart.

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "classroom.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

std::string failure(const ServerMessage& reply) {
  return reply.request_failed().request_details().kind() + ": " +
         reply.request_failed().error_details().message();
}

ClientMessage gift(int64_t to, double amount, const std::string& note, const std::string& id) {
  ClientMessage message;
  message.set_request_id(id);
  message.mutable_gift()->set_to_account_id(to);
  message.mutable_gift()->set_amount(amount);
  message.mutable_gift()->set_note(note);
  return message;
}

ClientMessage redistribute(int64_t account, int64_t from, const std::string& id = "") {
  ClientMessage message;
  message.set_request_id(id);
  message.mutable_redistribute_owner_credit()->set_account_id(account);
  message.mutable_redistribute_owner_credit()->set_from_owner_id(from);
  return message;
}

ClientMessage full_trades(int64_t market) {
  ClientMessage message;
  message.mutable_get_full_trade_history()->set_market_id(market);
  return message;
}

std::vector<std::string> kinds(const std::vector<ServerMessage>& messages) {
  std::vector<std::string> out;
  for (const auto& m : messages) {
    out.push_back(std::string(ServerMessage::GetDescriptor()
                                  ->FindFieldByNumber(m.message_case())
                                  ->name()) +
                  (m.request_id().empty() ? "" : "#" + m.request_id()));
  }
  return out;
}

std::vector<int64_t> traded(const websocket_api::Portfolio& portfolio) {
  return {portfolio.traded_market_ids().begin(), portfolio.traded_market_ids().end()};
}

class Gifts : public Classroom {
 protected:
  Gifts() : Classroom(1000) {}
};

TEST_F(Gifts, RefusedWithTheSpecsTextsInOrder) {
  bob->fence();  // the classroom's funding
  EXPECT_EQ(failure(alice->request(gift(bob.id, 5, "", "g"))),
            "Gift: Not the owner of this universe");
  // An admin without sudo gets the same text (no "Sudo required" here).
  EXPECT_EQ(failure(teacher->request(gift(bob.id, 5, "", "g"))),
            "Gift: Not the owner of this universe");
  ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  EXPECT_EQ(failure(teacher->request(gift(bob.id, 0, "", "g"))), "Gift: Invalid amount");
  EXPECT_EQ(failure(teacher->request(gift(bob.id, 0.00001, "", "g"))), "Gift: Invalid amount");
  EXPECT_EQ(failure(teacher->request(gift(bob.id, std::nan(""), "", "g"))),
            "Gift: Invalid amount");
  EXPECT_EQ(failure(teacher->request(gift(999, 5, "", "g"))), "Gift: Account not found");
  EXPECT_EQ(failure(teacher->request(gift(0, 5, "", "g"))), "Gift: Account not found");
  EXPECT_EQ(failure(teacher->request(gift(bob.id, 5, std::string(501, 'x'), "g"))),
            "Gift: Note must be at most 500 characters");
  // Nothing reached bob.
  for (const auto& m : bob->fence()) EXPECT_FALSE(m.has_transfer_created()) << m.DebugString();
}

TEST_F(Gifts, ReachesTheRequesterOnceAndTheRecipientsOwners) {
  ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  teacher->fence();
  alice->fence();
  bob->fence();
  // A gift to alice: the requester gets the direct reply only, alice the private copy and
  // then her new balance. Recorded from Arbor Pixie (account 1), initiated by the admin.
  teacher->send(gift(alice.id, 250.5, "prize", "g1"));
  const auto to_teacher = teacher->fence();
  ASSERT_EQ(kinds(to_teacher), std::vector<std::string>{"transfer_created#g1"});
  const auto& transfer = to_teacher[0].transfer_created();
  EXPECT_EQ(transfer.from_account_id(), 1);
  EXPECT_EQ(transfer.to_account_id(), alice.id);
  EXPECT_EQ(transfer.initiator_id(), teacher.id);
  EXPECT_EQ(transfer.amount(), 250.5);
  EXPECT_EQ(transfer.note(), "prize");
  const auto to_alice = alice->fence();
  ASSERT_EQ(kinds(to_alice),
            (std::vector<std::string>{"transfer_created#g1", "portfolio_updated"}));
  EXPECT_EQ(to_alice[0].transfer_created().id(), transfer.id());
  EXPECT_EQ(to_alice[1].portfolio_updated().total_balance(), 1250.5);
  EXPECT_TRUE(bob->fence().empty());

  // A gift to the requester's own account: once, not twice (deviation from the reference),
  // while the same user's second connection gets its private copy.
  Trader second = exchange.user("teacher", true);
  teacher->send(gift(teacher.id, 10, "", "g2"));
  EXPECT_EQ(kinds(teacher->fence()),
            (std::vector<std::string>{"transfer_created#g2", "portfolio_updated"}));
  EXPECT_EQ(kinds(second->fence()),
            (std::vector<std::string>{"transfer_created#g2", "portfolio_updated"}));
}

TEST_F(Gifts, FundsASharedAccountWithOpenPositionsAndSurvivesARestart) {
  const auto team = alice->request([&] {
    ClientMessage m;
    m.mutable_create_account()->set_owner_id(alice.id);
    m.mutable_create_account()->set_name("team");
    return m;
  }());
  const int64_t team_id = team.account_created().id();
  ClientMessage share;
  share.mutable_share_ownership()->set_of_account_id(team_id);
  share.mutable_share_ownership()->set_to_account_id(bob.id);
  ASSERT_TRUE(alice->request(share).has_ownership_given());
  ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  ASSERT_TRUE(teacher->request(gift(team_id, 40, "seed", "g")).has_transfer_created());
  alice->fence();
  bob->fence();
  // Both owners hear of the gift; neither owner's credit changed (no rebalancing base: 0/0).
  teacher->send(gift(team_id, 2, "more", "g2"));
  teacher->fence();
  for (Trader* owner : {&alice, &bob}) {
    const auto heard = (*owner)->fence();
    ASSERT_EQ(kinds(heard),
              (std::vector<std::string>{"transfer_created#g2", "portfolio_updated"}));
    EXPECT_EQ(heard[1].portfolio_updated().total_balance(), 42);
  }
  exchange.restart();
  Trader again = exchange.user("alice");
  const auto restored = last_portfolio(again.snapshot, team_id);
  ASSERT_TRUE(restored.has_value());
  EXPECT_EQ(restored->total_balance(), 42);
}

TEST_F(Gifts, RedistributeOwnerCreditMovesOneOwnersShare) {
  ClientMessage create;
  create.mutable_create_account()->set_owner_id(alice.id);
  create.mutable_create_account()->set_name("team");
  const int64_t team = alice->request(create).account_created().id();
  ClientMessage share;
  share.mutable_share_ownership()->set_of_account_id(team);
  share.mutable_share_ownership()->set_to_account_id(bob.id);
  ASSERT_TRUE(alice->request(share).has_ownership_given());
  ASSERT_TRUE(alice->request(make_transfer(alice.id, team, 600)).has_transfer_created());
  ASSERT_TRUE(bob->request(make_transfer(bob.id, team, 400)).has_transfer_created());

  EXPECT_EQ(failure(alice->request(redistribute(team, alice.id, "r"))),
            "RedistributeOwnerCredit: Admin access required");
  EXPECT_EQ(failure(teacher->request(redistribute(team, alice.id, "r"))),
            "RedistributeOwnerCredit: Sudo required");
  ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  EXPECT_EQ(failure(teacher->request(redistribute(alice.id, alice.id, "r"))),
            "RedistributeOwnerCredit: Account not found");
  EXPECT_EQ(failure(teacher->request(redistribute(999, alice.id, "r"))),
            "RedistributeOwnerCredit: Account not found");
  EXPECT_EQ(failure(teacher->request(redistribute(team, teacher.id, "r"))),
            "RedistributeOwnerCredit: Not owner");

  teacher->fence();
  alice->fence();
  bob->fence();
  teacher->send(redistribute(team, alice.id, "r1"));
  EXPECT_EQ(kinds(teacher->fence()), std::vector<std::string>{"owner_credit_redistributed#r1"});
  for (Trader* owner : {&alice, &bob}) {
    const auto heard = (*owner)->fence();
    ASSERT_EQ(kinds(heard), std::vector<std::string>{"portfolio_updated"});
    const auto& credits = heard[0].portfolio_updated().owner_credits();
    ASSERT_EQ(credits.size(), 2);
    EXPECT_EQ(credits[0].owner_id(), alice.id);
    EXPECT_EQ(credits[0].credit(), 0);
    EXPECT_EQ(credits[1].credit(), 1000);
  }
  // Alice's credit is 0 now, so she can be removed; the credits were persisted.
  ClientMessage revoke;
  revoke.mutable_revoke_ownership()->set_of_account_id(team);
  revoke.mutable_revoke_ownership()->set_from_account_id(alice.id);
  ASSERT_TRUE(teacher->request(revoke).has_ownership_revoked());
  exchange.restart();
  Trader bob_again = exchange.user("bob");
  const auto restored = last_portfolio(bob_again.snapshot, team);
  ASSERT_TRUE(restored.has_value());
  ASSERT_EQ(restored->owner_credits_size(), 1);
  EXPECT_EQ(restored->owner_credits(0).credit(), 1000);
}

TEST_F(Gifts, TradedMarketsAndFundRedemptionsReachPortfoliosAndHistories) {
  const int64_t m1 = teacher->request(create_market("tm1", 0, 10)).market().id();
  const int64_t m2 = teacher->request(create_market("tm2", 0, 10)).market().id();
  ClientMessage fund = create_market("tfund", 0, 0);
  fund.mutable_create_market()->set_hide_account_ids(true);
  for (int64_t part : {m1, m2}) {
    auto* constituent = fund.mutable_create_market()->add_redeemable_for();
    constituent->set_constituent_id(part);
    constituent->set_multiplier(1);
  }
  const auto made = teacher->request(fund);
  ASSERT_TRUE(made.has_market()) << made.DebugString();
  const int64_t fund_id = made.market().id();
  ASSERT_TRUE(alice->request(create_order(m1, websocket_api::BID, 5, 1)).has_order_created());
  alice->fence();
  ASSERT_TRUE(bob->request(create_order(m1, websocket_api::OFFER, 5, 1)).has_order_created());
  // Filled in portfolio_updated too (issue 17's decision).
  const auto alice_now = last_portfolio(alice->fence(), alice.id);
  ASSERT_TRUE(alice_now.has_value());
  EXPECT_EQ(traded(*alice_now), std::vector<int64_t>{m1});

  ClientMessage redeem;
  redeem.mutable_redeem()->set_fund_id(fund_id);
  redeem.mutable_redeem()->set_amount(-2);  // creating fund units from constituents
  ASSERT_TRUE(alice->request(redeem).has_redeemed());
  const auto after_redeem = last_portfolio(alice->fence(), alice.id);
  ASSERT_TRUE(after_redeem.has_value());
  EXPECT_EQ(traded(*after_redeem), (std::vector<int64_t>{m1, fund_id}));

  // The fund's full history lists the redemption, its account hidden from others.
  const auto for_alice = alice->request(full_trades(fund_id));
  ASSERT_EQ(for_alice.trades().redemptions_size(), 1);
  EXPECT_EQ(for_alice.trades().redemptions(0).account_id(), alice.id);
  EXPECT_EQ(for_alice.trades().redemptions(0).fund_id(), fund_id);
  EXPECT_EQ(for_alice.trades().redemptions(0).amount(), -2);
  const auto for_bob = bob->request(full_trades(fund_id));
  ASSERT_EQ(for_bob.trades().redemptions_size(), 1);
  EXPECT_EQ(for_bob.trades().redemptions(0).account_id(), 0);
  ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  EXPECT_EQ(teacher->request(full_trades(fund_id)).trades().redemptions(0).account_id(),
            alice.id);
  // A constituent's history does not list the fund's redemptions.
  const auto constituent = alice->request(full_trades(m1));
  EXPECT_EQ(constituent.trades().trades_size(), 1);
  EXPECT_EQ(constituent.trades().redemptions_size(), 0);

  // Rebuilt at start-up from the stored trades and redemptions.
  exchange.restart();
  Trader alice_again = exchange.user("alice");
  Trader bob_again = exchange.user("bob");
  const auto restored = last_portfolio(alice_again.snapshot, alice.id);
  ASSERT_TRUE(restored.has_value());
  EXPECT_EQ(traded(*restored), (std::vector<int64_t>{m1, fund_id}));
  EXPECT_EQ(traded(*last_portfolio(bob_again.snapshot, bob.id)), std::vector<int64_t>{m1});
  (void)m2;
}

}  // namespace
}  // namespace exchange::testing
