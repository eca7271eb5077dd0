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
``--duration`` elapsed, loss limit hit, or an error) cancels the bot's orders, prints a summary
(fills, volume and profit per market) and closes the connection. While it runs, every fill and
the running profit go to a CSV file (``--log-file``, see :mod:`exchange_client.bot_log`). If the
connection drops, the client reconnects and rebuilds its state (``--no-reconnect`` turns that
off; the bot then stops).

A :class:`~exchange_client.strategy.Strategy` gets the same treatment with
:func:`exchange_client.strategy_runner.strategy_main` (see ``examples/strategy_market_maker.py``).
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Callable, List, Optional

from . import proto
from .bot_log import FillLog, default_log_path
from .client import ExchangeClient
from .errors import ConnectionClosed, ExchangeError, RequestError
from .risk import ProfitTracker, RiskLimits  # noqa: F401 - also part of this module's API

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
    ``$EXCHANGE_TOKEN``), ``--cohort`` (default ``$EXCHANGE_COHORT``; none: the server's default
    cohort at ``--url``), ``--act-as``, ``--market`` (id or name; repeatable), ``--duration``
    (seconds, default: until Ctrl-C), ``--log-level``, ``--log-file`` (the fills CSV; default
    ``bot-<name>-<date>.csv``, ``none`` for no file) and ``--no-reconnect``.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--url", default=os.environ.get("EXCHANGE_URL", "ws://localhost:8080/api"),
                        help="exchange WebSocket URL (default: %(default)s)")
    parser.add_argument("--token", default=os.environ.get("EXCHANGE_TOKEN"),
                        help="login token (default: $EXCHANGE_TOKEN)")
    # One server runs several classes: a named cohort is the socket /api/ws/<name> on --url's host.
    parser.add_argument("--cohort", default=os.environ.get("EXCHANGE_COHORT") or None,
                        help="cohort (class) to trade in (default: $EXCHANGE_COHORT, else the server's default)")
    parser.add_argument("--act-as", type=int, default=None, help="account id to trade as (one you own)")
    parser.add_argument("--market", action="append", default=[],
                        help="market id or name; repeat for several (default: every open market)")
    parser.add_argument("--duration", type=float, default=None, help="stop after this many seconds")
    parser.add_argument("--log-level", default="INFO", help="DEBUG, INFO, WARNING... (default: INFO)")
    parser.add_argument("--log-file", default=None,
                        help="CSV file of fills and running P&L (default: bot-<name>-<date>.csv; 'none': no file)")
    parser.add_argument("--no-reconnect", action="store_true",
                        help="stop when the connection drops instead of reconnecting")
    return parser


class Bot:
    """Runs a bot function with a connected client, a stop signal and risk helpers.

    Args:
        args: the parsed command line (from :func:`argument_parser`).
        cancel_on_exit: cancel the account's orders when the bot stops.
        name: the bot's name in the default log file name (default: the script's name).

    Attributes:
        args: the parsed command line.
        client: the connected :class:`ExchangeClient` (inside :meth:`run`).
        limits: the :class:`RiskLimits` (from the command line if it has the options).
        profit: a :class:`ProfitTracker` of the bot's trades.
        fill_log: the :class:`~exchange_client.bot_log.FillLog` (CSV of fills, summary).
    """

    def __init__(self, args: argparse.Namespace, *, cancel_on_exit: bool = True, name: Optional[str] = None) -> None:
        self.args = args
        self.name = name or Path(sys.argv[0]).stem or "bot"
        self.fill_log: Optional[FillLog] = None
        self.cancel_on_exit = cancel_on_exit
        self.limits = RiskLimits.from_args(args) if hasattr(args, "max_position") else RiskLimits()
        self.client: ExchangeClient = None  # type: ignore[assignment]  # set by run()
        self.profit: ProfitTracker = None  # type: ignore[assignment]
        self._stop = threading.Event()
        #: Set when the bot should stop (what :meth:`running` and :meth:`sleep` watch).
        self.stop_event = self._stop
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
            self.client = ExchangeClient(self.args.url, self.args.token, self.args.act_as,
                                         reconnect=not getattr(self.args, "no_reconnect", False),
                                         cohort=getattr(self.args, "cohort", None))
            self.client.connect()
            log.info("connected to %s", self.client.url)
            self.profit = ProfitTracker(self.client)
            self.fill_log = FillLog(self.client, self.profit, self._log_path())
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

    def _log_path(self) -> Optional[str]:
        path = getattr(self.args, "log_file", None)
        if path is None:
            return default_log_path(self.name)
        return None if path.lower() in ("", "none", "-") else path

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
        if self.client is not None and self.client.finished:  # not while reconnecting
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
        """Wait up to ``seconds`` for the next message from the server (any message: a book
        change, a trade, a portfolio update...), waking early when the bot should stop.

        Returns :meth:`running`, so a reactive bot is a loop::

            while bot.wait_for_update(1.0):
                react(bot.client.state)     # look at the state as it is now

        Several messages may have arrived meanwhile; compare with what you saw last time
        rather than assuming one message per wake-up. Waits at most 0.25 s at a time so that
        Ctrl-C stays responsive (it may return sooner than ``seconds`` without any message).
        """
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
        if self.fill_log is not None:
            self.fill_log.close()
            print(f"summary of {self.name}:\n{self.fill_log.summary_text()}", flush=True)
            if self.fill_log.path:
                print(f"fills logged to {self.fill_log.path}", flush=True)
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
        """Place a limit order within the :class:`RiskLimits`, never raising for a refusal.

        Args:
            market_id: the market.
            side: ``proto.BID`` (buy) or ``proto.OFFER`` (sell).
            price: limit price (rounded to the cent).
            size: wanted size; reduced by :meth:`allowed_size` to fit ``max_order_size`` and
                ``max_position`` (counting resting orders of that side as filled).

        Returns:
            The ``OrderCreated`` (``fills``/``trades`` of the immediate match, ``order`` if
            a remainder rests), or None when nothing was sent (no room under the limits, or
            the bot is stopping) or the server refused it (the reason is logged as a warning,
            e.g. "Insufficient funds"). After a fill it waits up to 1 s for the portfolio
            update, so the next limit check sees the new position.
        """
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
        except ConnectionClosed as error:  # the client is reconnecting: skip this order
            log.warning("order not sent: %s", error)
            self.client.wait_connected(timeout=min(10.0, self.remaining() or 10.0))
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
        except ConnectionClosed as error:  # reconnecting; the order may still rest afterwards
            log.warning("cancel not sent: %s", error)
            return False

