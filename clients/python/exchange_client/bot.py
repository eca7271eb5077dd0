"""Helpers shared by bots: command line, clean shutdown, risk limits and profit tracking.

A bot written with these helpers looks like::

    from exchange_client.bot import Bot, argument_parser

    def trade(bot: Bot) -> None:
        while bot.running():
            ...                 # look at bot.client.state, send orders
            bot.sleep(1.0)      # returns early on Ctrl-C or when --duration is over

    if __name__ == "__main__":
        args = argument_parser("My bot").parse_args()
        raise SystemExit(Bot(args).run(trade))

:meth:`Bot.run` connects, calls the function, and on the way out (normal end, Ctrl-C, SIGTERM,
``--duration`` elapsed, loss limit hit, or an error) cancels the bot's orders and closes the
connection.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import signal
import threading
import time
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional

from . import proto
from .client import ExchangeClient
from .errors import ExchangeError, RequestError

log = logging.getLogger("exchange_client.bot")

TICK = 0.01  # prices and sizes have 2 decimal places


def round_down(value: float, places: int = 2) -> float:
    """``value`` rounded toward zero to ``places`` decimals (for sizes that must not grow)."""
    factor = 10**places
    return math.floor(abs(value) * factor + 1e-9) / factor * (1 if value >= 0 else -1)


def round_price(value: float) -> float:
    """``value`` rounded to the nearest cent."""
    return round(value + 0.0, 2)


def argument_parser(description: str) -> argparse.ArgumentParser:
    """The options every starter bot understands.

    ``--url`` (default ``$EXCHANGE_URL`` or ``ws://localhost:8080/api``), ``--token`` (default
    ``$EXCHANGE_TOKEN``), ``--act-as``, ``--market`` (id or name; repeatable), ``--duration``
    (seconds, default: until Ctrl-C) and ``--log-level``.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--url", default=os.environ.get("EXCHANGE_URL", "ws://localhost:8080/api"),
                        help="exchange WebSocket URL (default: %(default)s)")
    parser.add_argument("--token", default=os.environ.get("EXCHANGE_TOKEN"),
                        help="login token (default: $EXCHANGE_TOKEN)")
    parser.add_argument("--act-as", type=int, default=None, help="account id to trade as (one you own)")
    parser.add_argument("--market", action="append", default=[],
                        help="market id or name; repeat for several (default: every open market)")
    parser.add_argument("--duration", type=float, default=None, help="stop after this many seconds")
    parser.add_argument("--log-level", default="INFO", help="DEBUG, INFO, WARNING... (default: INFO)")
    return parser


@dataclass
class RiskLimits:
    """Limits a bot keeps to. The defaults are deliberately small.

    Attributes:
        max_position: largest absolute position per market, counting resting orders as if
            they all filled.
        max_order_size: largest size of a single order.
        max_loss: the bot stops trading when its mark-to-market loss since it started exceeds
            this amount.
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
    """

    def __init__(self, client: ExchangeClient) -> None:
        self.client = client
        self.account_id = client.acting_as
        self._lock = threading.Lock()
        self.cash: Dict[int, float] = {}
        self.bought: Dict[int, float] = {}
        self.traded_volume = 0.0
        client.on("order_created", self._on_order_created)

    def _on_order_created(self, message: proto.ServerMessage) -> None:
        created = message.order_created
        with self._lock:
            for trade in created.trades:
                if trade.buyer_id == self.account_id:
                    sign = 1.0
                elif trade.seller_id == self.account_id:
                    sign = -1.0
                else:
                    continue
                self.cash[trade.market_id] = self.cash.get(trade.market_id, 0.0) - sign * trade.price * trade.size
                self.bought[trade.market_id] = self.bought.get(trade.market_id, 0.0) + sign * trade.size
                self.traded_volume += trade.size

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


