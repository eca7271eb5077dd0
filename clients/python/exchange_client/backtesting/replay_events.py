"""Turn a market's recorded history into the transactions the backtester replays.

The server's histories say what happened, not what was asked for, so each transaction is
rebuilt from its traces:

* an order's first size entry is what rested after its immediate matching;
* a resting order's later entries are fills (when an incoming order arrived in the same
  transaction) or cancels (``CancelOrder``, ``Out``, settlement: no incoming order);
* an incoming order that filled completely on arrival never got an id and is known only from
  its trades (``buyer_is_taker`` gives its side).

The resting orders an incoming order matched are sorted in the exchange's matching order
(best price first, then oldest first) and paired one-to-one with the transaction's trades;
a fill without a trade is a self-match (two orders of one account meeting), which the
exchange records without a trade.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from .. import proto
from ..export import MarketHistory

_EPSILON = 1e-9


def seconds(timestamp) -> float:
    """A protobuf Timestamp as float seconds since the epoch (0.0 when unset)."""
    return timestamp.seconds + timestamp.nanos / 1e9


@dataclass
class MakerFill:
    """A recorded fill of a resting order: it lost ``size`` in this transaction."""

    order_id: int
    price: float
    size: float
    #: The trade it made, or None for a self-match (no trade).
    trade: Optional[proto.Trade]


@dataclass
class RecordedTransaction:
    """One recorded transaction of the market, in replay order (time, then transaction id).

    Either an incoming order (``taker_side`` set: its matches in ``maker_fills``, what rested
    in ``new_order``), or size changes of resting orders without an incoming order (cancels).
    """

    transaction_id: int
    time: float
    taker_side: Optional[int] = None
    #: The incoming order's limit price; for one that filled completely on arrival (and so was
    #: never recorded) the worst price it traded at, the only bound the history gives.
    taker_limit: Optional[float] = None
    #: Owner of the incoming order (0 if hidden or unknown).
    taker_owner: int = 0
    maker_fills: List[MakerFill] = field(default_factory=list)
    #: The incoming order as recorded, ``size`` = what rested after matching (may be 0).
    new_order: Optional[proto.Order] = None
    #: Trades of this transaction whose resting order is not in the history (kept public).
    unpaired_trades: List[proto.Trade] = field(default_factory=list)
    #: (order id, new recorded size) of resting orders cancelled or reduced.
    size_changes: List[Tuple[int, float]] = field(default_factory=list)

    @property
    def taker_size(self) -> float:
        """What the incoming order asked for: its matches plus what rested."""
        rested = self.new_order.size if self.new_order is not None else 0.0
        return round(rested + sum(f.size for f in self.maker_fills), 2)


def _created(order: proto.Order) -> proto.Order:
    """A copy of a recorded order with ``size`` = its size when it started resting."""
    copy = proto.Order()
    copy.CopyFrom(order)
    copy.size = order.sizes[0].size if order.sizes else order.size
    del copy.sizes[:]
    return copy


def build_transactions(history: MarketHistory) -> List[RecordedTransaction]:
    """The market's recorded transactions in replay order."""
    orders_by_id: Dict[int, proto.Order] = {o.id: o for o in history.orders}
    created_in: Dict[int, proto.Order] = {o.transaction_id: o for o in history.orders}
    trades_in: Dict[int, List[proto.Trade]] = {}
    for trade in sorted(history.trades, key=lambda t: t.id):
        trades_in.setdefault(trade.transaction_id, []).append(trade)

    # Every later size entry of every order: (transaction, order id, size lost, new size, time).
    reductions: Dict[int, List[Tuple[int, float, float]]] = {}
    times: Dict[int, float] = {}
    for order in history.orders:
        times.setdefault(order.transaction_id, seconds(order.transaction_timestamp))
        previous = order.sizes[0].size if order.sizes else order.size
        for entry in list(order.sizes)[1:]:
            reductions.setdefault(entry.transaction_id, []).append(
                (order.id, round(previous - entry.size, 2), entry.size)
            )
            times.setdefault(entry.transaction_id, seconds(entry.transaction_timestamp))
            previous = entry.size
    for transaction_id, trades in trades_in.items():
        times.setdefault(transaction_id, seconds(trades[0].transaction_timestamp))

    transactions = []
    for transaction_id in sorted(set(created_in) | set(reductions) | set(trades_in)):
        transaction = RecordedTransaction(transaction_id, times[transaction_id])
        new_order = created_in.get(transaction_id)
        trades = trades_in.get(transaction_id, [])
        changed = reductions.get(transaction_id, [])
        if new_order is None and not trades:
            transaction.size_changes = [(order_id, size) for order_id, _, size in changed]
        else:
            _fill_incoming(transaction, new_order, trades, changed, orders_by_id)
        transactions.append(transaction)
    transactions.sort(key=lambda t: (t.time, t.transaction_id))
    return transactions


def _fill_incoming(transaction: RecordedTransaction, new_order: Optional[proto.Order], trades: List[proto.Trade],
                   changed: List[Tuple[int, float, float]], orders_by_id: Dict[int, proto.Order]) -> None:
    if new_order is not None:
        transaction.new_order = _created(new_order)
        transaction.taker_side = new_order.side
        transaction.taker_owner = new_order.owner_id
    else:
        transaction.taker_side = proto.BID if trades[0].buyer_is_taker else proto.OFFER
        taker_is_buyer = transaction.taker_side == proto.BID
        transaction.taker_owner = trades[0].buyer_id if taker_is_buyer else trades[0].seller_id
    buying = transaction.taker_side == proto.BID
    makers = [orders_by_id[order_id] for order_id, _, _ in changed]
    lost = {order_id: size_lost for order_id, size_lost, _ in changed}
    # The exchange's matching order: best price for the taker first, then time priority.
    makers.sort(key=lambda o: (o.price if buying else -o.price, o.transaction_id, o.id))
    pending_trades = list(trades)
    for maker in makers:
        size = lost[maker.id]
        trade = None
        if pending_trades and abs(pending_trades[0].price - maker.price) < _EPSILON \
                and abs(pending_trades[0].size - size) < _EPSILON:
            trade = pending_trades.pop(0)
        transaction.maker_fills.append(MakerFill(maker.id, maker.price, size, trade))
    transaction.unpaired_trades = pending_trades
    if new_order is not None:
        transaction.taker_limit = new_order.price
    elif transaction.maker_fills:
        transaction.taker_limit = transaction.maker_fills[-1].price
    elif trades:
        transaction.taker_limit = trades[-1].price

