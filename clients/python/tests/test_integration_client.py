"""Integration tests of the SDK against the real server."""

import time
import unittest
import warnings

from exchange_client import (
    AuthenticationError,
    ExchangeClient,
    NotImplementedByServer,
    PrecisionWarning,
    RequestError,
    proto,
)
from exchange_client.local_server import make_test_token

from tests.support import ServerTestCase


class LoginTest(ServerTestCase):
    def test_admin_login_snapshot(self):
        admin = self.admin
        self.assertTrue(admin.state.ready)
        self.assertEqual(admin.acting_as, admin.user_id)
        self.assertEqual(admin.state.balance(), 100_000_000)
        self.assertEqual(admin.state.account(0).name, "Hidden")
        self.assertIn(1, admin.state.market_types)  # default categories

    def test_bad_token_raises_authentication_error(self):
        client = ExchangeClient(self.server.url, "test::too::few", timeout=10)
        with self.assertRaises(AuthenticationError) as caught:
            client.connect()
        self.assertEqual(caught.exception.kind, "Authenticate")
        self.assertFalse(client.connected)

    def test_act_as_at_login_must_be_owned(self):
        _, other = self.new_user()
        client = ExchangeClient(self.server.url, make_test_token("stranger", "Stranger"), act_as=other.user_id, timeout=10)
        with self.assertRaises(AuthenticationError) as caught:
            client.connect()
        self.assertEqual(caught.exception.message, "Not owner of account")

    def test_snapshot_has_existing_markets_and_books(self):
        market_id = self.new_market()
        self.admin.bid(market_id, 10, 1)
        _, client = self.new_user()
        self.assertEqual(client.state.market(market_id).min_settlement, 0)
        self.assertEqual(client.state.book(market_id).best_bid.price, 10)


