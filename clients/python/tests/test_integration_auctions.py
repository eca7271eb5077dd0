"""Auctions against a real server: a sale split among several buyers (docs/auctions.md)."""

import unittest
import uuid

from exchange_client import RequestError
from tests.support import ServerTestCase


class SplitAuctionTest(ServerTestCase):
    def test_admin_splits_a_sale_between_two_buyers(self):
        _, seller = self.new_user(funding=10)
        _, ann = self.new_user(funding=100)
        _, ben = self.new_user(funding=100)
        item = seller.create_auction(f"Lamp {uuid.uuid4().hex[:6]}", "a lamp")
        self.admin.set_sudo(True)
        self.addCleanup(self.admin.set_sudo, False)
        with self.assertRaises(RequestError) as refused:
            self.admin.settle_auction(item.id, settle_price=50, contributions=[(ann.user_id, 30), (ben.user_id, 10)])
        self.assertIn("Contributions must sum to the settle price", str(refused.exception))
        settled = self.admin.settle_auction(
            item.id, settle_price=50, contributions=[(ben.user_id, 30), (ann.user_id, 20)], owner_id=ann.user_id
        )
        self.assertEqual(settled.buyer_id, ann.user_id)
        self.assertEqual([(b.account_id, b.amount) for b in settled.buyers], [(ben.user_id, 30), (ann.user_id, 20)])
        # Every client's state keeps the buyers (sorted by account id) and the balances moved.
        for client in (seller, ann, ben):
            self.assertTrue(client.wait_until(lambda c=client: c.state.auctions[item.id].HasField("closed"), 5))
            self.assertEqual(
                [(b.account_id, b.amount) for b in client.state.auctions[item.id].buyers],
                sorted([(ben.user_id, 30), (ann.user_id, 20)]),
            )
        self.assertTrue(ann.wait_until(lambda: ann.state.balance() == 80, 5))
        self.assertTrue(ben.wait_until(lambda: ben.state.balance() == 70, 5))
        self.assertTrue(seller.wait_until(lambda: seller.state.balance() == 60, 5))
        notes = sorted(t.note for t in ann.state.transfers.values() if t.note.startswith("Auction Settlement"))
        self.assertEqual(notes, [f"Auction Settlement of {item.name} (40% split)", f"Auction Settlement of {item.name} (60% split)"])


if __name__ == "__main__":
    unittest.main()
