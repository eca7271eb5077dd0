"""Unit tests of the gift / owner-credit helpers and of the state's traded markets and fund
redemptions (additions to the protocol: Gift, Portfolio.traded_market_ids, Trades.redemptions)."""

import unittest

from exchange_client import proto
from exchange_client.request_methods import normalize_color
from exchange_client.state import ExchangeState

from .test_unit_state import BOT, USER, market, msg, portfolio, snapshot

FUND = 7


def traded(account_id: int, balance: float, *market_ids: int) -> proto.Portfolio:
    p = portfolio(account_id, balance)
    p.traded_market_ids.extend(market_ids)
    return p


class ColorTest(unittest.TestCase):
    def test_normalised_like_the_server_stores_it(self):
        self.assertEqual(normalize_color("AABBCC"), "#aabbcc")
        self.assertEqual(normalize_color(" #A0b1C2 "), "#a0b1c2")
        self.assertEqual(normalize_color("   "), "")  # blank: no colour


class TradedMarketsTest(unittest.TestCase):
    def setUp(self):
        self.state = ExchangeState()
        snapshot(self.state)

    def test_merged_from_portfolios_and_updates_and_cleared_by_a_full_list(self):
        s = self.state
        s.apply(msg(portfolios=proto.Portfolios(portfolios=[traded(USER, 1000, 3, 1), traded(BOT, 50)])))
        self.assertEqual(s.traded_markets(), [1, 3])
        s.apply(msg(portfolio_updated=traded(USER, 990, 5)))
        self.assertEqual(s.traded_markets(USER), [1, 3, 5])
        # A server that leaves the list empty in portfolio_updated loses nothing.
        s.apply(msg(portfolio_updated=traded(USER, 980)))
        self.assertEqual(s.traded_markets(USER), [1, 3, 5])
        # A new full list (are_new_ownerships false) replaces everything.
        s.apply(msg(portfolios=proto.Portfolios(portfolios=[traded(USER, 980, 5)])))
        self.assertEqual(s.traded_markets(USER), [5])
        self.assertEqual(s.traded_markets(BOT), [])


class FundRedemptionsTest(unittest.TestCase):
    def setUp(self):
        self.state = ExchangeState()
        snapshot(self.state)
        self.state.apply(msg(market=market(FUND, "fund")))

    def redeemed(self, tx: int, amount: float) -> proto.Redeemed:
        return proto.Redeemed(account_id=USER, fund_id=FUND, amount=amount, transaction_id=tx)

    def test_kept_from_the_full_history_then_appended_live(self):
        s = self.state
        s.apply(msg(redeemed=self.redeemed(50, 1)))
        self.assertIsNone(s.fund_redemptions(FUND))  # unknown before a full history
        history = proto.Trades(market_id=FUND, hasFullHistory=True,
                               redemptions=[self.redeemed(60, -2), self.redeemed(50, 1)])
        s.apply(msg(trades=history))
        self.assertEqual([r.transaction_id for r in s.fund_redemptions(FUND)], [50, 60])
        s.apply(msg(redeemed=self.redeemed(70, 3)))
        s.apply(msg(redeemed=self.redeemed(70, 3)))  # the same one twice is kept once
        self.assertEqual([r.amount for r in s.fund_redemptions("fund")], [1, -2, 3])


if __name__ == "__main__":
    unittest.main()
