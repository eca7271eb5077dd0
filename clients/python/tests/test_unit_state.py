"""Unit tests of ExchangeState from constructed messages."""

import unittest
import warnings

from exchange_client import PrecisionWarning, proto
from exchange_client import precision
from exchange_client.client import parse_side
from exchange_client.state import ExchangeState

from .state_messages import BOT, OTHER, USER, market, msg, order, portfolio, snapshot


class SnapshotTest(unittest.TestCase):
    def test_snapshot_builds_state_and_ends_with_acting_as(self):
        state = ExchangeState()
        snapshot(state)
        self.assertTrue(state.ready)
        self.assertEqual(state.user_id, USER)
        self.assertEqual(state.acting_as, USER)
        self.assertEqual(sorted(state.accounts), [0, 1, USER, BOT, OTHER])
        self.assertEqual(state.account("Bob").id, OTHER)
        self.assertEqual(state.owned_accounts(), [USER, BOT])
        self.assertEqual(len(state.transfers), 1)  # the twice-sent transfers are de-duplicated
        self.assertEqual(state.balance(), 1000)
        self.assertEqual(state.category("Fun").id, 1)
        self.assertEqual(state.group("Weather").type_id, 1)
        self.assertEqual(state.auction_list()[0].name, "Signed book")
        self.assertEqual(state.market_id("Rain"), 5)
        self.assertEqual(state.last_transaction_id, 14)

        book = state.book(5)
        # Bids best first, then time priority at a price.
        self.assertEqual([o.id for o in book.bids], [101, 103, 100])
        self.assertEqual([o.id for o in book.offers], [102])
        self.assertEqual(book.mid, (41 + 45) / 2)
        self.assertEqual(book.levels(proto.BID), [(41, 5), (40, 2)])
        self.assertEqual([o.id for o in state.my_orders(5)], [103])
        self.assertEqual(state.best_bid(5, exclude_account=OTHER).id, 103)

    def test_not_ready_until_acting_portfolio_is_seen(self):
        state = ExchangeState()
        state.apply(msg(authenticated=proto.Authenticated(account_id=USER)))
        state.apply(msg(portfolios=proto.Portfolios(portfolios=[portfolio(USER, 0)])))
        state.apply(msg(accounts=proto.Accounts()))
        state.apply(msg(acting_as=proto.ActingAs(account_id=BOT)))  # BOT's portfolio not seen yet
        self.assertFalse(state.ready)
        state.apply(msg(portfolio_updated=portfolio(BOT, 5)))
        self.assertTrue(state.ready)

    def test_early_acting_as_before_accounts_is_not_the_end(self):
        # docs/api.md (login snapshot): a lost login act_as yields an extra ActingAs{U} before step 4.
        state = ExchangeState()
        state.apply(msg(authenticated=proto.Authenticated(account_id=USER)))
        state.apply(msg(portfolios=proto.Portfolios(portfolios=[portfolio(USER, 0)])))
        state.apply(msg(acting_as=proto.ActingAs(account_id=USER)))
        self.assertFalse(state.ready)
        state.apply(msg(accounts=proto.Accounts()))
        self.assertTrue(state.ready)


