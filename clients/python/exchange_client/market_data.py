"""One market's data as the client keeps it (:class:`MarketData`) and its order book view
(:class:`Book`), shared by :mod:`exchange_client.state` and its query methods."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional

from . import proto


@dataclass
class MarketData:
    """Everything known about one market. Owned by the state; read it under ``state.lock``."""

    market: proto.Market
    #: Live orders (size > 0) by id.
    orders: Dict[int, proto.Order] = field(default_factory=dict)
    #: Trades seen, ascending id (the login snapshot carries only the market's last trade:
    #: fetch the rest with ``get_full_trade_history``; live trades are appended as they happen).
    trades: List[proto.Trade] = field(default_factory=list)
    trade_ids: set = field(default_factory=set)
    #: True once a full trade history was loaded (``trades`` is then complete).
    has_full_trade_history: bool = False
    #: Every order ever placed, with size histories, once a full order history was loaded.
    order_history: Optional[Dict[int, proto.Order]] = None
    #: The latest ``MarketPositions`` reply for this market.
    positions: Optional[proto.MarketPositions] = None
    #: For a fund: every redemption of it (either sign), once a full trade history was loaded
    #: (``Trades.redemptions``); live ``redeemed`` messages are appended after that.
    redemptions: Optional[List[proto.Redeemed]] = None
    #: The market's status log (``MarketStatusChanges``), ascending transaction id; empty for
    #: markets older than the log. Time before the first entry counts as open.
    status_changes: List[proto.MarketStatusChange] = field(default_factory=list)


@dataclass(frozen=True)
class Book:
    """An order book at one moment: bids best (highest) first, offers best (lowest) first,
    each price level in time priority."""

    market_id: int
    bids: List[proto.Order]
    offers: List[proto.Order]

    @property
    def best_bid(self) -> Optional[proto.Order]:
        """The best bid, or None."""
        return self.bids[0] if self.bids else None

    @property
    def best_offer(self) -> Optional[proto.Order]:
        """The best offer, or None."""
        return self.offers[0] if self.offers else None

    @property
    def mid(self) -> Optional[float]:
        """The middle of the best bid and offer, or None if a side is empty."""
        if not self.bids or not self.offers:
            return None
        return (self.bids[0].price + self.offers[0].price) / 2

    def levels(self, side: int, depth: int = 5) -> List[tuple]:
        """Aggregated ``(price, total size)`` levels of one side, best first."""
        orders = self.bids if side == proto.BID else self.offers
        levels: List[tuple] = []
        for order in orders:
            if levels and levels[-1][0] == order.price:
                levels[-1] = (order.price, round(levels[-1][1] + order.size, 2))
            elif len(levels) == depth:
                break
            else:
                levels.append((order.price, order.size))
        return levels


def _sorted_book(market_id: int, orders: Iterable[proto.Order]) -> Book:
    bids = [o for o in orders if o.side == proto.BID]
    offers = [o for o in orders if o.side == proto.OFFER]
    bids.sort(key=lambda o: (-o.price, o.transaction_id, o.id))
    offers.sort(key=lambda o: (o.price, o.transaction_id, o.id))
    return Book(market_id, bids, offers)


def _with_size(order: proto.Order, size: float, transaction_id: int, timestamp, history: bool) -> proto.Order:
    """A copy of ``order`` with a new remaining size (and a size-history entry if wanted)."""
    updated = proto.Order()
    updated.CopyFrom(order)
    updated.size = size
    if history:
        entry = updated.sizes.add(transaction_id=transaction_id, size=size)
        if timestamp is not None:
            entry.transaction_timestamp.CopyFrom(timestamp)
    return updated
