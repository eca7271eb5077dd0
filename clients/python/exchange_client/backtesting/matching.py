"""The backtester's order book: recorded orders and the strategy's orders in one book, matched
with the exchange's rules (price-time priority; a crossing order trades at the resting order's
price; an order that meets another of the same owner fills both without a trade).

A recorded order's size follows the recording, minus what the strategy took from it: taking
liquidity adds to its ``consumed`` amount, and the recorded fills that come later are skipped
against that amount first (see :meth:`ReplayOrder.apply_recorded_fill`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional

from .. import proto
from ..state import Book


def round_size(value: float) -> float:
    """Sizes and prices have 2 decimals; rounding after each step keeps float sums exact."""
    return round(value + 0.0, 2)


@dataclass
class ReplayOrder:
    """A resting order in the replay book.

    For the strategy's orders ``recorded`` is simply the remaining size and ``consumed`` 0.
    """

    order_id: int
    side: int
    price: float
    #: Arrival sequence in the replay (time priority among equal prices).
    arrival: int
    owner_id: int
    is_mine: bool
    #: Remaining size according to the recording (or the strategy's remaining size).
    recorded: float
    #: Size the strategy took from this recorded order that recorded fills have not used up.
    consumed: float = 0.0
    transaction_id: int = 0
    timestamp: float = 0.0

    @property
    def visible(self) -> float:
        """What is left on the book in the replay."""
        return max(0.0, round_size(self.recorded - self.consumed))

    def crosses(self, side: int, limit: float) -> bool:
        """Would an incoming order of ``side`` with price ``limit`` trade with this order?"""
        return self.price <= limit if side == proto.BID else self.price >= limit

    def apply_recorded_fill(self, size: float) -> float:
        """A recorded fill of ``size``: returns the part that still trades in the replay
        (the rest was liquidity the strategy had already taken)."""
        skipped = min(size, self.consumed)
        self.consumed = round_size(self.consumed - skipped)
        self.recorded = max(0.0, round_size(self.recorded - size))
        return round_size(size - skipped)

    def set_recorded_size(self, size: float) -> None:
        """A recorded cancel or reduction."""
        self.recorded = size
        self.consumed = min(self.consumed, size)

    def take(self, size: float) -> None:
        """The strategy traded ``size`` with this order."""
        if self.is_mine:
            self.recorded = round_size(self.recorded - size)
        else:
            self.consumed = round_size(self.consumed + size)

    def to_proto(self, market_id: int) -> proto.Order:
        order = proto.Order(
            id=self.order_id, market_id=market_id, transaction_id=self.transaction_id, price=self.price,
            size=self.visible, side=self.side, owner_id=self.owner_id,
        )
        if self.timestamp:
            order.transaction_timestamp.FromNanoseconds(int(round(self.timestamp * 1e9)))
        return order


class ReplayBook:
    """Both sides of one market's replay book."""

    def __init__(self, market_id: int) -> None:
        self.market_id = market_id
        self.orders: Dict[int, ReplayOrder] = {}
        self._arrivals = 0

    def next_arrival(self) -> int:
        self._arrivals += 1
        return self._arrivals

    def add(self, order: ReplayOrder) -> None:
        self.orders[order.order_id] = order

    def get(self, order_id: int) -> Optional[ReplayOrder]:
        return self.orders.get(order_id)

    def remove(self, order_id: int) -> Optional[ReplayOrder]:
        return self.orders.pop(order_id, None)

    def drop_empty(self) -> None:
        """Forget orders with nothing left, recorded or taken."""
        for order_id in [i for i, o in self.orders.items() if o.recorded <= 0]:
            del self.orders[order_id]

    def side(self, side: int, live_only: bool = True) -> List[ReplayOrder]:
        """One side's orders in matching priority (best price, then earliest arrival)."""
        orders = [o for o in self.orders.values() if o.side == side and (o.visible > 0 or not live_only)]
        if side == proto.BID:
            orders.sort(key=lambda o: (-o.price, o.arrival))
        else:
            orders.sort(key=lambda o: (o.price, o.arrival))
        return orders

    def crossing(self, incoming_side: int, limit: float) -> List[ReplayOrder]:
        """Resting orders an incoming order would meet, in the order it would meet them."""
        opposite = proto.OFFER if incoming_side == proto.BID else proto.BID
        return [o for o in self.side(opposite) if o.crosses(incoming_side, limit)]

    def mine(self) -> List[ReplayOrder]:
        """The strategy's resting orders, ascending id."""
        return sorted((o for o in self.orders.values() if o.is_mine and o.visible > 0), key=lambda o: o.order_id)

    def snapshot(self) -> Book:
        """The replay book as an ``exchange_client.state.Book``."""
        return Book(
            self.market_id,
            [o.to_proto(self.market_id) for o in self.side(proto.BID)],
            [o.to_proto(self.market_id) for o in self.side(proto.OFFER)],
        )

    def signature(self) -> tuple:
        """A value that changes whenever the visible book changes (for on_book)."""
        return tuple(sorted((o.order_id, o.visible) for o in self.orders.values() if o.visible > 0))


def walk(orders: Iterable[ReplayOrder], size: float) -> List[tuple]:
    """Share ``size`` out over ``orders`` in their order: ``[(order, amount), ...]``."""
    shares = []
    left = size
    for order in orders:
        if left <= 0:
            break
        amount = min(left, order.visible)
        if amount > 0:
            shares.append((order, amount))
            left = round_size(left - amount)
    return shares