class TradingTest(unittest.TestCase):
    def setUp(self):
        self.state = ExchangeState()
        snapshot(self.state)

    def test_order_created_with_fills_and_trades(self):
        created = proto.OrderCreated(market_id=5, account_id=USER, transaction_id=20)
        # An offer of 4 @ 40: fills 101 fully (1 @ 41), 103 (own order: self-fill, no trade) by 3.
        created.fills.add(id=101, market_id=5, size_filled=1, size_remaining=0, price=41, side=proto.BID, owner_id=OTHER)
        created.fills.add(id=103, market_id=5, size_filled=3, size_remaining=1, price=41, side=proto.BID, owner_id=USER)
        created.trades.add(id=1, market_id=5, transaction_id=20, price=41, size=1, buyer_id=OTHER, seller_id=USER)
        self.state.apply(msg("req-1", order_created=created))
        book = self.state.book(5)
        self.assertEqual([(o.id, o.size) for o in book.bids], [(103, 1), (100, 2)])
        self.assertEqual([t.id for t in self.state.trades(5)], [1])
        self.assertEqual(self.state.last_trade(5).price, 41)

        # A bid of 5 @ 45 takes the offer (3) and rests 2 @ 45.
        created = proto.OrderCreated(market_id=5, account_id=OTHER, transaction_id=21)
        created.fills.add(id=102, market_id=5, size_filled=3, size_remaining=0, price=45, side=proto.OFFER, owner_id=OTHER)
        created.order.CopyFrom(order(104, 5, proto.BID, 45, 2, OTHER, tx=21))
        created.order.sizes.add(transaction_id=21, size=2)
        self.state.apply(msg(order_created=created))
        book = self.state.book(5)
        self.assertEqual(book.offers, [])
        self.assertEqual(book.best_bid.id, 104)
        self.assertEqual(self.state.last_transaction_id, 21)

    def test_fully_filled_order_leaves_no_order(self):
        created = proto.OrderCreated(market_id=5, account_id=USER, transaction_id=20)
        created.fills.add(id=102, market_id=5, size_filled=3, size_remaining=0, price=45, side=proto.OFFER, owner_id=OTHER)
        self.state.apply(msg(order_created=created))
        self.assertIsNone(self.state.book(5).best_offer)
        self.assertIsNone(self.state.order(102))

    def test_cancels(self):
        self.state.apply(msg("req-2", orders_cancelled=proto.OrdersCancelled(market_id=5, order_ids=[103], transaction_id=22)))
        self.assertEqual(self.state.my_orders(), [])
        self.assertEqual(len(self.state.book(5).bids), 2)

    def test_out_reply_then_cancellations(self):
        out = proto.Out()
        out.side = proto.BID
        self.state.apply(msg("req-3", out=out))
        self.assertEqual(len(self.state.book(5).bids), 3)  # the reply itself changes nothing
        self.state.apply(msg(orders_cancelled=proto.OrdersCancelled(market_id=5, order_ids=[103], transaction_id=23)))
        self.assertEqual(self.state.my_orders(5), [])

    def test_settlement_clears_the_book(self):
        settled = proto.MarketSettled(id=5, settle_price=42.5, transaction_id=30)
        settled.transaction_timestamp.seconds = 1700000000
        self.state.apply(msg(market_settled=settled))
        m = self.state.market(5)
        self.assertTrue(m.HasField("closed"))
        self.assertEqual(m.closed.settle_price, 42.5)
        self.assertEqual(m.closed.transaction_id, 30)
        self.assertEqual(self.state.book(5).bids, [])
        self.assertEqual(self.state.book(5).offers, [])
        self.assertEqual(self.state.open_markets(), [])

    def test_portfolio_updates(self):
        self.state.apply(msg(portfolio_updated=portfolio(USER, 900, [(5, 2.5)])))
        self.assertEqual(self.state.balance(), 900)
        self.assertEqual(self.state.position(5), 2.5)
        self.assertEqual(self.state.position(6), 0.0)
        self.assertEqual(self.state.balance(BOT), 50)  # other portfolios kept
        # A Portfolios list replaces every portfolio held.
        self.state.apply(msg(portfolios=proto.Portfolios(portfolios=[portfolio(USER, 800)])))
        self.assertEqual(self.state.owned_accounts(), [USER])

    def test_full_histories(self):
        trades = proto.Trades(market_id=5, hasFullHistory=True)
        trades.trades.add(id=2, market_id=5, price=44, size=1, transaction_id=8)
        trades.trades.add(id=1, market_id=5, price=43, size=1, transaction_id=7)
        self.state.apply(msg("req-4", trades=trades))
        self.assertEqual([t.id for t in self.state.trades(5)], [1, 2])
        # A trade already in the history is not appended again.
        created = proto.OrderCreated(market_id=5, account_id=OTHER, transaction_id=8)
        created.trades.add(id=2, market_id=5, price=44, size=1, transaction_id=8)
        self.state.apply(msg(order_created=created))
        self.assertEqual(len(self.state.trades(5)), 2)
        # An empty partial list (snapshot re-send) does not forget them.
        self.state.apply(msg(trades=proto.Trades(market_id=5)))
        self.assertEqual(len(self.state.trades(5)), 2)
        # Nor does a re-send carrying the last trade (already known).
        last = proto.Trades(market_id=5)
        last.trades.add(id=2, market_id=5, price=44, size=1, transaction_id=8)
        self.state.apply(msg(trades=last))
        self.assertEqual([t.id for t in self.state.trades(5)], [1, 2])
        self.assertTrue(self.state.markets[5].has_full_trade_history)

        history = proto.Orders(market_id=5, hasFullHistory=True, orders=[
            order(99, 5, proto.OFFER, 44, 0, OTHER, tx=5), order(103, 5, proto.BID, 41, 4, USER, tx=13)])
        self.state.apply(msg("req-5", orders=history))
        self.assertEqual([o.id for o in self.state.order_history(5)], [99, 103])
        self.assertEqual([o.id for o in self.state.book(5).bids], [103])
        self.state.apply(msg(orders_cancelled=proto.OrdersCancelled(market_id=5, order_ids=[103], transaction_id=40)))
        cancelled = self.state.order_history(5)[1]
        self.assertEqual(cancelled.size, 0)
        self.assertEqual([(s.transaction_id, s.size) for s in cancelled.sizes], [(40, 0)])

    def test_order_created_in_unknown_market_is_ignored(self):
        created = proto.OrderCreated(market_id=99, account_id=OTHER, transaction_id=50)
        created.order.CopyFrom(order(200, 99, proto.BID, 1, 1, OTHER))
        self.state.apply(msg(order_created=created))
        self.assertIsNone(self.state.market(99))
        self.assertEqual(self.state.last_transaction_id, 50)


