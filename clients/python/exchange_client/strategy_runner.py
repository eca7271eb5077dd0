"""The live event loop behind :func:`exchange_client.strategy.run_strategy`.

The client's reader thread only queues events; this loop, on the caller's thread, turns them
into strategy callbacks one at a time, so callbacks may make blocking requests (a request
made on the reader thread would wait forever for a reply only that thread can read).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import TYPE_CHECKING, List, Optional, Set

from . import proto
from .errors import ConnectionClosed, ExchangeError
from .strategy import LiveContext, Strategy, fills_of

if TYPE_CHECKING:  # pragma: no cover
    from .client import ExchangeClient

log = logging.getLogger("exchange_client.strategy")

_BOOK = "book"          # (kind, market_id): a book changed
_CREATED = "created"    # (kind, OrderCreated, acting account when it arrived)
_RESYNC = "resync"      # (kind, None): reconnected, every book may have changed


class StrategyRunner:
    """Runs one strategy against one connected client (see ``run_strategy``)."""

    def __init__(self, strategy: Strategy, client: "ExchangeClient", *,
                 stop: Optional[threading.Event] = None, cancel_on_stop: bool = True) -> None:
        self.strategy = strategy
        self.client = client
        self.ctx = LiveContext(client, strategy)
        self.stop_event = stop or threading.Event()
        self.cancel_on_stop = cancel_on_stop
        self._events: "queue.Queue[tuple]" = queue.Queue()
        self._removers: List = []

    def _wanted(self, market_id: int) -> bool:
        markets = self.strategy.markets
        return markets is None or market_id in markets

    # reader thread: queue only

    def _on_created(self, message: proto.ServerMessage) -> None:
        self._events.put((_CREATED, message.order_created, self.client.acting_as))

    def _on_cancelled(self, message: proto.ServerMessage) -> None:
        self._events.put((_BOOK, message.orders_cancelled.market_id))

    def _on_reconnected(self, _message: proto.ServerMessage) -> None:
        self._events.put((_RESYNC, None))

    # the loop

    def run(self, duration: Optional[float] = None) -> None:
        """Call the callbacks until ``duration`` passes, the stop event is set, Ctrl-C, or the
        client is closed for good."""
        client = self.client
        self._removers = [client.on("order_created", self._on_created),
                          client.on("orders_cancelled", self._on_cancelled),
                          client.on("reconnected", self._on_reconnected)]
        deadline = None if duration is None else time.monotonic() + duration
        interval = self.strategy.timer_interval
        next_timer = None if interval is None else time.monotonic() + interval
        try:
            self._call(self.strategy.on_start, self.ctx)
            self._call_books(set(self.ctx.markets()))
            while not self.stop_event.is_set() and not client.finished:
                now = time.monotonic()
                if deadline is not None and now >= deadline:
                    break
                if next_timer is not None and now >= next_timer:
                    next_timer = now + interval  # no catching up after a slow callback
                    self._call(self.strategy.on_timer, self.ctx)
                    continue
                wake = min(t for t in (deadline, next_timer, now + 0.25) if t is not None)
                self._drain(max(0.0, wake - now))
        except KeyboardInterrupt:
            log.info("interrupted")
        finally:
            for remove in self._removers:
                remove()
            self._call(self.strategy.on_stop, self.ctx)
            if self.cancel_on_stop and client.connected:
                try:
                    client.out()
                except ExchangeError as error:
                    log.warning("could not cancel orders: %s", error)

    def _drain(self, wait: float) -> None:
        """Handle every queued event (waiting up to ``wait`` for the first); book changes are
        reported once per market, after the trades and fills that caused them."""
        try:
            events = [self._events.get(timeout=wait)]
        except queue.Empty:
            return
        while True:
            try:
                events.append(self._events.get_nowait())
            except queue.Empty:
                break
        books: Set[int] = set()
        for event in events:
            if event[0] == _BOOK:
                books.add(event[1])
            elif event[0] == _RESYNC:
                books.update(self.ctx.markets())
            else:
                created, account_id = event[1], event[2]
                books.add(created.market_id)
                if not self._wanted(created.market_id):
                    continue
                for trade in created.trades:
                    self._call(self.strategy.on_trade, self.ctx, trade.market_id, trade)
                for fill in fills_of(created, account_id):
                    self._call(self.strategy.on_fill, self.ctx, fill)
        self._call_books(books)

    def _call_books(self, market_ids: Set[int]) -> None:
        for market_id in sorted(market_ids):
            if self._wanted(market_id) and self.client.state.market(market_id) is not None:
                self._call(self.strategy.on_book, self.ctx, market_id, self.client.state.book(market_id))

    def _call(self, callback, *args) -> None:
        """Run a callback; an exchange error (a refused order, a dropped connection) is logged
        and the strategy carries on; any other exception stops it."""
        try:
            callback(*args)
        except ConnectionClosed as error:
            log.warning("%s: connection down (%s); waiting for the reconnect", callback.__name__, error)
            self.client.wait_connected(timeout=10)
        except ExchangeError as error:
            log.warning("%s: %s", callback.__name__, error)


def strategy_main(strategy: Strategy, description: str = "", argv: Optional[List[str]] = None) -> int:
    """Run a :class:`~exchange_client.strategy.Strategy` as a command-line bot: the options of
    :func:`exchange_client.bot.argument_parser` (``--market`` sets ``strategy.markets`` when given), a reconnecting
    client, the CSV fill log and the exit summary, clean Ctrl-C. Returns the exit code::

        if __name__ == "__main__":
            raise SystemExit(strategy_main(MyStrategy(), "What my strategy does"))
    """
    from .bot import Bot, argument_parser  # the bot helpers import the client: import late

    args = argument_parser(description or type(strategy).__name__).parse_args(argv)
    bot = Bot(args, name=type(strategy).__name__)

    def body(bot: Bot) -> None:
        if args.market:
            strategy.markets = [market.id for market in bot.markets()]
        # Bot.run cancels the orders and prints the summary on the way out.
        StrategyRunner(strategy, bot.client, stop=bot.stop_event, cancel_on_stop=False).run(args.duration)

    return bot.run(body)


__all__ = ["StrategyRunner", "strategy_main"]
