"""The backtester's event loop: recorded transactions, the strategy's actions and its timers,
in simulated time, against one :class:`~.matching.ReplayBook`.

At equal times the strategy goes first: timers, wake-ups and (delayed) orders due at time t
run before the recorded transactions stamped t.
"""

from __future__ import annotations

import heapq
import itertools
from datetime import datetime, timezone
from collections import deque
from typing import Callable, Deque, List, Optional, Tuple

from .. import precision, proto
from ..errors import RequestError
from ..export import MarketHistory
from ..strategy import Fill, Strategy
from .matching import ReplayBook, ReplayOrder, round_size, walk
from .replay_events import RecordedTransaction, build_transactions, seconds

def iso_time(when: float) -> str:
    """Simulated seconds since the epoch as an RFC 3339 UTC time (for logs and reports)."""
    return datetime.fromtimestamp(when, timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


#: The account id the strategy trades as when the backtest is not told one.
STRATEGY_ACCOUNT_ID = -1


class ReplayEngine:
    """Runs one strategy over one market's recorded history (see ``exchange_client.backtest``)."""

    def __init__(self, history: MarketHistory, strategy: Strategy, *, account_id: Optional[int],
                 starting_balance: float, latency: float, end_time: Optional[float] = None) -> None:
        from .context import BacktestContext  # the context calls back into this engine

        self.history = history
        self.market_id = history.market_id
        self.strategy = strategy
        self.account_id = account_id
        self.my_id = STRATEGY_ACCOUNT_ID if account_id is None else account_id
        self.latency = latency
        self.transactions: List[RecordedTransaction] = build_transactions(history)
        self.start_time = self.transactions[0].time if self.transactions else 0.0
        self.end_time = end_time if end_time is not None else (
            self.transactions[-1].time if self.transactions else self.start_time)
        self.now = self.start_time
        self.book = ReplayBook(self.market_id)
        self.context = BacktestContext(self)
        self.reacts = strategy.markets is None or self.market_id in strategy.markets

        # Ids of the strategy's orders, trades and transactions follow the recorded ones.
        self._order_ids = itertools.count(max((o.id for o in history.orders), default=0) + 1)
        self._trade_ids = itertools.count(max((t.id for t in history.trades), default=0) + 1)
        self._transaction_ids = itertools.count(max((t.transaction_id for t in self.transactions), default=0) + 1)

        self.cash = starting_balance
        self.position = 0.0
        self.fills: List[Fill] = []
        self.trades: List[proto.Trade] = []
        self.skipped_trades = 0
        self.orders_placed = 0
        self.last_price: Optional[float] = None
        self.messages: List[str] = []

        self._notifications: Deque[Tuple[str, tuple]] = deque()
        self._book_changed = False
        self._scheduled: List[Tuple[float, int, Callable[[], None]]] = []
        self._sequence = itertools.count()

    # ------------------------------------------------------------------ the loop

    def run(self) -> None:
        self.strategy.on_start(self.context)
        self._deliver()
        if self.reacts:
            self.strategy.on_book(self.context, self.market_id, self.book.snapshot())
            self._deliver()
        interval = self.strategy.timer_interval
        if interval:
            if interval <= 0:
                raise ValueError("timer_interval must be positive")
            self._schedule_timer(1, interval)
        pending = deque(self.transactions)
        while True:
            next_recorded = pending[0].time if pending else None
            next_scheduled = self._scheduled[0][0] if self._scheduled else None
            if next_scheduled is not None and (next_recorded is None or next_scheduled <= next_recorded):
                when, _, action = heapq.heappop(self._scheduled)
                if when > self.end_time:
                    break
                self.now = max(self.now, when)
                action()
            elif next_recorded is not None and next_recorded <= self.end_time:
                self._replay(pending.popleft())
            else:
                break
            self._deliver()
        self.now = max(self.now, self.end_time)
        self.strategy.on_stop(self.context)
        self._deliver()
        for order in self.book.mine():  # like the live runner: orders are cancelled at the end
            self.book.remove(order.order_id)

    def schedule(self, when: float, action: Callable[[], None]) -> None:
        """Run ``action`` at simulated time ``when`` (before recorded transactions at that time)."""
        heapq.heappush(self._scheduled, (when, next(self._sequence), action))

    def _schedule_timer(self, tick: int, interval: float) -> None:
        when = self.start_time + tick * interval  # multiplied, not summed: no drift

        def fire() -> None:
            self.strategy.on_timer(self.context)
            self._schedule_timer(tick + 1, interval)

        if when <= self.end_time:
            self.schedule(when, fire)

    def _deliver(self) -> None:
        """Run the callbacks queued by the last step (and those they cause), then ``on_book``
        once if recorded activity changed the book. The strategy's own actions do not trigger
        ``on_book`` (that would let a re-quoting strategy chase itself forever)."""
        while True:
            while self._notifications:
                name, args = self._notifications.popleft()
                getattr(self.strategy, name)(self.context, *args)
            if not (self._book_changed and self.reacts):
                self._book_changed = False
                return
            self._book_changed = False
            self.strategy.on_book(self.context, self.market_id, self.book.snapshot())

    # ------------------------------------------------------------------ recorded activity

    def _replay(self, transaction: RecordedTransaction) -> None:
        self.now = max(self.now, transaction.time)
        before = self.book.signature()
        if transaction.taker_side is not None:
            if self.account_id is None or transaction.taker_owner != self.account_id:
                self._replay_incoming(transaction)
        for order_id, size in transaction.size_changes:
            order = self.book.get(order_id)
            if order is not None:
                order.set_recorded_size(size)
        self.book.drop_empty()
        if self.book.signature() != before:
            self._book_changed = True

    def _replay_incoming(self, transaction: RecordedTransaction) -> None:
        side, limit = transaction.taker_side, transaction.taker_limit
        # My resting orders fill where the incoming order's size reaches them in priority.
        mine = 0.0
        if limit is not None:
            for resting, amount in walk(self.book.crossing(side, limit), transaction.taker_size):
                if resting.is_mine:
                    resting.take(amount)
                    mine = round_size(mine + amount)
                    self._my_fill(resting.order_id, resting.side, resting.price, amount, transaction.taker_owner,
                                  i_am_taker=False)
        # Then everything the recorded order did, minus liquidity the strategy already took.
        for fill in transaction.maker_fills:
            resting = self.book.get(fill.order_id)
            if resting is None:  # an order of the replaced account, or one missing from the history
                continue
            replayed = resting.apply_recorded_fill(fill.size)
            if fill.trade is not None:
                if replayed > 0:
                    self._public_trade(fill.trade, replayed)
                else:
                    self.skipped_trades += 1
        for trade in transaction.unpaired_trades:
            self._public_trade(trade, trade.size)
        new = transaction.new_order
        if new is not None and new.size > 0:
            if self.account_id is not None and new.owner_id == self.account_id:
                return
            self.book.add(ReplayOrder(
                new.id, new.side, new.price, self.book.next_arrival(), new.owner_id, False,
                recorded=new.size, consumed=min(mine, new.size), transaction_id=new.transaction_id,
                timestamp=seconds(new.transaction_timestamp),
            ))

    def _public_trade(self, recorded: proto.Trade, size: float) -> None:
        trade = proto.Trade()
        trade.CopyFrom(recorded)
        trade.size = size
        self._trade(trade)

    def _trade(self, trade: proto.Trade) -> None:
        self.trades.append(trade)
        self.last_price = trade.price
        if self.reacts:
            self._notifications.append(("on_trade", (self.market_id, trade)))

    # ------------------------------------------------------------------ the strategy's activity

    def _my_fill(self, order_id: int, side: int, price: float, size: float, counterparty: int,
                 i_am_taker: bool) -> Fill:
        """Book one of my fills: a trade, cash, position and the callbacks."""
        trade = proto.Trade(
            id=next(self._trade_ids), market_id=self.market_id, transaction_id=next(self._transaction_ids),
            price=price, size=size, buyer_is_taker=(side == proto.BID) == i_am_taker,
            buyer_id=self.my_id if side == proto.BID else counterparty,
            seller_id=self.my_id if side == proto.OFFER else counterparty,
        )
        trade.transaction_timestamp.FromNanoseconds(int(round(self.now * 1e9)))
        fill = Fill(self.market_id, order_id, side, price, size, trade.id, self.now)
        signed = size if side == proto.BID else -size
        self.position = round_size(self.position + signed)
        self.cash = round(self.cash - signed * price, 4)
        self.fills.append(fill)
        self._trade(trade)
        if self.reacts:
            self._notifications.append(("on_fill", (fill,)))
        return fill

    def validate_order(self, market_id: int, side: int, price: float, size: float) -> Tuple[float, float]:
        """The exchange's checks on a new order; returns the rounded price and size."""
        price, size = precision.price(price), precision.size(size)
        if market_id != self.market_id:
            raise RequestError("CreateOrder", "Market not found")
        if side not in (proto.BID, proto.OFFER):
            raise RequestError("CreateOrder", "No side provided")
        low, high = self.history.min_settlement, self.history.max_settlement
        if (low is not None and price < low) or (high is not None and price > high):
            raise RequestError("CreateOrder", "Invalid price")
        if size <= 0:
            raise RequestError("CreateOrder", "Invalid size")
        return price, size

    def place_order(self, side: int, price: float, size: float, order_id: int,
                    immediate_or_cancel: bool) -> Tuple[proto.OrderCreated, List[Fill]]:
        """Match an order of mine against the replay book now; rest what is left unless IOC."""
        created = proto.OrderCreated(market_id=self.market_id, account_id=self.my_id,
                                     transaction_id=next(self._transaction_ids))
        created.transaction_timestamp.FromNanoseconds(int(round(self.now * 1e9)))
        fills: List[Fill] = []
        left = size
        matches = walk(self.book.crossing(side, price), size)
        rests = round_size(size - sum(amount for _, amount in matches)) > 0 and not immediate_or_cancel
        for resting, amount in matches:
            resting.take(amount)
            left = round_size(left - amount)
            created.fills.add(id=resting.order_id, market_id=self.market_id, size_filled=amount,
                              size_remaining=resting.visible, price=resting.price, side=resting.side,
                              owner_id=resting.owner_id)
            if not resting.is_mine:  # a self-match fills both orders and makes no trade
                fills.append(self._my_fill(order_id if rests else 0, side, resting.price, amount,
                                           resting.owner_id, i_am_taker=True))
                created.trades.append(self.trades[-1])
        if rests:
            order = ReplayOrder(order_id, side, price, self.book.next_arrival(), self.my_id, True, recorded=left,
                                transaction_id=created.transaction_id, timestamp=self.now)
            self.book.add(order)
            created.order.CopyFrom(order.to_proto(self.market_id))
            created.order.sizes.add(transaction_id=created.transaction_id, size=left,
                                    transaction_timestamp=created.transaction_timestamp)
        self.book.drop_empty()
        return created, fills

    def new_order_id(self) -> int:
        self.orders_placed += 1
        return next(self._order_ids)

    def cancel(self, order_id: int, strict: bool = True) -> None:
        order = self.book.get(order_id)
        if order is None or not order.is_mine:
            if strict:
                raise RequestError("CancelOrder", "Order not found")
            return
        self.book.remove(order_id)

    def log(self, message: str) -> None:
        self.messages.append(f"{iso_time(self.now)} {message}")