class OwnershipTest(unittest.TestCase):
    def test_resync_after_create_account_and_losing_the_acting_account(self):
        state = ExchangeState()
        snapshot(state, acting_as=BOT)
        self.assertEqual(state.acting_as, BOT)
        # CreateAccount: AccountCreated (with the request id), then the re-sync.
        state.apply(msg("req-6", account_created=proto.Account(id=13, name="alice-bot-2")))
        state.apply(msg(transfers=proto.Transfers()))
        state.apply(msg(portfolios=proto.Portfolios(portfolios=[portfolio(USER, 1000), portfolio(BOT, 50), portfolio(13, 0)])))
        self.assertEqual(state.owned_accounts(), [USER, BOT, 13])
        self.assertEqual(state.account(13).name, "alice-bot-2")
        # Public data re-sent to non-admins: the market, its book and an empty Trades.
        state.apply(msg(market=market(5, "Rain")))
        state.apply(msg(orders=proto.Orders(market_id=5, orders=[order(100, 5, proto.BID, 40, 2, OTHER)])))
        self.assertEqual([o.id for o in state.book(5).bids], [100])
        # Revocation removes BOT: ActingAs{U} then Portfolios without it.
        state.apply(msg(acting_as=proto.ActingAs(account_id=USER)))
        state.apply(msg(portfolios=proto.Portfolios(portfolios=[portfolio(USER, 1000), portfolio(13, 0)])))
        self.assertEqual(state.acting_as, USER)
        self.assertEqual(state.owned_accounts(), [USER, 13])


    def test_admin_impersonation_changes_the_session_user(self):
        state = ExchangeState()
        snapshot(state)
        # Private data of the impersonated user (twice in the reference), then ActingAs.
        for _ in range(2):
            state.apply(msg(transfers=proto.Transfers()))
            state.apply(msg(portfolios=proto.Portfolios(portfolios=[portfolio(OTHER, 7)])))
        state.apply(msg("req-7", acting_as=proto.ActingAs(account_id=OTHER)))
        self.assertEqual((state.user_id, state.acting_as, state.authenticated_id), (OTHER, OTHER, USER))
        self.assertEqual(state.balance(), 7)
        # A later ActAs to an owned account does not change the user.
        state.apply(msg(portfolios=proto.Portfolios(portfolios=[portfolio(OTHER, 7), portfolio(13, 0)])))
        state.apply(msg("req-8", acting_as=proto.ActingAs(account_id=13)))
        self.assertEqual((state.user_id, state.acting_as), (OTHER, 13))


