"""Strategies: write a bot as a few callbacks, run it live or in a backtest unchanged.

A strategy reacts to events (a book changed, a public trade, one of my orders filled, a
timer) and acts through a :class:`Context`. The live client (:func:`run_strategy`) and the
backtester (``exchange_client.backtest``) both provide a Context, so the same class runs in
both. A small market maker::

    from exchange_client.strategy import Strategy, run_strategy

    class Quoter(Strategy):
        timer_interval = 1.0                       # on_timer once a second

        def on_timer(self, ctx):
            for market_id in self.markets or ():
                mid = ctx.book(market_id).mid or 50.0
                ctx.quote(market_id, mid - 1, mid + 1, size=1)

    # with ExchangeClient(url, token) as client:
    #     run_strategy(Quoter(), client, duration=60)

When it starts, a live strategy gets ``on_start`` and then ``on_book`` once for every market it
reacts to (with the current book), then events as they happen.

Callbacks run one at a time on the thread that called :func:`run_strategy` (never on the
client's reader thread), so they may call the blocking Context methods freely.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, List, Optional, Sequence

from . import proto
from .state import Book

try:  # Python 3.8+
    from typing import Protocol
except ImportError:  # pragma: no cover
    Protocol = object  # type: ignore[assignment,misc]

if TYPE_CHECKING:  # pragma: no cover - imported for annotations only (avoids an import cycle)
    from .client import ExchangeClient

log = logging.getLogger("exchange_client.strategy")


@dataclass(frozen=True)
class Fill:
    """One of my orders traded (one ``Fill`` per trade it took part in).

    Attributes:
        market_id: the market.
        order_id: my order's id; 0 when my order filled completely on arrival (the server
            then never gives it an id that outlives the request).
        side: ``proto.BID`` (I bought) or ``proto.OFFER`` (I sold).
        price: the trade's price.
        size: the size traded.
        trade_id: the trade's id.
        timestamp: seconds since the epoch (simulated time in a backtest).
    """

    market_id: int
    order_id: int
    side: int
    price: float
    size: float
    trade_id: int
    timestamp: float


def _seconds(timestamp) -> float:
    """A protobuf Timestamp as seconds since the epoch (now if it is unset)."""
    if timestamp is None or (timestamp.seconds == 0 and timestamp.nanos == 0):
        return time.time()
    return timestamp.seconds + timestamp.nanos / 1e9


def fills_of(created: proto.OrderCreated, account_id: Optional[int]) -> List[Fill]:
    """The fills an ``OrderCreated`` gives ``account_id`` (as the taker, a maker, or both).

    ``fills`` lists the resting (maker) orders the new order hit, in order; each made one trade
    of ``trades``, in the same order, except a hit on an order of the taker's own account
    (self-matching: both orders shrink but no trade happens and no money moves, so it yields
    no Fill). The taker's order id is ``created.order.id`` when a remainder rested, else 0.
    """
    if account_id is None:
        return []
    result: List[Fill] = []
    stamp = created.transaction_timestamp if created.HasField("transaction_timestamp") else None
    taker_order_id = created.order.id if created.HasField("order") else 0
    trades = iter(created.trades)
    for maker in created.fills:
        if maker.owner_id == created.account_id:
            continue  # self-match: no trade
        trade = next(trades, None)
        if trade is None:
            break
        when = _seconds(trade.transaction_timestamp if trade.HasField("transaction_timestamp") else stamp)
        if maker.owner_id == account_id:
            result.append(Fill(trade.market_id, maker.id, maker.side, trade.price, trade.size, trade.id, when))
        elif created.account_id == account_id:
            side = proto.OFFER if maker.side == proto.BID else proto.BID
            result.append(Fill(trade.market_id, taker_order_id, side, trade.price, trade.size, trade.id, when))
    return result


class Strategy:
    """Base class of strategies: override the callbacks you need (all default to nothing).

    Attributes:
        markets: ids of the markets to react to (None: every market visible to the account).
            Book, trade and fill events of other markets are not delivered.
        timer_interval: seconds between :meth:`on_timer` calls (None: no timer).
    """

    markets: Optional[Sequence[int]] = None
    timer_interval: Optional[float] = None

    def on_start(self, ctx: "Context") -> None:
        """Called once before any other callback, with the state complete."""

    def on_book(self, ctx: "Context", market_id: int, book: Book) -> None:
        """That market's book changed (orders placed, filled or cancelled). Several changes
        that arrive together are reported once, with the latest book."""

    def on_trade(self, ctx: "Context", market_id: int, trade: proto.Trade) -> None:
        """A public trade happened (anyone's, mine included)."""

    def on_fill(self, ctx: "Context", fill: Fill) -> None:
        """One of my orders traded (reported after :meth:`on_trade` for the same trade)."""

    def on_timer(self, ctx: "Context") -> None:
        """Called every :attr:`timer_interval` seconds."""

    def on_stop(self, ctx: "Context") -> None:
        """Called once at the end (duration over, Ctrl-C, disconnected). Orders are cancelled
        after it returns."""


class Context(Protocol):
    """What a strategy may call. The live client (:class:`LiveContext`) and the backtester
    both provide it. Prices and sizes have 2 decimals (rounded with a PrecisionWarning)."""

    now: float  # seconds since epoch (simulated in a backtest)

    def book(self, market_id: int) -> Book:
        """The market's current book (``exchange_client.state.Book``)."""
        ...

    def position(self, market_id: int) -> float:
        """My net position in the market (positive: long)."""
        ...

    def balance(self) -> float:
        """My cash balance."""
        ...

    def open_orders(self, market_id: int) -> List[proto.Order]:
        """My resting orders in the market."""
        ...

    def create_order(self, market_id: int, side: int, price: float, size: float) -> proto.OrderCreated:
        """Place a limit order (raises RequestError if refused)."""
        ...

    def cancel_order(self, order_id: int) -> None:
        """Cancel one of my orders."""
        ...

    def out(self, market_id: Optional[int] = None) -> None:
        """Cancel all my orders (in one market, or everywhere); returns once they are gone."""
        ...

    def quote(self, market_id: int, bid: float, offer: float, size: float) -> None:
        """Cancel my resting orders in that market, then place the bid/offer pair."""
        ...

    def take(self, market_id: int, side: int, price: float, size: float) -> List[Fill]:
        """Cross up to ``price`` for up to ``size``, then cancel what did not fill."""
        ...

    def log(self, message: str) -> None:
        """Write a line to the strategy's log."""
        ...


class LiveContext:
    """The :class:`Context` of a live :class:`~exchange_client.ExchangeClient`.

    Besides the Context methods it offers :meth:`markets` (the markets the strategy reacts
    to) and :attr:`client` for anything else the SDK can do.
    """

    def __init__(self, client: "ExchangeClient", strategy: Strategy) -> None:
        self.client = client
        self._strategy = strategy
        self._log = logging.getLogger(f"strategy.{type(strategy).__name__}")

    @property
    def now(self) -> float:
        """Seconds since the epoch."""
        return time.time()

    def markets(self) -> List[int]:
        """The strategy's markets, or every open market when it names none."""
        if self._strategy.markets is not None:
            return list(self._strategy.markets)
        return [market.id for market in self.client.state.open_markets()]

    def book(self, market_id: int) -> Book:
        return self.client.state.book(market_id)

    def position(self, market_id: int) -> float:
        return self.client.state.position(market_id)

    def balance(self) -> float:
        return self.client.state.balance()

    def open_orders(self, market_id: int) -> List[proto.Order]:
        return self.client.state.my_orders(market_id)

    def create_order(self, market_id: int, side: int, price: float, size: float) -> proto.OrderCreated:
        return self.client.create_order(market_id, side, price, size)

    def cancel_order(self, order_id: int) -> None:
        self.client.cancel_order(order_id)

    def out(self, market_id: Optional[int] = None) -> None:
        self.client.out(market_id)

    def quote(self, market_id: int, bid: float, offer: float, size: float) -> None:
        self.client.quote(market_id, bid, offer, size)

    def take(self, market_id: int, side: int, price: float, size: float) -> List[Fill]:
        return self.client.take(market_id, side, price, size)

    def log(self, message: str) -> None:
        self._log.info("%s", message)


def run_strategy(strategy: Strategy, client: "ExchangeClient", duration: Optional[float] = None,
                 *, stop: Optional[threading.Event] = None, cancel_on_stop: bool = True) -> None:
    """Drive ``strategy``'s callbacks from a connected live client until ``duration`` seconds
    have passed (None: until ``stop`` is set, Ctrl-C, or the connection is lost for good).

    Messages are read on the client's reader thread and queued; the callbacks run here, one at
    a time. On the way out it calls ``on_stop`` and (unless ``cancel_on_stop`` is False)
    cancels the account's orders.
    """
    from .strategy_runner import StrategyRunner  # the event loop lives in its own module

    StrategyRunner(strategy, client, stop=stop, cancel_on_stop=cancel_on_stop).run(duration)


__all__ = ["Fill", "Strategy", "Context", "LiveContext", "fills_of", "run_strategy"]
