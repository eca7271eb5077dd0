"""The :class:`~exchange_client.strategy.Context` a strategy gets in a backtest.

Same methods as the live context, acting on the replay instead of the exchange. With a
latency, orders and cancels take effect ``latency`` simulated seconds after the call: then
``create_order`` returns the order as sent (no fills yet), ``take`` returns no fills, and the
fills arrive through ``on_fill``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, List, Optional

from .. import proto
from ..state import Book
from ..strategy import Fill

if TYPE_CHECKING:  # pragma: no cover
    from .engine import ReplayEngine

log = logging.getLogger("exchange_client.backtest")


class BacktestContext:
    """A simulated Context over one :class:`~.engine.ReplayEngine`.

    Beyond the Context protocol it offers :meth:`wake_at` (an ``on_timer`` call at a chosen
    simulated time), which only exists in backtests.
    """

    def __init__(self, engine: "ReplayEngine") -> None:
        self._engine = engine

    @property
    def now(self) -> float:
        """Simulated seconds since the epoch."""
        return self._engine.now

    # ------------------------------------------------------------------ reading

    def markets(self) -> List[int]:
        """The markets the strategy reacts to: the replayed one (unless it names others)."""
        return [self._engine.market_id] if self._engine.reacts else []

    def book(self, market_id: int) -> Book:
        if market_id != self._engine.market_id:
            return Book(market_id, [], [])
        return self._engine.book.snapshot()

    def position(self, market_id: int) -> float:
        return self._engine.position if market_id == self._engine.market_id else 0.0

    def balance(self) -> float:
        """Cash: the starting balance plus sales minus purchases (no margin is reserved)."""
        return self._engine.cash

    def open_orders(self, market_id: int) -> List[proto.Order]:
        if market_id != self._engine.market_id:
            return []
        return [order.to_proto(market_id) for order in self._engine.book.mine()]

    # ------------------------------------------------------------------ acting

    def create_order(self, market_id: int, side: int, price: float, size: float) -> proto.OrderCreated:
        created, _ = self._send(market_id, side, price, size, immediate_or_cancel=False)
        return created

    def take(self, market_id: int, side: int, price: float, size: float) -> List[Fill]:
        """Cross up to ``price`` for up to ``size``; what does not fill is dropped at once."""
        _, fills = self._send(market_id, side, price, size, immediate_or_cancel=True)
        return fills

    def cancel_order(self, order_id: int) -> None:
        engine = self._engine
        if engine.latency > 0:
            if order_id not in {o.order_id for o in engine.book.mine()}:
                engine.cancel(order_id)  # raises "Order not found" now, as the exchange would
            engine.schedule(engine.now + engine.latency, lambda: engine.cancel(order_id, strict=False))
        else:
            engine.cancel(order_id)

    def out(self, market_id: Optional[int] = None) -> None:
        engine = self._engine
        if market_id is not None and market_id != engine.market_id:
            return
        for order in engine.book.mine():
            self.cancel_order(order.order_id)

    def quote(self, market_id: int, bid: float, offer: float, size: float) -> None:
        self.out(market_id)
        self.create_order(market_id, proto.BID, bid, size)
        self.create_order(market_id, proto.OFFER, offer, size)

    def log(self, message: str) -> None:
        self._engine.log(message)
        log.info("%s", message)

    def wake_at(self, when: float) -> None:
        """(Backtest only) Call ``on_timer`` at simulated time ``when`` (seconds since the
        epoch), before any recorded transaction stamped at or after ``when``."""
        engine = self._engine
        engine.schedule(max(when, engine.now), lambda: engine.strategy.on_timer(self))

    # ------------------------------------------------------------------ helpers

    def _send(self, market_id: int, side: int, price: float, size: float, *, immediate_or_cancel: bool):
        engine = self._engine
        price, size = engine.validate_order(market_id, side, price, size)
        order_id = engine.new_order_id()
        if engine.latency <= 0:
            return engine.place_order(side, price, size, order_id, immediate_or_cancel)
        engine.schedule(engine.now + engine.latency,
                        lambda: engine.place_order(side, price, size, order_id, immediate_or_cancel))
        pending = proto.OrderCreated(market_id=market_id, account_id=engine.my_id)
        pending.order.CopyFrom(proto.Order(id=order_id, market_id=market_id, price=price, size=size, side=side,
                                           owner_id=engine.my_id))
        return pending, []
