"""Integration tests of CSV export and the backtester against a real recorded session.

The proof asked for by issue 19: a strategy that only takes (at each recorded trade time it
takes what the recorded taker took) reproduces the recorded session's trades in a backtest.
"""

import contextlib
import io
import tempfile
import unittest
from pathlib import Path

from exchange_client import proto
from exchange_client import backtest as backtest_module
from exchange_client import export
from exchange_client.backtest import Backtest, load_history
from exchange_client.strategy import Strategy

from tests.support import ServerTestCase


class IdleStrategy(Strategy):
    """Does nothing (for the command-line test)."""


class RecordedTakerStrategy(Strategy):
    """Just before each recorded taking transaction, takes the same side and size up to the
    worst price the recorded taker paid."""

    def __init__(self, history: export.MarketHistory) -> None:
        self.takes = {}
        for trade in history.trades:
            time = trade.transaction_timestamp.seconds + trade.transaction_timestamp.nanos / 1e9
            side = proto.BID if trade.buyer_is_taker else proto.OFFER
            _, size, worst, _ = self.takes.get(trade.transaction_id, (side, 0.0, trade.price, time))
            worst = max(worst, trade.price) if side == proto.BID else min(worst, trade.price)
            self.takes[trade.transaction_id] = (side, round(size + trade.size, 2), worst, time)
        self.market_id = history.market_id
        self.done = set()

    def on_start(self, ctx):
        for _, _, _, time in self.takes.values():
            ctx.wake_at(time)

    def on_timer(self, ctx):
        for transaction_id, (side, size, worst, time) in sorted(self.takes.items()):
            if time <= ctx.now and transaction_id not in self.done:
                self.done.add(transaction_id)
                ctx.take(self.market_id, side, worst, size)


class RecordedSessionTest(ServerTestCase):
    def record_session(self):
        """A few traders placing, crossing (fully, partly, over several levels) and cancelling,
        never against themselves. Returns alice's (token, client)."""
        m = self.market_id = self.new_market(0, 100, name=f"Recorded session {self._testMethodName[5:25]}")
        alice_token, alice = self.new_user(funding=10_000)
        _, bob = self.new_user(funding=10_000)
        _, carol = self.new_user(funding=10_000)
        for client in (alice, bob, carol):
            client.sync()
        alice.bid(m, 40, 3)
        alice.bid(m, 41, 2)
        bob.bid(m, 41, 1.5)
        carol.offer(m, 45, 2)
        carol.offer(m, 44.5, 1)
        carol.offer(m, 40.5, 3)          # two 41 bids, oldest first: 2 from alice, 1 from bob
        carol.offer(m, 39, 1)            # bob's last 0.5 at 41, then 0.5 of alice's 40
        stale = carol.offer(m, 46, 4)
        bob.bid(m, 45, 2.25)             # 1 at 44.5, then 1.25 of carol's 2 at 45
        carol.cancel_order(stale.order.id)
        alice.bid(m, 46, 3)              # the last 0.75 at 45; 2.25 rests at 46
        bob.offer(m, 43, 1)              # hits alice's 46 bid
        alice.out(m)
        for client in (alice, bob, carol):
            client.sync()
        return alice_token, alice

    def test_export_then_backtest_reproduces_the_session(self):
        self.record_session()
        history = export.fetch_market_history(self.admin, self.market_id)
        self.assertEqual(len(history.trades), 8)
        self.assertEqual(len({t.transaction_id for t in history.trades}), 5)  # sweeps make several

        with tempfile.TemporaryDirectory() as directory:
            path = export.write_market_history(history, Path(directory) / "market")
            loaded = load_history(path)
            self.assertEqual(loaded.orders, history.orders)
            self.assertEqual(loaded.trades, history.trades)
            self.assertEqual((loaded.name, loaded.max_settlement), (history.name, 100.0))
            self.assertTrue(loaded.name.startswith("Recorded session"))

            # Replaying with a strategy that does nothing gives back the recorded trades.
            idle = Backtest(loaded, IdleStrategy()).run()
            recorded = [(t.price, t.size, t.buyer_id, t.seller_id) for t in history.trades]
            self.assertEqual([(t.price, t.size, t.buyer_id, t.seller_id) for t in idle.trades], recorded)

            # The proof: taking what each recorded taker took reproduces the trades.
            result = Backtest(loaded, RecordedTakerStrategy(loaded), starting_balance=10_000).run()
            self.assertEqual([(f.price, f.size) for f in result.fills], [(t.price, t.size) for t in history.trades])
            taker_sides = [proto.BID if t.buyer_is_taker else proto.OFFER for t in history.trades]
            self.assertEqual([f.side for f in result.fills], taker_sides)
            self.assertEqual(result.skipped_trades, len(history.trades))  # the recorded ones found nothing left
            self.assertEqual(len(result.trades), len(history.trades))
            bought = sum(t.size for t in history.trades if t.buyer_is_taker)
            sold = sum(t.size for t in history.trades if not t.buyer_is_taker)
            self.assertAlmostEqual(result.position, bought - sold)
            self.assertAlmostEqual(result.volume, bought + sold)

            # The command line runs on the exported directory.
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                code = backtest_module.main(["--history", str(path), "--strategy",
                                             "tests.test_integration_export:IdleStrategy", "--settlement", "50"])
            self.assertEqual(code, 0)
            self.assertIn(f"replayed trades: {len(history.trades)}", out.getvalue())

    def test_my_trades_and_orders_round_trip(self):
        alice_token, alice = self.record_session()
        mine_trades = export.my_trades(alice, self.market_id)
        mine_orders = export.my_orders(alice, self.market_id)
        self.assertTrue(mine_trades and mine_orders)
        self.assertTrue(all(alice.user_id in (t.buyer_id, t.seller_id) for t in mine_trades))
        self.assertTrue(all(o.owner_id == alice.user_id for o in mine_orders))
        with tempfile.TemporaryDirectory() as directory:
            export.export_my_history(alice, directory, [self.market_id])
            self.assertEqual(export.read_trades_csv(Path(directory) / "my_trades.csv"), mine_trades)
            self.assertEqual(export.read_orders_csv(Path(directory) / "my_orders.csv"), mine_orders)
            rows = (Path(directory) / "my_trades.csv").read_text().splitlines()
            self.assertEqual(rows[0].split(",")[-1], "my_side")
            sides = {row.split(",")[-1] for row in rows[1:]}
            self.assertLessEqual(sides, {"bid", "offer", "both"})

            # And the command line, which also writes the market's history.
            with contextlib.redirect_stdout(io.StringIO()):
                code = export.main(["--url", self.server.url, "--token", alice_token, "--market",
                                    str(self.market_id), "--out", directory])
            self.assertEqual(code, 0)
            history = load_history(Path(directory) / f"market_{self.market_id}")
            self.assertEqual(history.trades, list(self.admin.get_full_trade_history(self.market_id).trades))
            self.assertEqual(export.read_trades_csv(Path(directory) / "my_trades.csv"), mine_trades)


if __name__ == "__main__":
    unittest.main()
