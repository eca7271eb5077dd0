"""The read-only questions :class:`~exchange_client.state.ExchangeState` answers (markets,
books, trades, portfolios, accounts, transfers, auctions, categories, groups), as a mixin: each
takes ``self.lock`` and reads the dictionaries that ``apply`` keeps."""

from __future__ import annotations

from typing import Dict, List, Optional, Union

from . import proto
from .market_data import Book, MarketData, _sorted_book


class StateQueries:
    """Accessor methods of :class:`~exchange_client.state.ExchangeState`."""

    # ------------------------------------------------------------------ markets

    def market(self, market: Union[int, str]) -> Optional[proto.Market]:
        """A market by id or by exact name, or None."""
        with self.lock:
            data = self._market_data(market)
            return data.market if data is not None else None

    def _market_data(self, market: Union[int, str]) -> Optional[MarketData]:
        if isinstance(market, str) and not market.lstrip("-").isdigit():
            for data in self.markets.values():
                if data.market.name == market:
                    return data
            return None
        return self.markets.get(int(market))

    def market_id(self, market: Union[int, str]) -> int:
        """The id of a market given by id (int or digits) or name; KeyError if unknown."""
        with self.lock:
            data = self._market_data(market)
            if data is None:
                raise KeyError(f"unknown market {market!r}")
            return data.market.id

    def all_markets(self) -> Dict[int, proto.Market]:
        """Every known market by id."""
        with self.lock:
            return {i: d.market for i, d in self.markets.items()}

    def open_markets(self) -> List[proto.Market]:
        """Unsettled markets whose status is open (orders accepted), ascending id."""
        with self.lock:
            return [
                d.market
                for _, d in sorted(self.markets.items())
                if d.market.HasField("open") and d.market.status == proto.MARKET_STATUS_OPEN
            ]

    def book(self, market: Union[int, str]) -> Book:
        """The market's live order book (empty if the market is unknown)."""
        with self.lock:
            data = self._market_data(market)
            if data is None:
                return Book(int(market) if str(market).lstrip("-").isdigit() else 0, [], [])
            return _sorted_book(data.market.id, data.orders.values())

    def best_bid(self, market: Union[int, str], exclude_account: Optional[int] = None) -> Optional[proto.Order]:
        """The best bid, optionally ignoring one account's orders (e.g. your own)."""
        bids = [o for o in self.book(market).bids if exclude_account is None or o.owner_id != exclude_account]
        return bids[0] if bids else None

    def best_offer(self, market: Union[int, str], exclude_account: Optional[int] = None) -> Optional[proto.Order]:
        """The best offer, optionally ignoring one account's orders (e.g. your own)."""
        offers = [o for o in self.book(market).offers if exclude_account is None or o.owner_id != exclude_account]
        return offers[0] if offers else None

    def orders(self, market: Union[int, str, None] = None, account_id: Optional[int] = None) -> List[proto.Order]:
        """Live orders, optionally of one market and/or one owner, ascending id."""
        with self.lock:
            if market is None:
                datas = list(self.markets.values())
            else:
                data = self._market_data(market)
                datas = [data] if data is not None else []
            found = [
                o for d in datas for o in d.orders.values() if account_id is None or o.owner_id == account_id
            ]
            return sorted(found, key=lambda o: o.id)

    def my_orders(self, market: Union[int, str, None] = None) -> List[proto.Order]:
        """Live orders of the acting account."""
        with self.lock:
            return self.orders(market, self.acting_as)

    def order(self, order_id: int) -> Optional[proto.Order]:
        """A live order by id, or None."""
        with self.lock:
            for data in self.markets.values():
                if order_id in data.orders:
                    return data.orders[order_id]
            return None

    def trades(self, market: Union[int, str]) -> List[proto.Trade]:
        """Trades of a market seen so far (all of them after ``get_full_trade_history``)."""
        with self.lock:
            data = self._market_data(market)
            return list(data.trades) if data is not None else []

    def fund_redemptions(self, market: Union[int, str]) -> Optional[List[proto.Redeemed]]:
        """Every redemption of a fund, or None before ``get_full_trade_history(fund)``."""
        with self.lock:
            data = self._market_data(market)
            return list(data.redemptions) if data is not None and data.redemptions is not None else None

    def traded_markets(self, account_id: Optional[int] = None) -> List[int]:
        """Ids of the markets an owned account (default: the acting account) ever traded in
        or redeemed as a fund, ascending."""
        with self.lock:
            return sorted(self.traded_market_ids.get(self.acting_as if account_id is None else account_id, ()))

    def last_trade(self, market: Union[int, str]) -> Optional[proto.Trade]:
        """The most recent trade seen in a market, or None."""
        with self.lock:
            data = self._market_data(market)
            return data.trades[-1] if data is not None and data.trades else None

    def status_changes(self, market: Union[int, str]) -> List[proto.MarketStatusChange]:
        """The market's status log (each change's status and transaction), ascending."""
        with self.lock:
            data = self._market_data(market)
            return list(data.status_changes) if data is not None else []

    def order_history(self, market: Union[int, str]) -> Optional[List[proto.Order]]:
        """Every order of the market with size histories, if a full history was loaded."""
        with self.lock:
            data = self._market_data(market)
            if data is None or data.order_history is None:
                return None
            return [data.order_history[i] for i in sorted(data.order_history)]

    def positions(self, market: Union[int, str]) -> Optional[proto.MarketPositions]:
        """The latest ``get_market_positions`` reply for the market, if any."""
        with self.lock:
            data = self._market_data(market)
            return data.positions if data is not None else None

    # ------------------------------------------------------------------ accounts and money

    def account(self, account: Union[int, str]) -> Optional[proto.Account]:
        """An account by id or exact name, or None."""
        with self.lock:
            if isinstance(account, str) and not account.isdigit():
                return next((a for a in self.accounts.values() if a.name == account), None)
            return self.accounts.get(int(account))

    def owned_accounts(self) -> List[int]:
        """Ids of the accounts whose portfolios this connection receives (its owned set)."""
        with self.lock:
            return sorted(self.portfolios)

    def portfolio(self, account_id: Optional[int] = None) -> Optional[proto.Portfolio]:
        """The portfolio of an owned account (default: the acting account), or None."""
        with self.lock:
            return self.portfolios.get(self.acting_as if account_id is None else account_id)

    def exposure(self, market_id: int, account_id: Optional[int] = None) -> Optional[proto.Portfolio.MarketExposure]:
        """The acting (or given) account's exposure row in a market, or None."""
        portfolio = self.portfolio(account_id)
        if portfolio is None:
            return None
        return next((e for e in portfolio.market_exposures if e.market_id == market_id), None)

    def position(self, market_id: int, account_id: Optional[int] = None) -> float:
        """The acting (or given) account's position in a market (0 if none)."""
        exposure = self.exposure(market_id, account_id)
        return exposure.position if exposure is not None else 0.0

    def balance(self, account_id: Optional[int] = None) -> float:
        """Cash balance (``total_balance``) of the acting (or given) account."""
        portfolio = self.portfolio(account_id)
        return portfolio.total_balance if portfolio is not None else 0.0

    def available_balance(self, account_id: Optional[int] = None) -> float:
        """Available balance of the acting (or given) account (what new orders may use)."""
        portfolio = self.portfolio(account_id)
        return portfolio.available_balance if portfolio is not None else 0.0

    def transfer_list(self) -> List[proto.Transfer]:
        """Transfers involving owned accounts, ascending id."""
        with self.lock:
            return [self.transfers[i] for i in sorted(self.transfers)]

    # ------------------------------------------------------------------ auctions, categories

    def auction_list(self) -> List[proto.Auction]:
        """All auctions, ascending id."""
        with self.lock:
            return [self.auctions[i] for i in sorted(self.auctions)]

    def category(self, category: Union[int, str]) -> Optional[proto.MarketType]:
        """A category (market type) by id or name."""
        with self.lock:
            if isinstance(category, str) and not category.isdigit():
                return next((t for t in self.market_types.values() if t.name == category), None)
            return self.market_types.get(int(category))

    def group(self, group: Union[int, str]) -> Optional[proto.MarketGroup]:
        """A market group by id or name."""
        with self.lock:
            if isinstance(group, str) and not group.isdigit():
                return next((g for g in self.market_groups.values() if g.name == group), None)
            return self.market_groups.get(int(group))
