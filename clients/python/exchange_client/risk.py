"""Risk limits a bot keeps to, and the mark-to-market profit of its trades (used by
:class:`exchange_client.bot.Bot`; importable from there too)."""

from __future__ import annotations

import argparse
import threading
from dataclasses import dataclass
from typing import Dict, Optional

from . import proto
from .client import ExchangeClient
from .strategy import fills_of


@dataclass
class RiskLimits:
    """Limits a bot keeps to, so that a bug costs little. The defaults are deliberately small.

    :meth:`Bot.place` shrinks orders to fit ``max_position`` and ``max_order_size`` (see
    :meth:`Bot.allowed_size`); :meth:`Bot.check_loss` stops the bot past ``max_loss``. The
    exchange itself only refuses orders you cannot afford in the worst case.

    Attributes:
        max_position: largest absolute position per market, counting resting orders of the
            same side as if they all filled (so with a position of 8, a limit of 10 and a
            resting bid of 1, at most 1 more may be bid).
        max_order_size: largest size of a single order.
        max_loss: the bot stops when its mark-to-market loss since it started (as measured by
            :class:`ProfitTracker`) exceeds this amount.
    Set them with ``RiskLimits.add_arguments(parser)`` (``--max-...`` options) or
    ``bot.limits = RiskLimits(max_position=20, max_order_size=2, max_loss=100)``.
    """

    max_position: float = 10.0
    max_order_size: float = 5.0
    max_loss: float = 500.0

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser, max_position: float = 10.0,
                      max_order_size: float = 5.0, max_loss: float = 500.0) -> None:
        """Add ``--max-position``, ``--max-order-size`` and ``--max-loss`` to a parser."""
        parser.add_argument("--max-position", type=float, default=max_position,
                            help="largest absolute position per market (default: %(default)s)")
        parser.add_argument("--max-order-size", type=float, default=max_order_size,
                            help="largest single order (default: %(default)s)")
        parser.add_argument("--max-loss", type=float, default=max_loss,
                            help="stop trading after losing this much (default: %(default)s)")

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> "RiskLimits":
        """Limits from the options added by :meth:`add_arguments`."""
        return cls(args.max_position, args.max_order_size, args.max_loss)


class ProfitTracker:
    """Mark-to-market profit of the trades the acting account makes while the bot runs.

    For each market: cash received minus cash paid in those trades, plus the position they
    built, valued at the market's mark (settlement price if settled, else the middle of the
    best bid and offer, else the last trade, else the middle of the settlement range).
    Positions held before the bot started do not count. Example: buy 2 at 40, the mid moves
    to 45: profit = -80 + 2 * 45 = 10.

    Attributes:
        cash: cash received minus paid, by market id.
        bought: units bought minus sold (this run's position), by market id.
        traded_volume: total size traded, all markets.
        fills: number of fills, all markets.
    """

    def __init__(self, client: ExchangeClient) -> None:
        self.client = client
        self.account_id = client.acting_as
        self._lock = threading.Lock()
        self.cash: Dict[int, float] = {}
        self.bought: Dict[int, float] = {}
        self.traded_volume = 0.0
        self.fills = 0
        client.on("order_created", self._on_order_created)

    def _on_order_created(self, message: proto.ServerMessage) -> None:
        with self._lock:
            for fill in fills_of(message.order_created, self.account_id):
                sign = 1.0 if fill.side == proto.BID else -1.0
                self.cash[fill.market_id] = self.cash.get(fill.market_id, 0.0) - sign * fill.price * fill.size
                self.bought[fill.market_id] = self.bought.get(fill.market_id, 0.0) + sign * fill.size
                self.traded_volume += fill.size
                self.fills += 1

    def mark(self, market_id: int) -> float:
        """The price used to value a position in the market."""
        state = self.client.state
        market = state.market(market_id)
        if market is None:
            return 0.0
        if market.HasField("closed"):
            return market.closed.settle_price
        mid = state.book(market_id).mid
        if mid is not None:
            return mid
        last = state.last_trade(market_id)
        if last is not None:
            return last.price
        return (market.min_settlement + market.max_settlement) / 2

    def profit(self, market_id: Optional[int] = None) -> float:
        """Profit (negative: loss) in one market, or in all markets the bot traded."""
        with self._lock:
            markets = [market_id] if market_id is not None else list(self.cash)
            cash = {m: self.cash.get(m, 0.0) for m in markets}
            bought = {m: self.bought.get(m, 0.0) for m in markets}
        return sum(cash[m] + bought[m] * self.mark(m) for m in markets)
