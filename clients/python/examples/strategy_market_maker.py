#!/usr/bin/python3
"""The starter strategy: a market maker in a dozen lines, written on ``Strategy`` so that it
runs live and in the backtester unchanged.

Once a second, in every market it has seen: quote a bid and an offer ``edge`` either side of a
fair value, each of ``size``. The fair value is the middle of other traders' best bid and offer
(their one side if the other is empty, 50 in an empty book), shifted against our position ("skew":
long -> lower quotes, so we sell more and buy less).

    python -m venv --system-site-packages .venv && .venv/bin/pip install --no-build-isolation ./clients/python
    .venv/bin/python clients/python/examples/strategy_market_maker.py --url ws://localhost:8080/api [--cohort NAME] --token TOKEN

Options: those of every starter bot (``--market``, ``--duration``, ``--log-file``...).
"""

import pathlib
import sys

try:
    import exchange_client  # noqa: F401 - installed with pip
except ImportError:  # run from a clone without installing: use the copy next to this file
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from exchange_client.strategy import Strategy  # noqa: E402
from exchange_client.strategy_runner import strategy_main  # noqa: E402


class MarketMaker(Strategy):
    timer_interval = 1.0  # requote once a second
    edge, size, skew = 1.0, 1.0, 0.2

    def on_start(self, ctx):
        self.seen = set()  # markets whose book we have been told about

    def on_book(self, ctx, market_id, book):
        self.seen.add(market_id)

    def on_timer(self, ctx):
        for market_id in sorted(self.seen):
            mine = {order.id for order in ctx.open_orders(market_id)}
            book = ctx.book(market_id)
            bids = [o.price for o in book.bids if o.id not in mine]
            offers = [o.price for o in book.offers if o.id not in mine]
            fair = (bids[0] + offers[0]) / 2 if bids and offers else (bids or offers or [50.0])[0]
            fair -= self.skew * ctx.position(market_id)
            ctx.quote(market_id, round(fair - self.edge, 2), round(fair + self.edge, 2), self.size)


if __name__ == "__main__":
    raise SystemExit(strategy_main(MarketMaker(), "A small market maker written on Strategy"))
