"""Integration tests of the bot-writing helpers against the real server: out() waits for its
cancels, quote/take, the starter Strategy trades, the client reconnects after a server restart,
and the rate limiter keeps a burst under the server's limits."""

import importlib.util
import shutil
import tempfile
import threading
import time
from pathlib import Path

from exchange_client import BID, OFFER, ExchangeClient, proto
from exchange_client.local_server import LocalExchange, make_test_token
from exchange_client.strategy import Strategy, run_strategy

from tests.support import ServerTestCase

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "strategy_market_maker.py"


def load_market_maker():
    spec = importlib.util.spec_from_file_location("strategy_market_maker", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MarketMaker


class TradingHelpersTest(ServerTestCase):
    def test_out_returns_after_its_cancels_are_applied(self):
        market_id = self.new_market()
        _, trader = self.new_user(funding=10_000)
        for price in (10, 11, 12):
            trader.bid(market_id, price, 1)
        trader.offer(market_id, 60, 1)
        trader.out(market_id, side="bid")  # no sync(): out itself waits
        self.assertEqual([o.side for o in trader.state.my_orders(market_id)], [OFFER])
        trader.out()
        self.assertEqual(trader.state.my_orders(), [])

    def test_quote_replaces_and_take_leaves_nothing_resting(self):
        market_id = self.new_market()
        _, maker = self.new_user(funding=10_000)
        _, taker = self.new_user(funding=10_000)
        maker.quote(market_id, 40, 45, 2)
        maker.quote(market_id, 41, 44, 3)  # replaces the first pair
        self.assertEqual(sorted((o.price, o.size) for o in maker.state.my_orders(market_id)), [(41, 3), (44, 3)])
        with self.assertRaises(ValueError):
            maker.quote(market_id, 44, 44, 1)
        self.assertTrue(taker.wait_until(lambda: taker.state.book(market_id).best_offer is not None, 5))
        fills = taker.take(market_id, BID, 44.5, 5)  # 3 available at 44; the other 2 are cancelled
        self.assertEqual([(f.side, f.price, f.size) for f in fills], [(BID, 44, 3)])
        self.assertEqual(taker.state.my_orders(market_id), [])
        self.assertTrue(maker.wait_until(lambda: maker.state.position(market_id) == -3, 5))


class StrategyTest(ServerTestCase):
    def test_class_body_of_the_starter_strategy_fits_in_15_lines(self):
        source = EXAMPLE.read_text().splitlines()
        start = next(i for i, line in enumerate(source) if line.startswith("class MarketMaker"))
        body = []
        for line in source[start + 1:]:
            if line and not line.startswith((" ", "\t")):
                break
            if line.strip():
                body.append(line)
        self.assertLessEqual(len(body), 15, "\n".join(body))

    def test_starter_strategy_trades_and_records_fills(self):
        market_id = self.new_market(0, 100)
        _, maker = self.new_user(funding=10_000)
        _, taker = self.new_user(funding=10_000)
        taker.bid(market_id, 50, 1)  # gives the maker a fair value: it will offer at 51

        class Recording(load_market_maker()):
            fills = []

            def on_fill(self, ctx, fill):
                self.fills.append(fill)

        strategy = Recording()
        stop = threading.Event()
        runner = threading.Thread(target=run_strategy, args=(strategy, maker), kwargs={"duration": 20, "stop": stop})
        runner.start()
        try:
            mine = lambda: [o for o in taker.state.book(market_id).offers if o.owner_id == maker.user_id]  # noqa: E731
            self.assertTrue(taker.wait_until(lambda: bool(mine()), 5), "the strategy never quoted")
            offer = mine()[0]
            self.assertEqual(offer.price, 51)
            taker.bid(market_id, offer.price, 1)
            self.assertTrue(maker.wait_until(lambda: bool(strategy.fills), 5))
        finally:
            stop.set()
            runner.join(10)
        self.assertFalse(runner.is_alive())
        self.assertEqual((strategy.fills[0].side, strategy.fills[0].price, strategy.fills[0].size), (OFFER, 51, 1))
        self.assertEqual(maker.state.my_orders(), [])  # cancelled on stop


class ReconnectTest(ServerTestCase):
    def test_client_reconnects_and_resyncs_after_a_server_restart(self):
        data_dir = Path(tempfile.mkdtemp(prefix="exchange-reconnect-"))
        self.addCleanup(shutil.rmtree, data_dir, True)
        server = LocalExchange(data_dir=data_dir).start()
        self.addCleanup(lambda: server.stop())
        admin = ExchangeClient(server.url, make_test_token("radmin", "R Admin", admin=True), timeout=10)
        admin.connect()
        self.addCleanup(admin.close)
        market_id = admin.create_market("Restart market", 0, 100, "survives a restart").id
        client = ExchangeClient(server.url, make_test_token("rbot", "R Bot"), timeout=10)
        client.connect()
        self.addCleanup(client.close)
        admin.make_transfer(admin.user_id, client.user_id, 1000)
        client.wait_until(lambda: client.state.balance() == 1000, 5)
        port = server.port

        seen = []
        client.on("reconnected", lambda message: seen.append(message))
        server.stop()
        self.assertTrue(client.wait_closed(5))
        self.assertFalse(client.finished)  # reconnecting, not finished
        restarted = LocalExchange(port=port, data_dir=data_dir).start()
        self.addCleanup(lambda: restarted.stop())
        self.assertTrue(client.wait_connected(20), "did not reconnect")
        self.assertEqual(client.reconnects, 1)
        self.assertEqual(len(seen), 1)
        self.assertEqual(client.state.balance(), 1000)
        self.assertIsNotNone(client.state.market(market_id))
        created = client.bid(market_id, 10, 1)  # and it trades on
        self.assertTrue(created.HasField("order"))
        client.close()
        self.assertTrue(client.finished)

    def test_without_reconnect_the_client_is_finished_when_the_server_stops(self):
        server = LocalExchange().start()
        self.addCleanup(lambda: server.stop())
        client = ExchangeClient(server.url, make_test_token("nr", "No Reconnect"), timeout=10, reconnect=False)
        client.connect()
        self.addCleanup(client.close)
        server.stop()
        self.assertTrue(client.wait_finished(5))
        self.assertFalse(client.connected)


class RateLimiterTest(ServerTestCase):
    extra_server_args = ()  # the server's real limits

    def test_a_burst_beyond_the_limit_waits_instead_of_failing(self):
        market_id = self.new_market()
        _, trader = self.new_user(funding=1_000_000)
        # The login took nothing from mutate: 1000 may go at once, then 100 per second. Send
        # 1000 + 100 pipelined requests: the last ones must wait about a second, none fail
        # (without the limiter about a hundred are refused).
        self.assertIsNotNone(trader.rate_limiter)  # on by default
        futures = [trader.request_async("create_order", proto.CreateOrder(
            market_id=market_id, side=proto.BID, price=1, size=0.01), "order_created") for _ in range(1100)]
        for future in futures:
            future.result(30)  # raises RequestError("Rate Limited") if the limiter let one through early
