"""Unit tests of the backtester: the replay's matching model, P&L arithmetic and simulated time.

Histories are written by hand with :class:`Recording`, which records what the exchange would
have stored (orders with size histories, trades) for transactions described explicitly.
"""

import io
import tempfile
import unittest
from typing import List, Optional, Tuple

from exchange_client import proto
from exchange_client.backtest import Backtest, load_history, marked_pnl
from exchange_client.errors import RequestError
from exchange_client.export import MarketHistory, read_orders_csv, read_trades_csv, write_market_history, \
    write_orders_csv, write_trades_csv
from exchange_client.strategy import Strategy

BID, OFFER = proto.BID, proto.OFFER
MARKET = 7
START = 1_700_000_000.0


class Recording:
    """Builds a MarketHistory transaction by transaction (times in seconds after START)."""

    def __init__(self) -> None:
        self.orders = {}
        self.trades: List[proto.Trade] = []
        self._transaction = 100
        self._order_id = 0

    def _next(self, at: float) -> Tuple[int, float]:
        self._transaction += 1
        return self._transaction, START + at

    @staticmethod
    def _stamp(message, at: float) -> None:
        message.transaction_timestamp.FromNanoseconds(int(round(at * 1e9)))

    def order(self, at: float, owner: int, side: int, price: float, size: float,
              fills: Tuple[Tuple[int, float], ...] = ()) -> Optional[int]:
        """An incoming order that matched ``fills`` ((resting order id, size), in matching
        order) and rested the rest. Returns its id (None if it filled completely)."""
        transaction, when = self._next(at)
        for resting_id, filled in fills:
            resting = self.orders[resting_id]
            entry = resting.sizes.add(transaction_id=transaction, size=round(resting.size - filled, 2))
            self._stamp(entry, when)
            resting.size = entry.size
            buyer, seller = (owner, resting.owner_id) if side == BID else (resting.owner_id, owner)
            trade = proto.Trade(id=len(self.trades) + 1, market_id=MARKET, transaction_id=transaction,
                                price=resting.price, size=filled, buyer_id=buyer, seller_id=seller,
                                buyer_is_taker=side == BID)
            self._stamp(trade, when)
            self.trades.append(trade)
        rest = round(size - sum(f for _, f in fills), 2)
        if rest <= 0:
            return None
        self._order_id += 1
        order = proto.Order(id=self._order_id, market_id=MARKET, transaction_id=transaction, price=price,
                            size=rest, side=side, owner_id=owner)
        self._stamp(order, when)
        self._stamp(order.sizes.add(transaction_id=transaction, size=rest), when)
        self.orders[order.id] = order
        return order.id

    def cancel(self, at: float, *order_ids: int) -> None:
        transaction, when = self._next(at)
        for order_id in order_ids:
            order = self.orders[order_id]
            self._stamp(order.sizes.add(transaction_id=transaction, size=0), when)
            order.size = 0

    def history(self, **extra) -> MarketHistory:
        return MarketHistory(MARKET, list(self.orders.values()), list(self.trades), **extra)


class Recorder(Strategy):
    """Records its callbacks; runs ``actions[time offset]`` at that simulated time."""

    def __init__(self, actions=None, timer_interval=None) -> None:
        self.events = []
        self.actions = dict(actions or {})
        self.timer_interval = timer_interval
        self.results = {}

    def on_start(self, ctx):
        self.events.append(("start", ctx.now - START))
        for offset in self.actions:
            ctx.wake_at(START + offset)

    def on_book(self, ctx, market_id, book):
        self.events.append(("book", ctx.now - START, [(o.price, o.size) for o in book.bids],
                            [(o.price, o.size) for o in book.offers]))

    def on_trade(self, ctx, market_id, trade):
        self.events.append(("trade", round(ctx.now - START, 6), trade.price, trade.size))

    def on_fill(self, ctx, fill):
        self.events.append(("fill", fill.side, fill.price, fill.size))

    def on_timer(self, ctx):
        offset = round(ctx.now - START, 6)
        self.events.append(("timer", offset))
        if offset in self.actions:
            self.results[offset] = self.actions.pop(offset)(ctx)

    def on_stop(self, ctx):
        self.events.append(("stop", ctx.now - START))

    def of_kind(self, kind):
        return [event[1:] for event in self.events if event[0] == kind]


def run(recording: Recording, strategy: Strategy, **options):
    return Backtest(recording.history(**options.pop("history", {})), strategy, **options).run()