class TradingTest(ServerTestCase):
    def test_invalid_orders_raise_the_servers_error(self):
        market_id = self.new_market(0, 100)
        _, client = self.new_user(funding=1000)
        cases = [
            (lambda: client.bid(market_id, 150, 1), "Invalid price"),  # above max_settlement
            (lambda: client.bid(market_id, 10, 0), "Invalid size"),
            (lambda: client.create_order(market_id, proto.UNKNOWN, 10, 1), "No side provided"),
            (lambda: client.bid(987654, 10, 1), "Market not found"),
            (lambda: client.bid(market_id, 100, 11), "Insufficient funds"),
        ]
        for call, message in cases:
            with self.subTest(message=message):
                with self.assertRaises(RequestError) as caught:
                    call()
                self.assertEqual(caught.exception.kind, "CreateOrder")
                self.assertEqual(caught.exception.message, message)
        with self.assertRaises(RequestError) as caught:
            client.cancel_order(424242)
        self.assertEqual((caught.exception.kind, caught.exception.message), ("CancelOrder", "Order not found"))

    def test_orders_trades_cancels_and_portfolios(self):
        market_id = self.new_market(0, 100)
        _, buyer = self.new_user(funding=10_000)
        _, seller = self.new_user(funding=10_000)

        resting = buyer.bid(market_id, 40, 3)
        self.assertTrue(resting.HasField("order"))
        self.assertEqual(resting.account_id, buyer.user_id)
        self.assertEqual(buyer.state.my_orders(market_id)[0].id, resting.order.id)
        # The seller sees the bid (broadcast) and sells 2 into it.
        self.assertTrue(seller.wait_until(lambda: seller.state.best_bid(market_id) is not None, 5))
        sold = seller.offer(market_id, 35, 2)
        self.assertFalse(sold.HasField("order"))  # filled completely on arrival
        self.assertEqual(len(sold.fills), 1)
        self.assertEqual((sold.fills[0].size_filled, sold.fills[0].price), (2, 40))
        self.assertEqual(sold.trades[0].buyer_id, buyer.user_id)
        self.assertEqual(seller.state.book(market_id).best_bid.size, 1)

        # Both sides' states follow: trades and (a moment later) portfolios.
        self.assertTrue(buyer.wait_until(lambda: buyer.state.position(market_id) == 2, 5))
        self.assertTrue(seller.wait_until(lambda: seller.state.position(market_id) == -2, 5))
        self.assertEqual(buyer.state.balance(), 10_000 - 80)
        self.assertEqual(seller.state.balance(), 10_000 + 80)
        self.assertEqual([t.size for t in buyer.state.trades(market_id)], [2])

        # Cancel the rest; everyone's book updates.
        cancelled = buyer.cancel_order(resting.order.id)
        self.assertEqual(list(cancelled.order_ids), [resting.order.id])
        self.assertEqual(buyer.state.book(market_id).bids, [])
        self.assertTrue(seller.wait_until(lambda: not seller.state.book(market_id).bids, 5))

        # Out: reply first, cancellations follow (sync waits for them).
        buyer.bid(market_id, 30, 1)
        buyer.offer(market_id, 60, 1)
        echo = buyer.out(market_id=market_id, side="bid")
        self.assertTrue(echo.HasField("market_id"))
        buyer.sync()
        self.assertEqual([o.side for o in buyer.state.my_orders(market_id)], [proto.OFFER])
        buyer.out()
        buyer.sync()
        self.assertEqual(buyer.state.my_orders(), [])

        # Histories.
        trades = buyer.get_full_trade_history(market_id)
        self.assertTrue(trades.hasFullHistory)
        self.assertEqual(len(trades.trades), 1)
        orders = buyer.get_full_order_history(market_id)
        self.assertTrue(orders.hasFullHistory)
        # 40 x 3, 30 x 1 and 60 x 1; the seller's order filled on arrival and left no order.
        self.assertEqual([o.price for o in orders.orders], [40, 30, 60])
        self.assertEqual([o.size for o in orders.orders], [0, 0, 0])
        self.assertEqual([[s.size for s in o.sizes] for o in orders.orders], [[3, 1, 0], [1, 0], [1, 0]])
        self.assertEqual(len(buyer.state.order_history(market_id)), 3)
        with self.assertRaises(RequestError) as caught:
            buyer.get_full_trade_history(987654)
        self.assertEqual(caught.exception.message, "Market not found")

    def test_prices_are_quantised_with_a_warning(self):
        market_id = self.new_market(0, 100)
        _, client = self.new_user(funding=1000)
        with self.assertWarns(PrecisionWarning):
            created = client.bid(market_id, 12.3456, 1.004)
        self.assertEqual((created.order.price, created.order.size), (12.35, 1.0))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            client.bid(market_id, 0.1 + 0.2, 1)  # exactly 0.3 for the exchange: no warning

    def test_settlement_clears_the_book_and_pays(self):
        market_id = self.new_market(0, 10)
        _, buyer = self.new_user(funding=1000)
        _, seller = self.new_user(funding=1000)
        buyer.bid(market_id, 4, 5)
        seller.offer(market_id, 4, 2)
        seller.offer(market_id, 9, 1)
        self.assertTrue(buyer.wait_until(lambda: buyer.state.book(market_id).best_offer is not None, 5))
        settled = self.admin.settle_market(market_id, 7)
        self.assertEqual(settled.settle_price, 7)
        self.assertTrue(buyer.wait_until(lambda: buyer.state.market(market_id).HasField("closed"), 5))
        self.assertEqual(buyer.state.book(market_id).bids, [])
        self.assertEqual(buyer.state.book(market_id).offers, [])
        # Buyer paid 2 x 4 and receives 2 x 7.
        self.assertTrue(buyer.wait_until(lambda: abs(buyer.state.balance() - (1000 - 8 + 14)) < 1e-9, 5))
        with self.assertRaises(RequestError) as caught:
            buyer.bid(market_id, 4, 1)
        self.assertEqual(caught.exception.message, "Market already settled")

    def test_snapshot_last_trade_and_status_log(self):
        market_id = self.new_market(0, 10)
        _, buyer = self.new_user(funding=1000)
        _, seller = self.new_user(funding=1000)
        buyer.bid(market_id, 4, 1)
        buyer.bid(market_id, 3, 1)
        seller.offer(market_id, 3, 2)  # two trades in one transaction: the higher id is last
        self.admin.set_sudo(True)
        try:
            self.admin.edit_market(market_id, status=proto.MARKET_STATUS_PAUSED)
            self.admin.edit_market(market_id, status=proto.MARKET_STATUS_OPEN)
        finally:
            self.admin.set_sudo(False)
        opened, paused, reopened = proto.MARKET_STATUS_OPEN, proto.MARKET_STATUS_PAUSED, proto.MARKET_STATUS_OPEN
        self.assertTrue(buyer.wait_until(lambda: len(buyer.state.status_changes(market_id)) == 3, 5))
        self.assertEqual([c.status for c in buyer.state.status_changes(market_id)], [opened, paused, reopened])
        _, late = self.new_user()
        self.assertEqual([c.status for c in late.state.status_changes(market_id)], [opened, paused, reopened])
        last = late.state.last_trade(market_id)
        self.assertIsNotNone(last)
        self.assertEqual((last.price, last.size), (3, 1))
        self.assertEqual(len(late.state.trades(market_id)), 1)

    def test_concurrent_requests_from_threads(self):
        import threading
        market_id = self.new_market(0, 100)
        _, client = self.new_user(funding=100_000)
        results, errors = [], []

        def place(i):
            try:
                results.append(client.bid(market_id, 1 + i, 1).order.id)
            except Exception as error:  # noqa: BLE001
                errors.append(error)

        threads = [threading.Thread(target=place, args=(i,)) for i in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(set(results)), 20)
        self.assertEqual(len(client.state.my_orders(market_id)), 20)


