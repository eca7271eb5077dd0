"""The client's view of the exchange, kept up to date from the server's messages.

:class:`ExchangeState` applies every :class:`~exchange_client.proto.ServerMessage` the connection
receives (login snapshot, broadcasts, private deliveries, replies) and answers questions about
markets, order books, trades, portfolios, accounts, transfers, auctions, categories and groups.

It does no I/O, so it can be fed recorded or constructed messages (the unit tests do). All methods
are thread-safe: the client's reader thread applies messages while bots read from other threads.

Protobuf objects handed out by the accessors are never modified afterwards by the state (an
update replaces the object), so they can be kept and read freely; do not modify them yourself.
"""

from __future__ import annotations

import logging
import threading
from typing import Callable, Dict, List, Optional, Set

from . import proto
from .market_data import Book, MarketData, _with_size  # noqa: F401 (Book: imported from here by strategy.py and __init__)
from .option_state import OptionState
from .redeem_state import RedeemCodeState
from .state_queries import StateQueries

log = logging.getLogger("exchange_client")


Listener = Callable[[proto.ServerMessage], None]


class ExchangeState(StateQueries, OptionState, RedeemCodeState):
    """Thread-safe local state of one connection, updated by :meth:`apply`.

    Attributes (read them under :attr:`lock`, or use the accessor methods):
        user_id: the session user (U), None before login; after a sudo admin impersonates
            another user with ``act_as``, that user.
        authenticated_id: the account the token logged in as (never changes).
        acting_as: the acting account (A), None before the snapshot ends.
        sudo: whether sudo is on for this connection (as far as this client asked).
        ready: True once the login snapshot is complete (``ActingAs`` received, the account
            list received and the acting account's portfolio seen).
        accounts, portfolios, transfers, markets, auctions, market_types, market_groups:
            dictionaries by id.
        redemptions: every ``Redeemed`` seen.
        contracts, exercises: option contracts and exercises (see
            :class:`~exchange_client.option_state.OptionState`).
        redeemed, redeem_codes: claimed and listed redeem codes (see
            :class:`~exchange_client.redeem_state.RedeemCodeState`).
        last_transaction_id: the highest transaction id seen in any message.
        version: incremented on every applied message.
    """

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.version = 0
        self.user_id: Optional[int] = None
        self.authenticated_id: Optional[int] = None
        self.acting_as: Optional[int] = None
        self._user_left_owned_set = False
        self.sudo = False
        self.ready = False
        self._acting_as_seen = False
        self._accounts_seen = False
        self.accounts: Dict[int, proto.Account] = {}
        self.portfolios: Dict[int, proto.Portfolio] = {}
        self.transfers: Dict[int, proto.Transfer] = {}
        self.markets: Dict[int, MarketData] = {}
        self.auctions: Dict[int, proto.Auction] = {}
        self.market_types: Dict[int, proto.MarketType] = {}
        self.market_groups: Dict[int, proto.MarketGroup] = {}
        self.redemptions: List[proto.Redeemed] = []
        #: Per owned account: ids of the markets it ever traded in or redeemed as a fund
        #: (``Portfolio.traded_market_ids``), merged from ``portfolios`` and ``portfolio_updated``.
        self.traded_market_ids: Dict[int, Set[int]] = {}
        self.last_transaction_id = 0
        self._init_options()
        self._init_redeem_codes()

    # ------------------------------------------------------------------ applying messages

    def apply(self, message: proto.ServerMessage) -> None:
        """Update the state from one server message (any kind; unknown kinds are ignored)."""
        kind = message.WhichOneof("message")
        with self.lock:
            handler = getattr(self, f"_on_{kind}", None) if kind else None
            if handler is not None:
                handler(getattr(message, kind))
            self._update_ready()
            self.version += 1
            self.changed.notify_all()

    def _seen_transaction(self, transaction_id: int) -> None:
        if transaction_id > self.last_transaction_id:
            self.last_transaction_id = transaction_id

    def _update_ready(self) -> None:
        if not self.ready and self._acting_as_seen and self._accounts_seen:
            self.ready = self.acting_as in self.portfolios

    # login and identity

    def _on_authenticated(self, msg: proto.Authenticated) -> None:
        self.user_id = msg.account_id
        self.authenticated_id = msg.account_id

    def _on_acting_as(self, msg: proto.ActingAs) -> None:
        if self.acting_as is not None and msg.account_id != self.acting_as:
            self._options_acting_as_changed()
        self.acting_as = msg.account_id
        self._acting_as_seen = True
        if self._user_left_owned_set:
            # A sudo admin's ActAs on another user impersonates it (docs/api.md):
            # the new owned set came first, and the ActingAs names the new session user.
            self.user_id = msg.account_id
            self._user_left_owned_set = False

    def _on_sudo_status(self, msg: proto.SudoStatus) -> None:
        self.sudo = msg.enabled

    # accounts, portfolios, transfers

    def _on_accounts(self, msg: proto.Accounts) -> None:
        self.accounts = {a.id: a for a in msg.accounts}
        self._accounts_seen = True

    def _on_account_created(self, msg: proto.Account) -> None:
        self.accounts[msg.id] = msg

    def _on_portfolios(self, msg: proto.Portfolios) -> None:
        # are_new_ownerships is always false: the list replaces every portfolio held.
        fresh = {p.account_id: p for p in msg.portfolios}
        if msg.are_new_ownerships:
            self.portfolios.update(fresh)
        else:
            self.portfolios = fresh
            self.traded_market_ids = {}
        for p in msg.portfolios:
            self.traded_market_ids.setdefault(p.account_id, set()).update(p.traded_market_ids)
            # The session user is always in its own owned set, so a list without it means an
            # impersonation is under way (see _on_acting_as).
            self._user_left_owned_set = self.user_id is not None and bool(fresh) and self.user_id not in fresh

    def _on_portfolio_updated(self, msg: proto.Portfolio) -> None:
        self.portfolios[msg.account_id] = msg
        # Merged, not replaced: some servers leave the list empty in portfolio_updated.
        self.traded_market_ids.setdefault(msg.account_id, set()).update(msg.traded_market_ids)

    def _on_transfers(self, msg: proto.Transfers) -> None:
        for transfer in msg.transfers:  # merged, de-duplicated by id
            self.transfers[transfer.id] = transfer
            self._seen_transaction(transfer.transaction_id)

    def _on_transfer_created(self, msg: proto.Transfer) -> None:
        self.transfers[msg.id] = msg
        self._seen_transaction(msg.transaction_id)

    def _on_ownership_given(self, msg: proto.OwnershipGiven) -> None:
        pass  # the re-sync that follows carries the changes

    def _on_ownership_revoked(self, msg: proto.OwnershipRevoked) -> None:
        pass

    # markets

    def _on_market(self, msg: proto.Market) -> None:
        data = self.markets.get(msg.id)
        if data is None:
            self.markets[msg.id] = MarketData(market=msg)
        else:
            data.market = msg
        self._seen_transaction(msg.transaction_id)
        if msg.HasField("closed"):
            self._seen_transaction(msg.closed.transaction_id)

    def _on_market_settled(self, msg: proto.MarketSettled) -> None:
        self._seen_transaction(msg.transaction_id)
        data = self.markets.get(msg.id)
        if data is None:
            return
        market = proto.Market()
        market.CopyFrom(data.market)
        market.closed.settle_price = msg.settle_price
        market.closed.transaction_id = msg.transaction_id
        if msg.HasField("transaction_timestamp"):
            market.closed.transaction_timestamp.CopyFrom(msg.transaction_timestamp)
        data.market = market
        # Settlement voids every live order; no OrdersCancelled is sent (docs/api.md).
        stamp = msg.transaction_timestamp if msg.HasField("transaction_timestamp") else None
        if data.order_history is not None:
            for order_id in data.orders:
                data.order_history[order_id] = _with_size(
                    data.order_history.get(order_id, data.orders[order_id]), 0.0, msg.transaction_id, stamp, True
                )
        data.orders = {}
        if market.HasField("option"):
            self._options_market_settled(msg.id)

    def _on_orders(self, msg: proto.Orders) -> None:
        data = self.markets.get(msg.market_id)
        if data is None:
            log.debug("Orders for unknown market %s ignored", msg.market_id)
            return
        data.orders = {o.id: o for o in msg.orders if o.size > 0}
        if msg.hasFullHistory:
            data.order_history = {o.id: o for o in msg.orders}
        for order in msg.orders:
            self._seen_transaction(order.transaction_id)

    def _on_trades(self, msg: proto.Trades) -> None:
        data = self.markets.get(msg.market_id)
        if data is None:
            log.debug("Trades for unknown market %s ignored", msg.market_id)
            return
        if not msg.hasFullHistory:
            # Snapshots (and their re-sends) carry a partial list: at most the market's last
            # trade (docs/api.md). Merge it instead of forgetting trades that really happened;
            # a trade we did not know means a loaded full history may have a gap.
            for trade in msg.trades:
                self._seen_transaction(trade.transaction_id)
                if trade.id not in data.trade_ids:
                    data.trades.append(trade)
                    data.trade_ids.add(trade.id)
                    data.has_full_trade_history = False
            data.trades.sort(key=lambda t: t.id)
            return
        data.trades = sorted(msg.trades, key=lambda t: t.id)
        data.trade_ids = {t.id for t in data.trades}
        data.has_full_trade_history = msg.hasFullHistory
        if msg.hasFullHistory:
            data.redemptions = sorted(msg.redemptions, key=lambda r: r.transaction_id)
        for trade in msg.trades:
            self._seen_transaction(trade.transaction_id)

    def _on_market_status_changes(self, msg: proto.MarketStatusChanges) -> None:
        # Always the complete log (never a delta): it replaces what we had.
        data = self.markets.get(msg.market_id)
        if data is not None:
            data.status_changes = list(msg.changes)

    def _on_order_created(self, msg: proto.OrderCreated) -> None:
        self._seen_transaction(msg.transaction_id)
        data = self.markets.get(msg.market_id)
        if data is None:
            # The reference broadcasts orders of markets this connection cannot see.
            log.debug("OrderCreated for unknown market %s ignored", msg.market_id)
            return
        stamp = msg.transaction_timestamp if msg.HasField("transaction_timestamp") else None
        history = data.order_history
        for fill in msg.fills:
            resting = data.orders.get(fill.id)
            if resting is not None:
                if fill.size_remaining > 0:
                    data.orders[fill.id] = _with_size(resting, fill.size_remaining, msg.transaction_id, stamp, False)
                else:
                    del data.orders[fill.id]
            if history is not None and fill.id in history:
                history[fill.id] = _with_size(history[fill.id], fill.size_remaining, msg.transaction_id, stamp, True)
        if msg.HasField("order") and msg.order.size > 0:
            data.orders[msg.order.id] = msg.order
            if history is not None:
                history[msg.order.id] = msg.order
        for trade in msg.trades:
            if trade.id not in data.trade_ids:
                data.trade_ids.add(trade.id)
                data.trades.append(trade)

    def _on_orders_cancelled(self, msg: proto.OrdersCancelled) -> None:
        self._seen_transaction(msg.transaction_id)
        data = self.markets.get(msg.market_id)
        if data is None:
            return
        stamp = msg.transaction_timestamp if msg.HasField("transaction_timestamp") else None
        for order_id in msg.order_ids:
            data.orders.pop(order_id, None)
            if data.order_history is not None and order_id in data.order_history:
                data.order_history[order_id] = _with_size(
                    data.order_history[order_id], 0.0, msg.transaction_id, stamp, True
                )

    def _on_out(self, msg: proto.Out) -> None:
        pass  # the OrdersCancelled that follow carry the changes

    def _on_redeemed(self, msg: proto.Redeemed) -> None:
        self._seen_transaction(msg.transaction_id)
        self.redemptions.append(msg)
        fund = self.markets.get(msg.fund_id)
        if fund is not None and fund.redemptions is not None:
            if all(r.transaction_id != msg.transaction_id for r in fund.redemptions):
                fund.redemptions.append(msg)

    def _on_market_positions(self, msg: proto.MarketPositions) -> None:
        data = self.markets.get(msg.market_id)
        if data is not None:
            data.positions = msg

    # categories and groups

    def _on_market_types(self, msg: proto.MarketTypes) -> None:
        self.market_types = {t.id: t for t in msg.market_types}

    def _on_market_type(self, msg: proto.MarketType) -> None:
        self.market_types[msg.id] = msg

    def _on_market_type_deleted(self, msg: proto.MarketTypeDeleted) -> None:
        self.market_types.pop(msg.market_type_id, None)
        # The server moves the category's markets to the remaining category with the lowest id
        # without publishing them (docs/api.md); do the same locally.
        if self.market_types:
            fallback = min(self.market_types)
            for data in self.markets.values():
                if data.market.type_id == msg.market_type_id:
                    market = proto.Market()
                    market.CopyFrom(data.market)
                    market.type_id = fallback
                    data.market = market

    def _on_market_groups(self, msg: proto.MarketGroups) -> None:
        self.market_groups = {g.id: g for g in msg.market_groups}

    def _on_market_group(self, msg: proto.MarketGroup) -> None:
        self.market_groups[msg.id] = msg

    # auctions

    def _on_auction(self, msg: proto.Auction) -> None:
        self.auctions[msg.id] = msg
        self._seen_transaction(msg.transaction_id)

    def _on_auction_settled(self, msg: proto.AuctionSettled) -> None:
        self._seen_transaction(msg.transaction_id)
        auction = self.auctions.get(msg.id)
        if auction is None:
            return
        updated = proto.Auction()
        updated.CopyFrom(auction)
        updated.closed.settle_price = msg.settle_price
        updated.buyer_id = msg.buyer_id  # the labelled owner (0: none chosen)
        # Every contributor; an Auction lists them by account id (AuctionSettled in request order).
        del updated.buyers[:]
        updated.buyers.extend(sorted(msg.buyers, key=lambda b: b.account_id))
        self.auctions[msg.id] = updated

    def _on_auction_deleted(self, msg: proto.AuctionDeleted) -> None:
        self.auctions.pop(msg.auction_id, None)

    def adopt(self, fresh: "ExchangeState") -> None:
        """Take over everything ``fresh`` knows (after a reconnect rebuilt it from a new login
        snapshot), keeping this object, its lock and its waiters: code holding a reference to
        the client's state keeps working. Trades not in the snapshot are gone."""
        with self.lock, fresh.lock:
            version = self.version
            for name, value in vars(fresh).items():
                if name not in ("lock", "changed", "version"):
                    setattr(self, name, value)
            self.version = version + 1
            self.changed.notify_all()

    # ------------------------------------------------------------------ waiting

    def wait_for(self, predicate: Callable[[], bool], timeout: Optional[float] = None) -> bool:
        """Block until ``predicate()`` (evaluated under the lock after every update) is true.

        Returns the predicate's final value (False on timeout).
        """
        with self.changed:
            return self.changed.wait_for(predicate, timeout)

    def wait_for_update(self, timeout: Optional[float] = None) -> bool:
        """Block until at least one more message has been applied; False on timeout."""
        with self.changed:
            start = self.version
            return self.changed.wait_for(lambda: self.version != start, timeout)
