// Alt accounts, sharing, revocation, credits, ActAs and impersonation over real sockets
// (protocol.md 3.3.8-3.3.10, 3.3.18, 5.5; rules.md 9-10).

#include <gtest/gtest.h>

#include "classroom.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

ClientMessage create_account(int64_t owner, const std::string& name) {
  ClientMessage message;
  message.mutable_create_account()->set_owner_id(owner);
  message.mutable_create_account()->set_name(name);
  return message;
}

ClientMessage share(int64_t account, int64_t with) {
  ClientMessage message;
  message.mutable_share_ownership()->set_of_account_id(account);
  message.mutable_share_ownership()->set_to_account_id(with);
  return message;
}

ClientMessage revoke(int64_t account, int64_t from) {
  ClientMessage message;
  message.mutable_revoke_ownership()->set_of_account_id(account);
  message.mutable_revoke_ownership()->set_from_account_id(from);
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

class Accounts : public Classroom {
 protected:
  Accounts() : Classroom(1000) {}
};

TEST_F(Accounts, AnAltIsCreatedAnnouncedAndTradedAs) {
  alice->fence();
  bob->fence();
  ClientMessage create = create_account(alice.id, "alice-bot");
  create.set_request_id("make-bot");
  alice->send(create);
  const auto announced = alice->next();
  ASSERT_TRUE(announced.has_account_created()) << announced.DebugString();
  EXPECT_EQ(announced.request_id(), "make-bot");
  EXPECT_FALSE(announced.account_created().is_user());
  const int64_t bot = announced.account_created().id();
  // Then the re-sync: transfers, portfolios (now with the alt), and the public data.
  EXPECT_TRUE(alice->next().has_transfers());
  const auto portfolios = alice->next();
  ASSERT_TRUE(portfolios.has_portfolios());
  ASSERT_EQ(portfolios.portfolios().portfolios_size(), 2);
  EXPECT_EQ(portfolios.portfolios().portfolios(1).account_id(), bot);
  EXPECT_EQ(portfolios.portfolios().portfolios(1).owner_credits(0).owner_id(), alice.id);
  EXPECT_TRUE(alice->next().has_accounts());
  // Everyone hears of the new account, with the creator's request id.
  const auto heard = bob->next_matching([](auto& m) { return m.has_account_created(); });
  EXPECT_EQ(heard.request_id(), "make-bot");

  EXPECT_EQ(failure(alice->request(create_account(alice.id, "alice-bot"))),
            "CreateAccount: Account name already exists");
  EXPECT_EQ(failure(alice->request(create_account(bob.id, "x"))), "CreateAccount: Invalid owner");
  EXPECT_EQ(failure(alice->request(create_account(alice.id, " "))),
            "CreateAccount: Account name cannot be empty");

  ASSERT_TRUE(alice->request(make_transfer(alice.id, bot, 100)).has_transfer_created());
  const auto acting = alice->request(act_as(bot));
  ASSERT_TRUE(acting.has_acting_as());
  EXPECT_EQ(acting.acting_as().account_id(), bot);
  const int64_t market = teacher->request(create_market("m", 0, 10)).market().id();
  const auto order = alice->request(create_order(market, websocket_api::BID, 5, 2));
  ASSERT_TRUE(order.has_order_created());
  EXPECT_EQ(order.order_created().account_id(), bot);
  EXPECT_EQ(failure(bob->request(act_as(bot))), "ActAs: Not owner of account");
  EXPECT_EQ(failure(teacher->request(act_as(bot))), "ActAs: Sudo required");
}

TEST_F(Accounts, SharingAndRevokingUpdateOtherSessionsLive) {
  const int64_t bot =
      alice->request(create_account(alice.id, "shared-bot")).account_created().id();
  bob->fence();
  const auto given = alice->request(share(bot, bob.id));
  EXPECT_TRUE(given.has_ownership_given()) << given.DebugString();
  // Bob's session learns without reconnecting.
  const auto resynced = bob->next_matching([](auto& m) { return m.has_portfolios(); });
  ASSERT_EQ(resynced.portfolios().portfolios_size(), 2);
  EXPECT_EQ(resynced.portfolios().portfolios(1).account_id(), bot);
  ASSERT_TRUE(bob->request(act_as(bot)).has_acting_as());

  EXPECT_EQ(failure(alice->request(share(bot, bob.id))), "ShareOwnership: Already owner");
  EXPECT_EQ(failure(bob->request(share(alice.id, teacher.id))), "ShareOwnership: Not owner");
  EXPECT_EQ(failure(alice->request(share(bot, bot))), "ShareOwnership: Recipient not a user");

  EXPECT_EQ(failure(bob->request(revoke(bot, bob.id))),
            "RevokeOwnership: Only admins can revoke ownership");
  EXPECT_EQ(failure(teacher->request(revoke(bot, bob.id))), "RevokeOwnership: Sudo required");
  ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  bob->fence();
  const auto revoked = teacher->request(revoke(bot, bob.id));
  EXPECT_TRUE(revoked.has_ownership_revoked()) << revoked.DebugString();
  // Bob was acting as the bot: he falls back to himself, told by an ActingAs.
  const auto fallback = bob->next_matching([](auto& m) { return m.has_acting_as(); });
  EXPECT_EQ(fallback.acting_as().account_id(), bob.id);
  EXPECT_TRUE(fallback.request_id().empty());
  EXPECT_EQ(failure(teacher->request(revoke(bot, bob.id))),
            "RevokeOwnership: Account already not shared");
  EXPECT_EQ(failure(bob->request(act_as(bot))), "ActAs: Not owner of account");
}

TEST_F(Accounts, CoOwnersShareProfitsThroughCredits) {
  const int64_t club = alice->request(create_account(alice.id, "club")).account_created().id();
  ASSERT_TRUE(alice->request(share(club, bob.id)).has_ownership_given());
  ASSERT_TRUE(alice->request(make_transfer(alice.id, club, 100)).has_transfer_created());
  ASSERT_TRUE(bob->request(make_transfer(bob.id, club, 50)).has_transfer_created());
  const int64_t market = teacher->request(create_market("club-bet", 0, 100)).market().id();
  ASSERT_TRUE(teacher->request(create_order(market, websocket_api::OFFER, 10, 1)).has_order_created());
  ASSERT_TRUE(alice->request(act_as(club)).has_acting_as());
  ASSERT_TRUE(alice->request(create_order(market, websocket_api::BID, 10, 1)).has_order_created());
  // While the club holds a position, credits may not move.
  EXPECT_EQ(failure(bob->request(make_transfer(bob.id, club, 1))),
            "MakeTransfer: Shared ownership account has open positions");
  alice->fence();
  ASSERT_TRUE(teacher->request(settle_market(market, 40)).has_market_settled());
  // Flat again and worth 180: credits rescale 100:50 → 120:60.
  const auto messages = alice->fence();
  const auto portfolio = last_portfolio(messages, club);
  ASSERT_TRUE(portfolio.has_value());
  EXPECT_EQ(portfolio->total_balance(), 180);
  std::map<int64_t, double> credits;
  for (const auto& c : portfolio->owner_credits()) credits[c.owner_id()] = c.credit();
  EXPECT_EQ(credits[alice.id], 120);
  EXPECT_EQ(credits[bob.id], 60);
  // Bob takes his share out; more would be refused.
  EXPECT_EQ(failure(bob->request(make_transfer(club, bob.id, 61))),
            "MakeTransfer: Insufficient credit");
  EXPECT_TRUE(bob->request(make_transfer(club, bob.id, 60)).has_transfer_created());
}

TEST_F(Accounts, AdminsImpersonateUsers) {
  EXPECT_EQ(failure(teacher->request(act_as(alice.id))), "ActAs: Sudo required");
  ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  teacher->fence();
  ClientMessage become = act_as(alice.id);
  become.set_request_id("become-alice");
  teacher->send(become);
  EXPECT_TRUE(teacher->next().has_transfers());
  const auto portfolios = teacher->next();
  ASSERT_TRUE(portfolios.has_portfolios());
  EXPECT_EQ(portfolios.portfolios().portfolios(0).account_id(), alice.id);
  const auto acting = teacher->next();
  EXPECT_EQ(acting.request_id(), "become-alice");
  EXPECT_EQ(acting.acting_as().account_id(), alice.id);
  // Transfers now start from alice, with the admin recorded as the initiator.
  const auto paid = teacher->request(make_transfer(alice.id, bob.id, 5));
  ASSERT_TRUE(paid.has_transfer_created()) << paid.DebugString();
  EXPECT_EQ(paid.transfer_created().initiator_id(), teacher.id);
  EXPECT_EQ(failure(teacher->request(act_as(999))), "ActAs: Account not found");
  const int64_t bot = alice->request(create_account(alice.id, "alices-alt")).account_created().id();
  // Acting as alice now, the teacher owns alice's alt like she does.
  EXPECT_TRUE(teacher->request(act_as(bot)).has_acting_as());
}

}  // namespace
}  // namespace exchange::testing