class ReplayTest(unittest.TestCase):
    def test_idle_strategy_sees_the_recorded_trades_and_books(self):
        rec = Recording()
        a = rec.order(1, 11, BID, 40, 3)
        b = rec.order(2, 11, BID, 41, 2)
        rec.order(3, 12, OFFER, 39, 4, fills=((b, 2), (a, 2)))
        rec.cancel(4, a)
        strategy = Recorder()
        result = run(rec, strategy)
        self.assertEqual(strategy.of_kind("trade"), [(3.0, 41.0, 2.0), (3.0, 40.0, 2.0)])
        books = strategy.of_kind("book")
        self.assertEqual(books[0], (1.0, [], []))  # the empty book, at the first recorded time
        self.assertEqual(books[-2], (3.0, [(40.0, 1.0)], []))
        self.assertEqual(books[-1], (4.0, [], []))
        self.assertEqual((result.fills, result.position, result.pnl, result.last_price), ([], 0.0, 0.0, 40.0))
        self.assertEqual(strategy.events[-1], ("stop", 4.0))

    def test_take_follows_price_then_time_priority_and_fills_partially(self):
        rec = Recording()
        rec.order(1, 11, OFFER, 45, 1)  # same price, earlier: first
        rec.order(2, 12, OFFER, 45, 2)
        rec.order(3, 13, OFFER, 44, 1)  # better price: before both
        rec.order(4, 14, OFFER, 46, 5)  # beyond the limit
        rec.order(9, 14, OFFER, 50, 1)
        strategy = Recorder({5: lambda ctx: ctx.take(MARKET, BID, 45, 3)})
        result = run(rec, strategy)
        taken = strategy.results[5]
        self.assertEqual([(f.price, f.size) for f in taken], [(44.0, 1.0), (45.0, 1.0), (45.0, 1.0)])
        self.assertEqual(strategy.of_kind("fill"), [(BID, 44.0, 1.0), (BID, 45.0, 1.0), (BID, 45.0, 1.0)])
        # The second 45 offer keeps 1; the strategy's unfilled remainder did not rest.
        final_offers = strategy.of_kind("book")[-1][2]
        self.assertEqual(final_offers, [(45.0, 1.0), (46.0, 5.0), (50.0, 1.0)])
        self.assertEqual((result.position, result.volume, result.orders_placed), (3.0, 3.0, 1))

    def test_partially_filled_order_rests_and_can_be_cancelled(self):
        rec = Recording()
        rec.order(1, 11, OFFER, 45, 1)
        rec.order(9, 11, OFFER, 60, 1)

        def place(ctx):
            created = ctx.create_order(MARKET, BID, 46, 3)
            open_orders = ctx.open_orders(MARKET)
            ctx.cancel_order(created.order.id)
            with self.assertRaises(RequestError):
                ctx.cancel_order(created.order.id)
            return created, open_orders, ctx.open_orders(MARKET)

        strategy = Recorder({5: place})
        run(rec, strategy)
        created, open_before, open_after = strategy.results[5]
        self.assertEqual([(f.price, f.size_filled, f.size_remaining) for f in created.fills], [(45.0, 1.0, 0.0)])
        self.assertEqual((created.order.price, created.order.size), (46.0, 2.0))
        self.assertEqual([(o.id, o.size) for o in open_before], [(created.order.id, 2.0)])
        self.assertEqual(open_after, [])

    def test_recorded_cancel_removes_liquidity(self):
        rec = Recording()
        a = rec.order(1, 11, OFFER, 45, 1)
        rec.cancel(2, a)
        rec.order(9, 11, OFFER, 60, 1)
        strategy = Recorder({1.5: lambda ctx: ctx.take(MARKET, BID, 45, 1), 3: lambda ctx: ctx.take(MARKET, BID, 45, 1)})
        result = run(rec, strategy)
        self.assertEqual([len(strategy.results[1.5]), len(strategy.results[3])], [1, 0])
        self.assertEqual(result.position, 1.0)

    def test_taken_liquidity_skips_or_shrinks_later_recorded_trades(self):
        rec = Recording()
        a = rec.order(1, 11, OFFER, 45, 3)
        rec.order(2, 12, BID, 45, 2, fills=((a, 2),))  # recorded: 2 traded
        rec.order(3, 13, BID, 45, 1, fills=((a, 1),))  # recorded: 1 traded
        strategy = Recorder({1.5: lambda ctx: ctx.take(MARKET, BID, 45, 2.5)})
        result = run(rec, strategy)
        # The strategy took 2.5 of 3: the first recorded trade is skipped, the second shrinks.
        self.assertEqual(result.skipped_trades, 1)
        self.assertEqual([(t.price, t.size) for t in result.trades], [(45.0, 2.5), (45.0, 0.5)])

    def test_resting_order_fills_by_queue_position(self):
        rec = Recording()
        a = rec.order(1, 11, BID, 40, 2)
        rec.order(3, 12, OFFER, 40, 3, fills=((a, 2),))  # 1 rests at 40
        # Joining behind the 2-lot at 40 at time 2: the 3-lot seller reaches 1 of ours.
        strategy = Recorder({2: lambda ctx: ctx.create_order(MARKET, BID, 40, 5)})
        result = run(rec, strategy)
        self.assertEqual(strategy.of_kind("fill"), [(BID, 40.0, 1.0)])
        # The seller's would-be resting remainder went to us: the book shows only our bid.
        self.assertEqual(strategy.of_kind("book")[-1][1:], ([(40.0, 4.0)], []))
        self.assertEqual([(t.price, t.size) for t in result.trades], [(40.0, 1.0), (40.0, 2.0)])

    def test_better_priced_resting_order_fills_first(self):
        rec = Recording()
        a = rec.order(1, 11, BID, 40, 2)
        rec.order(3, 12, OFFER, 40, 1, fills=((a, 1),))
        strategy = Recorder({2: lambda ctx: ctx.create_order(MARKET, BID, 41, 1)})
        result = run(rec, strategy)
        self.assertEqual(strategy.of_kind("fill"), [(BID, 41.0, 1.0)])
        self.assertEqual(result.fills[0].order_id, strategy.results[2].order.id)

    def test_self_match_fills_both_orders_without_a_trade(self):
        rec = Recording()
        rec.order(0, 11, OFFER, 60, 1)
        rec.order(2, 11, OFFER, 61, 1)

        def cross_myself(ctx):
            ctx.create_order(MARKET, OFFER, 50, 2)
            created = ctx.create_order(MARKET, BID, 50, 1)
            return created, [(o.price, o.size) for o in ctx.book(MARKET).offers]

        strategy = Recorder({1: cross_myself})
        result = run(rec, strategy)
        created, offers = strategy.results[1]
        self.assertEqual([(f.size_filled, f.size_remaining) for f in created.fills], [(1.0, 1.0)])
        self.assertEqual((list(created.trades), created.HasField("order")), ([], False))
        self.assertEqual(offers, [(50.0, 1.0), (60.0, 1.0)])
        self.assertEqual((result.fills, result.position, result.trades), ([], 0.0, []))

    def test_replaced_account_orders_are_left_out(self):
        rec = Recording()
        recorded_mine = rec.order(1, 99, OFFER, 45, 1)
        rec.order(2, 12, BID, 45, 1, fills=((recorded_mine, 1),))
        rec.order(3, 13, OFFER, 50, 1)
        idle = Recorder()
        result = run(rec, idle, account_id=99)
        self.assertEqual(result.trades, [])  # the trade against account 99's recorded order is gone
        self.assertEqual(idle.of_kind("book")[-1][1:], ([], [(50.0, 1.0)]))
        # The strategy standing in for account 99 gets the buyer instead.
        replacing = Recorder({1.5: lambda ctx: ctx.create_order(MARKET, OFFER, 45, 1)})
        result = run(rec, replacing, account_id=99)
        self.assertEqual([(t.price, t.size, t.buyer_id, t.seller_id) for t in result.trades], [(45.0, 1.0, 12, 99)])

    def test_invalid_orders_raise_like_the_exchange(self):
        rec = Recording()
        rec.order(1, 11, OFFER, 45, 1)
        errors = []

        def bad(ctx):
            for args in ((BID, 150, 1), (BID, 10, 0), (proto.UNKNOWN, 10, 1)):
                with self.assertRaises(RequestError) as caught:
                    ctx.create_order(MARKET, *args)
                errors.append(caught.exception.message)

        run(rec, Recorder({1: bad}), history={"min_settlement": 0, "max_settlement": 100})
        self.assertEqual(errors, ["Invalid price", "Invalid size", "No side provided"])