class AccountsTest(ServerTestCase):
    def test_transfers_sub_accounts_and_act_as(self):
        _, alice = self.new_user(funding=500)
        transfer = alice.make_transfer(alice.user_id, self.admin.user_id, 20.5, note="thanks")
        self.assertEqual((transfer.amount, transfer.note), (20.5, "thanks"))
        self.assertIn(transfer.id, alice.state.transfers)
        with self.assertRaises(RequestError) as caught:
            alice.make_transfer(alice.user_id, alice.user_id, 1)
        self.assertEqual((caught.exception.kind, caught.exception.message), ("MakeTransfer", "Cannot pay yourself"))

        bot = alice.create_account("bot " + str(alice.user_id))
        self.assertFalse(bot.is_user)
        self.assertTrue(alice.wait_until(lambda: bot.id in alice.state.portfolios, 5))
        alice.make_transfer(alice.user_id, bot.id, 100)
        self.assertEqual(alice.act_as(bot.id).account_id, bot.id)
        self.assertEqual(alice.acting_as, bot.id)
        market_id = self.new_market()
        created = alice.bid(market_id, 10, 1)
        self.assertEqual(created.order.owner_id, bot.id)
        alice.act_as(alice.user_id)

        # The bot's login with act_as.
        with ExchangeClient(self.server.url, alice._token, act_as=bot.id, timeout=10) as again:
            self.assertEqual(again.acting_as, bot.id)
            self.assertEqual(again.state.my_orders(market_id)[0].id, created.order.id)

        _, bob = self.new_user()
        self.assertIsInstance(alice.share_ownership(bot.id, bob.user_id), proto.OwnershipGiven)
        self.assertTrue(bob.wait_until(lambda: bot.id in bob.state.portfolios, 5))
        with self.assertRaises(RequestError) as caught:
            bob.act_as(alice.user_id)
        self.assertEqual((caught.exception.kind, caught.exception.message), ("ActAs", "Not owner of account"))
        with self.assertRaises(RequestError):
            alice.revoke_ownership(bot.id, bob.user_id)  # not an admin

    def test_admin_operations(self):
        self.admin.set_sudo(True)
        try:
            market = self.admin.create_market("Admin market " + str(time.time()), 0, 50, "first")
            edited = self.admin.edit_market(market.id, description="second", pinned=True)
            self.assertEqual((edited.description, edited.pinned), ("second", True))
            self.assertEqual(self.admin.state.market(market.id).description, "second")
            # Requests the server may not implement yet still go through the SDK's path:
            # either the typed reply or the server's "Not implemented" failure.
            calls = [
                (lambda: self.admin.get_market_positions(market.id), proto.MarketPositions),
                (lambda: self.admin.create_market_type("Cat " + str(time.time()), "d", True), proto.MarketType),
                (lambda: self.admin.create_market_group("Grp " + str(time.time()), "d", 1), proto.MarketGroup),
                (lambda: self.admin.create_auction("Auction " + str(time.time()), "d", bin_price=5), proto.Auction),
                (lambda: self.admin.redeem(market.id, 1), proto.Redeemed),
            ]
            for call, reply_type in calls:
                try:
                    self.assertIsInstance(call(), reply_type)
                except NotImplementedByServer as error:
                    self.assertEqual(error.message, "Not implemented yet by this server")
                except RequestError as error:
                    self.assertEqual(error.message, "Fund not found")  # redeem on a non-fund
            # Impersonation: the session user becomes the impersonated user, then back.
            _, carol = self.new_user()
            admin_id = self.admin.user_id
            self.assertEqual(self.admin.act_as(carol.user_id).account_id, carol.user_id)
            self.assertEqual((self.admin.user_id, self.admin.acting_as), (carol.user_id, carol.user_id))
            self.assertEqual(self.admin.state.owned_accounts(), [carol.user_id])
            self.admin.act_as(admin_id)
            self.assertEqual((self.admin.user_id, self.admin.state.authenticated_id), (admin_id, admin_id))
        finally:
            self.admin.set_sudo(False)
        self.assertFalse(self.admin.state.sudo)

    def test_closed_connection_fails_requests(self):
        _, client = self.new_user()
        client.close()
        self.assertFalse(client.connected)
        from exchange_client import ConnectionClosed
        with self.assertRaises(ConnectionClosed):
            client.bid(1, 1, 1)