class Bot:
    """Runs a bot function with a connected client, a stop signal and risk helpers.

    Attributes:
        args: the parsed command line.
        client: the connected :class:`ExchangeClient` (inside :meth:`run`).
        limits: the :class:`RiskLimits` (from the command line if it has the options).
        profit: a :class:`ProfitTracker` of the bot's trades.
    """

    def __init__(self, args: argparse.Namespace, *, cancel_on_exit: bool = True) -> None:
        self.args = args
        self.cancel_on_exit = cancel_on_exit
        self.limits = RiskLimits.from_args(args) if hasattr(args, "max_position") else RiskLimits()
        self.client: ExchangeClient = None  # type: ignore[assignment]  # set by run()
        self.profit: ProfitTracker = None  # type: ignore[assignment]
        self._stop = threading.Event()
        self._deadline: Optional[float] = None
        self.stop_reason = ""

    # lifecycle

    def run(self, body: Callable[["Bot"], None]) -> int:
        """Connect, run ``body(self)``, then cancel orders and disconnect. Returns an exit code."""
        logging.basicConfig(level=getattr(logging, str(self.args.log_level).upper(), logging.INFO),
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        if not self.args.token:
            log.error("no token: pass --token or set EXCHANGE_TOKEN")
            return 2
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._on_signal)
        if self.args.duration is not None:
            self._deadline = time.monotonic() + self.args.duration
        code = 0
        try:
            self.client = ExchangeClient(self.args.url, self.args.token, self.args.act_as)
            self.client.connect()
            self.profit = ProfitTracker(self.client)
            body(self)
        except KeyboardInterrupt:
            self.stop("interrupted")
        except ExchangeError as error:
            log.error("stopping: %s", error)
            code = 1
        finally:
            self._shutdown()
        if self.stop_reason == "disconnected":
            log.error("the connection to the exchange was lost")
            code = code or 1
        log.info("stopped (%s)", self.stop_reason or "done")
        return code

    def _on_signal(self, signum: int, _frame: object) -> None:
        self.stop("Ctrl-C" if signum == signal.SIGINT else "terminated")

    def stop(self, reason: str) -> None:
        """Ask the bot to stop; :meth:`running` becomes False."""
        if not self._stop.is_set():
            self.stop_reason = reason
            log.info("stopping: %s", reason)
        self._stop.set()

    def running(self) -> bool:
        """False once the bot should stop (signal, --duration over, loss limit, disconnected)."""
        if self._stop.is_set():
            return False
        if self._deadline is not None and time.monotonic() >= self._deadline:
            self.stop("duration elapsed")
            return False
        if self.client is not None and not self.client.connected:
            self.stop("disconnected")
            return False
        return True

    def sleep(self, seconds: float) -> bool:
        """Sleep up to ``seconds``, waking early on stop; returns :meth:`running`."""
        if self._deadline is not None:
            seconds = min(seconds, max(0.0, self._deadline - time.monotonic()))
        self._stop.wait(seconds)
        return self.running()

    def wait_for_update(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for the next message from the server; returns :meth:`running`."""
        if self._deadline is not None:
            seconds = min(seconds, max(0.0, self._deadline - time.monotonic()))
        self.client.wait_for_update(min(seconds, 0.25))  # short waits so Ctrl-C stays responsive
        return self.running()

    def remaining(self) -> Optional[float]:
        """Seconds left before --duration ends, or None without a duration."""
        return None if self._deadline is None else max(0.0, self._deadline - time.monotonic())

    def _shutdown(self) -> None:
        client = self.client
        if client is None:
            return
        if self.cancel_on_exit and client.connected:
            try:
                client.out()
                client.sync(timeout=5)
                log.info("cancelled all orders")
            except ExchangeError as error:
                log.warning("could not cancel orders: %s", error)
        if self.profit is not None and self.profit.traded_volume:
            log.info("traded %.2f units, profit %.2f", self.profit.traded_volume, self.profit.profit())
        client.close()

    # markets

    def markets(self) -> List[proto.Market]:
        """The markets named with --market, or every open market if none was named."""
        state = self.client.state
        if not self.args.market:
            return state.open_markets()
        found = []
        for name in self.args.market:
            for part in str(name).split(","):
                market = state.market(part.strip())
                if market is None:
                    raise ExchangeError(f"unknown market {part.strip()!r}")
                found.append(market)
        return found

    # risk

    def allowed_size(self, market_id: int, side: int, wanted: float) -> float:
        """How much of ``wanted`` may be ordered without breaking the position limit.

        Counts the position plus every resting order of that side as if it filled.
        """
        state = self.client.state
        exposure = state.exposure(market_id)
        position = exposure.position if exposure else 0.0
        # The book is updated as soon as a reply arrives, the portfolio a moment later: take
        # the larger of the two views of the resting size.
        resting = sum(o.size for o in state.my_orders(market_id) if o.side == side)
        if side == proto.BID:
            worst = position + max(resting, exposure.total_bid_size if exposure else 0.0)
            room = self.limits.max_position - worst
        else:
            worst = position - max(resting, exposure.total_offer_size if exposure else 0.0)
            room = self.limits.max_position + worst
        return max(0.0, round_down(min(wanted, self.limits.max_order_size, room)))

    def check_loss(self) -> bool:
        """Stop the bot (returning False) if its loss exceeds the limit."""
        profit = self.profit.profit()
        if profit < -self.limits.max_loss:
            self.stop(f"loss limit: profit {profit:.2f} < -{self.limits.max_loss:.2f}")
            return False
        return True

    def place(self, market_id: int, side: int, price: float, size: float) -> Optional[proto.OrderCreated]:
        """Place an order within the limits (size is reduced as needed); log and return None
        instead of raising when the server refuses it or nothing may be ordered."""
        size = self.allowed_size(market_id, side, size)
        if size <= 0 or not self.running():
            return None
        state = self.client.state
        before = state.portfolio()
        try:
            created = self.client.create_order(market_id, side, round_price(price), size)
        except RequestError as error:
            log.warning("order refused: %s", error.message)
            return None
        if created.fills:
            # The position changed: wait (briefly) for the portfolio update that follows, so
            # the next limit check sees it.
            state.wait_for(lambda: state.portfolio() is not before, timeout=1.0)
        return created

    def cancel(self, order_id: int) -> bool:
        """Cancel an order, ignoring "Order not found" (it filled meanwhile). True if cancelled."""
        try:
            self.client.cancel_order(order_id)
            return True
        except RequestError as error:
            if error.message != "Order not found":
                log.warning("cancel refused: %s", error.message)
            return False