class ProfitAndTimeTest(unittest.TestCase):
    def test_pnl_is_marked_at_the_last_trade_and_at_settlement(self):
        rec = Recording()
        rec.order(1, 11, OFFER, 40, 2)
        rec.order(2, 12, BID, 45, 1)
        rec.order(3, 13, OFFER, 48, 1)
        strategy = Recorder({2.5: lambda ctx: (ctx.take(MARKET, BID, 40, 2), ctx.take(MARKET, OFFER, 45, 1))})
        result = run(rec, strategy, starting_balance=1000, settlement_price=50)
        # Bought 2 at 40 (-80), sold 1 at 45 (+45): cash 965, long 1.
        self.assertEqual((result.cash, result.position, result.volume), (965.0, 1.0, 3.0))
        self.assertEqual(result.last_price, 45.0)
        self.assertAlmostEqual(result.pnl, -35 + 45)
        self.assertAlmostEqual(result.pnl_at_settlement, -35 + 50)
        self.assertEqual(marked_pnl(1000.5, 1000, -2, 10.25), -20.0)
        self.assertIn("P&L at settlement (50.00): 15.0000", result.summary())
        self.assertEqual(result.orders_placed, 2)

    def test_timers_fire_in_simulated_time_before_transactions_at_the_same_time(self):
        rec = Recording()
        rec.order(0, 11, BID, 40, 1)
        rec.order(2, 11, BID, 41, 1)
        rec.order(3.5, 11, BID, 42, 1)
        strategy = Recorder(timer_interval=1.0)
        run(rec, strategy)
        self.assertEqual(strategy.of_kind("timer"), [(1.0,), (2.0,), (3.0,)])
        kinds = [(e[0], round(e[1], 6)) for e in strategy.events if e[0] in ("timer", "book")]
        self.assertEqual(kinds.index(("timer", 2.0)) + 1, kinds.index(("book", 2.0)))

    def test_latency_delays_orders(self):
        rec = Recording()
        a = rec.order(1, 11, OFFER, 45, 1)
        rec.cancel(2.2, a)
        rec.order(3, 11, OFFER, 60, 1)
        strategy = Recorder({2: lambda ctx: ctx.take(MARKET, BID, 45, 1)})
        result = run(rec, strategy, latency=0.5)
        self.assertEqual((strategy.results[2], result.fills), ([], []))  # arrived after the cancel
        quick = Recorder({2: lambda ctx: ctx.take(MARKET, BID, 45, 1)})
        self.assertEqual(len(run(rec, quick, latency=0.1).fills), 1)