class LargeSnapshotTest(ServerTestCase):
    def test_multi_megabyte_snapshot_and_history(self):
        """Above websockets' default 1 MiB limit: both clients raise their receive limit."""
        import asyncio

        from exchange_client.aio import AsyncExchangeClient

        market_id = self.new_market(0, 1000)
        futures = [  # pipelined: send all, then collect the replies
            self.admin.request_async(
                "create_order",
                proto.CreateOrder(market_id=market_id, side=proto.BID, price=round(0.01 + i / 100, 2), size=1),
                "order_created")
            for i in range(20000)
        ]
        for future in futures:
            future.result(60)
        token = make_test_token("big-snapshot", "Big Snapshot")
        client = self.connect(token)
        self.assertEqual(len(client.state.book(market_id).bids), 20000)
        history = client.get_full_order_history(market_id)
        self.assertGreater(history.ByteSize(), 1 << 20)

        async def async_login():
            async with AsyncExchangeClient(self.server.url, token, timeout=20) as async_client:
                return len(async_client.state.book(market_id).bids)

        self.assertEqual(asyncio.run(async_login()), 20000)


class AsyncClientTest(ServerTestCase):
    def test_async_client_shares_the_sync_api(self):
        import asyncio

        from exchange_client.aio import AsyncExchangeClient

        market_id = self.new_market(0, 100)
        token, sync_client = self.new_user(funding=1000)

        async def scenario():
            async with AsyncExchangeClient(self.server.url, token, timeout=10) as client:
                self.assertTrue(client.state.ready)
                self.assertEqual(client.state.balance(), 1000)
                created = await client.bid(market_id, 20, 2)
                self.assertEqual(client.state.my_orders(market_id)[0].id, created.order.id)
                with self.assertRaises(RequestError) as caught:
                    await client.bid(market_id, 101, 1)
                self.assertEqual((caught.exception.kind, caught.exception.message), ("CreateOrder", "Invalid price"))
                await client.out()
                await client.sync()
                self.assertEqual(client.state.my_orders(), [])
                self.assertTrue(await client.wait_until(lambda: client.state.available_balance() == 1000, 5))
            self.assertFalse(client.connected)

        asyncio.run(scenario())


if __name__ == "__main__":
    unittest.main()
