"""Gift, RedistributeOwnerCredit, account colours, traded markets and fund redemptions against
the real server."""

import uuid

from exchange_client import PrecisionWarning, RequestError, proto

from .support import ServerTestCase


class GiftIntegrationTest(ServerTestCase):
    def test_gift_mints_clips_for_a_sudo_admin_only(self):
        _, alice = self.new_user()
        with self.assertRaises(RequestError) as caught:
            self.admin.gift(alice.user_id, 5)
        self.assertEqual((caught.exception.kind, caught.exception.message), ("Gift", "Not the owner of this universe"))
        self.admin.set_sudo(True)
        try:
            with self.assertWarns(PrecisionWarning):
                transfer = self.admin.gift(alice.user_id, 12.34567, note="prize")
        finally:
            self.admin.set_sudo(False)
        self.assertIsInstance(transfer, proto.Transfer)
        self.assertEqual(transfer.from_account_id, 1)  # Arbor Pixie, not debited
        self.assertEqual(transfer.to_account_id, alice.user_id)
        self.assertEqual(transfer.amount, 12.3457)  # rounded to 4 places by the SDK
        self.assertTrue(alice.wait_until(lambda: alice.state.balance() == 12.3457, 5))
        self.assertTrue(alice.wait_until(lambda: transfer.id in alice.state.transfers, 5))

    def test_redistribute_owner_credit_then_revoke(self):
        _, alice = self.new_user(funding=100)
        _, bob = self.new_user(funding=100)
        team = alice.create_account(f"team-{uuid.uuid4().hex[:6]}", color="A0B1C2")
        self.assertEqual(team.color, "#a0b1c2")
        alice.share_ownership(team.id, bob.user_id)
        self.assertTrue(bob.wait_until(lambda: team.id in bob.state.portfolios, 5))
        alice.make_transfer(alice.user_id, team.id, 60)
        bob.make_transfer(bob.user_id, team.id, 40)
        with self.assertRaises(RequestError) as caught:
            alice.redistribute_owner_credit(team.id, alice.user_id)
        self.assertEqual(caught.exception.message, "Admin access required")
        self.admin.set_sudo(True)
        try:
            done = self.admin.redistribute_owner_credit(team.id, alice.user_id)
            self.assertIsInstance(done, proto.OwnerCreditRedistributed)

            def credits():
                portfolio = bob.state.portfolio(team.id)
                return {c.owner_id: c.credit for c in portfolio.owner_credits} if portfolio else {}

            self.assertTrue(bob.wait_until(lambda: credits() == {alice.user_id: 0, bob.user_id: 100}, 5))
            self.admin.revoke_ownership(team.id, alice.user_id)
        finally:
            self.admin.set_sudo(False)

    def test_traded_markets_and_fund_redemptions_are_kept(self):
        _, alice = self.new_user(funding=1000)
        _, bob = self.new_user(funding=1000)
        self.admin.set_sudo(True)
        try:
            m1, m2 = self.new_market(0, 10), self.new_market(0, 10)
            fund = self.admin.create_market(f"Fund {uuid.uuid4().hex[:8]}", 0, 0, "fund",
                                            redeemable_for=[(m1, 1), (m2, 1)])
        finally:
            self.admin.set_sudo(False)
        alice.bid(m1, 5, 1)
        bob.offer(m1, 5, 1)
        self.assertTrue(alice.wait_until(lambda: alice.state.traded_markets() == [m1], 5))
        alice.redeem(fund.id, -1)
        self.assertTrue(alice.wait_until(lambda: alice.state.traded_markets() == [m1, fund.id], 5))
        history = alice.get_full_trade_history(fund.id)
        self.assertEqual([(r.account_id, r.amount) for r in history.redemptions], [(alice.user_id, -1)])
        self.assertEqual(len(alice.state.fund_redemptions(fund.id)), 1)
