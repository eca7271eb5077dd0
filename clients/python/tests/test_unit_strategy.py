"""Unit tests of fills, the client-side rate limiter, fill-log names and the missing-protobuf
message (no server needed)."""

import datetime
import subprocess
import sys
import unittest
from pathlib import Path

from exchange_client import proto
from exchange_client.bot_log import default_log_path
from exchange_client.rate_limit import RateLimiter, rate_class
from exchange_client.strategy import Fill, fills_of

PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def order_created(taker, maker, taker_side, resting_order_id=0):
    """An OrderCreated where ``taker`` traded 2 at 50 against ``maker``'s order 7."""
    created = proto.OrderCreated(market_id=3, account_id=taker, transaction_id=9)
    created.transaction_timestamp.seconds = 1_700_000_000
    maker_side = proto.OFFER if taker_side == proto.BID else proto.BID
    created.fills.add(id=7, market_id=3, size_filled=2, size_remaining=0, price=50, side=maker_side, owner_id=maker)
    buyer, seller = (taker, maker) if taker_side == proto.BID else (maker, taker)
    created.trades.add(id=11, market_id=3, price=50, size=2, buyer_id=buyer, seller_id=seller, buyer_is_taker=taker_side == proto.BID)
    if resting_order_id:
        created.order.CopyFrom(proto.Order(id=resting_order_id, market_id=3, price=50, size=1, side=taker_side, owner_id=taker))
    return created


class FillsTest(unittest.TestCase):
    def test_taker_and_maker_see_their_own_side(self):
        created = order_created(taker=1, maker=2, taker_side=proto.BID, resting_order_id=8)
        self.assertEqual(fills_of(created, 1), [Fill(3, 8, proto.BID, 50, 2, 11, 1_700_000_000)])
        self.assertEqual(fills_of(created, 2), [Fill(3, 7, proto.OFFER, 50, 2, 11, 1_700_000_000)])
        self.assertEqual(fills_of(created, 5), [])

    def test_a_fully_filled_taker_order_has_no_id(self):
        created = order_created(taker=1, maker=2, taker_side=proto.OFFER)
        self.assertEqual([(f.order_id, f.side) for f in fills_of(created, 1)], [(0, proto.OFFER)])

    def test_self_match_is_no_fill(self):
        # The server lists the hit order in fills but makes no trade: no money moved.
        created = order_created(taker=1, maker=1, taker_side=proto.BID)
        del created.trades[:]
        self.assertEqual(fills_of(created, 1), [])

    def test_trades_pair_with_the_fills_that_are_not_self_matches(self):
        created = proto.OrderCreated(market_id=3, account_id=1)
        created.fills.add(id=6, market_id=3, size_filled=1, price=49, side=proto.OFFER, owner_id=1)  # mine: no trade
        created.fills.add(id=7, market_id=3, size_filled=2, price=50, side=proto.OFFER, owner_id=2)
        created.trades.add(id=11, market_id=3, price=50, size=2, buyer_id=1, seller_id=2)
        self.assertEqual([(f.order_id, f.side, f.trade_id) for f in fills_of(created, 2)], [(7, proto.OFFER, 11)])
        self.assertEqual([(f.side, f.price, f.size) for f in fills_of(created, 1)], [(proto.BID, 50, 2)])


class RateLimiterTest(unittest.TestCase):
    def setUp(self):
        self.now = 100.0
        self.limiter = RateLimiter(safety_units=0, clock=lambda: self.now)

    def test_classes_match_the_server(self):
        self.assertEqual(rate_class("create_order"), "mutate")
        self.assertEqual(rate_class("get_full_trade_history"), "expensive")
        self.assertEqual(rate_class("authenticate"), "expensive")
        self.assertIsNone(rate_class("act_as"))

    def test_burst_then_steady_rate(self):
        waits = [self.limiter.reserve("get_market_positions") for _ in range(181)]
        self.assertEqual(waits[:180], [0.0] * 180)  # a burst of 180
        self.assertAlmostEqual(waits[180], 60 / 180)  # then one every third of a second
        self.now += 60.0  # a minute later the bucket is full again
        self.assertEqual(self.limiter.reserve("create_market"), 0.0)

    def test_mutate_allows_1000_then_100_per_second(self):
        waits = [self.limiter.reserve("create_order") for _ in range(1002)]
        self.assertEqual(max(waits[:1000]), 0.0)
        self.assertAlmostEqual(waits[1000], 0.01)
        self.assertAlmostEqual(waits[1001], 0.02)
        self.assertEqual(self.limiter.reserve("act_as"), 0.0)

    def test_sudo_admins_have_ten_times_more(self):
        waits = [self.limiter.reserve("create_market", sudo_admin=True) for _ in range(1800)]
        self.assertEqual(max(waits), 0.0)


class PackagingTest(unittest.TestCase):
    def test_default_log_name(self):
        self.assertEqual(default_log_path("Market Maker", datetime.date(2025, 3, 4)), "bot-Market_Maker-2025-03-04.csv")

    def test_missing_protobuf_says_what_to_install(self):
        # -S hides Debian's dist-packages (where google.protobuf lives), like another python3.
        code = f"import sys; sys.path.insert(0, {str(PACKAGE_ROOT)!r}); import exchange_client"
        result = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("the exchange SDK needs the protobuf package", result.stderr)
        self.assertIn("apt-get install python3-protobuf", result.stderr)


if __name__ == "__main__":
    unittest.main()