class CatalogueTest(unittest.TestCase):
    def setUp(self):
        self.state = ExchangeState()
        snapshot(self.state)

    def test_auctions(self):
        self.state.apply(msg(auction_settled=proto.AuctionSettled(id=7, settle_price=12, buyer_id=OTHER, transaction_id=31)))
        auction = self.state.auction_list()[0]
        self.assertTrue(auction.HasField("closed"))
        self.assertEqual((auction.closed.settle_price, auction.buyer_id), (12, OTHER))
        self.state.apply(msg(auction_deleted=proto.AuctionDeleted(auction_id=7)))
        self.assertEqual(self.state.auction_list(), [])

    def test_split_auction_keeps_every_buyer_sorted_by_account(self):
        buyers = [proto.AuctionBuyer(account_id=OTHER, amount=8), proto.AuctionBuyer(account_id=USER, amount=4)]
        self.state.apply(msg(auction_settled=proto.AuctionSettled(id=7, settle_price=12, buyer_id=0, transaction_id=31,
                                                                  buyers=buyers)))
        auction = self.state.auction_list()[0]
        self.assertEqual(auction.buyer_id, 0)  # no labelled owner
        self.assertEqual([(b.account_id, b.amount) for b in auction.buyers],
                         sorted([(OTHER, 8), (USER, 4)]))

    def test_categories_and_groups(self):
        self.state.apply(msg(market_type=proto.MarketType(id=3, name="Sport", public=True)))
        self.state.apply(msg(market=market(6, "Match", type_id=3)))
        self.state.apply(msg(market_type_deleted=proto.MarketTypeDeleted(market_type_id=3)))
        self.assertIsNone(self.state.category(3))
        self.assertEqual(self.state.market(6).type_id, 1)  # moved like the server does
        self.state.apply(msg(market_group=proto.MarketGroup(id=2, name="Finals", type_id=1)))
        self.assertEqual(self.state.group(2).name, "Finals")

    def test_sudo_and_redeemed(self):
        self.state.apply(msg(sudo_status=proto.SudoStatus(enabled=True)))
        self.assertTrue(self.state.sudo)
        self.state.apply(msg(redeemed=proto.Redeemed(account_id=USER, fund_id=5, amount=1, transaction_id=60)))
        self.assertEqual(len(self.state.redemptions), 1)

    def test_wait_for_update(self):
        self.assertFalse(self.state.wait_for_update(0.01))


class PrecisionTest(unittest.TestCase):
    def test_rounding_warns_only_when_the_value_changes(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            self.assertEqual(precision.price(12.5), 12.5)
            self.assertEqual(precision.size(3), 3.0)
            self.assertEqual(precision.price(0.1 + 0.2), 0.3)  # read like the server reads it
            self.assertEqual(precision.amount("1.2345"), 1.2345)
        with self.assertWarns(PrecisionWarning):
            self.assertEqual(precision.price(12.345), 12.34)  # half to even on the decimal
        with self.assertWarns(PrecisionWarning):
            self.assertEqual(precision.size(1.006), 1.01)
        with self.assertWarns(PrecisionWarning):
            self.assertEqual(precision.amount(0.00001), 0.0)

    def test_non_finite_values_pass_through(self):
        self.assertNotEqual(precision.price(float("nan")), precision.price(float("nan")))
        self.assertEqual(precision.price(float("inf")), float("inf"))

    def test_sides(self):
        self.assertEqual(parse_side("buy"), proto.BID)
        self.assertEqual(parse_side("Offer"), proto.OFFER)
        self.assertEqual(parse_side(proto.BID), proto.BID)
        with self.assertRaises(ValueError):
            parse_side("hold")


class SnapshotRecordsTest(unittest.TestCase):
    """The snapshot's last trade and the status log (docs/api.md)."""

    def setUp(self):
        self.state = ExchangeState()
        snapshot(self.state)

    def test_snapshot_last_trade_is_kept_as_the_markets_last_trade(self):
        last = proto.Trades(market_id=5)
        last.trades.add(id=9, market_id=5, price=47, size=2, transaction_id=30)
        self.state.apply(msg(trades=last))
        self.assertEqual(self.state.last_trade(5).price, 47)
        self.assertFalse(self.state.markets[5].has_full_trade_history)
        self.assertEqual(self.state.last_transaction_id, 30)

    def test_status_log_replaces_on_every_message(self):
        self.assertEqual(self.state.status_changes(5), [])
        log = proto.MarketStatusChanges(market_id=5)
        log.changes.add(status=proto.MARKET_STATUS_OPEN, transaction_id=3)
        log.changes.add(status=proto.MARKET_STATUS_PAUSED, transaction_id=8)
        self.state.apply(msg(market_status_changes=log))
        self.assertEqual([c.status for c in self.state.status_changes("Rain")],
                         [proto.MARKET_STATUS_OPEN, proto.MARKET_STATUS_PAUSED])
        self.state.apply(msg(market_status_changes=proto.MarketStatusChanges(market_id=5)))
        self.assertEqual(self.state.status_changes(5), [])
        # A log for a market we do not know is ignored.
        self.state.apply(msg(market_status_changes=proto.MarketStatusChanges(market_id=77)))


if __name__ == "__main__":
    unittest.main()