class CsvTest(unittest.TestCase):
    def test_history_round_trips_through_csv(self):
        rec = Recording()
        a = rec.order(1, 11, BID, 40.5, 3)
        rec.order(2, 12, OFFER, 40, 1.25, fills=((a, 1.25),))
        history = rec.history(name="Coin, flips", min_settlement=0, max_settlement=100, settle_price=55)
        with tempfile.TemporaryDirectory() as directory:
            write_market_history(history, directory)
            with open(f"{directory}/orders.csv") as handle:
                self.assertIn("1,7,bid,40.50,11,101,", handle.read())
            loaded = load_history(directory)
            from_file = load_history(f"{directory}/trades.csv")
        self.assertEqual(loaded.orders, history.orders)
        self.assertEqual(loaded.trades, history.trades)
        self.assertEqual((loaded.name, loaded.settle_price, loaded.max_settlement), ("Coin, flips", 55.0, 100.0))
        self.assertEqual((from_file.orders, from_file.trades), (history.orders, history.trades))

    def test_orders_without_size_history_get_one_row(self):
        order = proto.Order(id=5, market_id=MARKET, transaction_id=9, price=12, size=2, side=OFFER, owner_id=3)
        buffer = io.StringIO()
        write_orders_csv(buffer, [order])
        buffer.seek(0)
        (read,) = read_orders_csv(buffer)
        self.assertEqual((read.size, [(s.transaction_id, s.size) for s in read.sizes]), (2.0, [(9, 2.0)]))

    def test_my_trades_have_my_side(self):
        trade = proto.Trade(id=1, market_id=MARKET, transaction_id=4, price=40, size=1, buyer_id=3, seller_id=4)
        buffer = io.StringIO()
        write_trades_csv(buffer, [trade], account_id=4)
        self.assertEqual(buffer.getvalue().splitlines()[1], "1,7,4,,40.00,1.00,3,4,offer,offer")
        buffer.seek(0)
        self.assertEqual(read_trades_csv(buffer), [trade])


if __name__ == "__main__":
    unittest.main()
