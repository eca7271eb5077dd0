"""The option-market part of :class:`~exchange_client.state.ExchangeState` (docs/options.md).

What the client knows about option markets comes from four places:

* ``Market.option`` (an ``OptionInfo``) marks a market as an option, in the login snapshot and
  in every ``Market`` message;
* ``OptionContracts`` (the reply to ``get_option_contracts``) lists the acting account's live
  contracts in one option market. The server never pushes contracts, so this list is what the
  last reply said, minus what exercises and settlements have used up since; a trade made
  after it creates contracts the list does not show until the next request;
* ``OptionExercised`` (an exercise in an option market this connection may see) and
  ``OptionExercises`` (the reply to ``get_option_exercises``) fill the exercise history;
* ``MarketSettled`` of an option market (it settles by itself when its underlying settles)
  closes every contract of that market.

This mixin holds no lock of its own: :class:`ExchangeState` calls the ``_on_*`` handlers under
its lock, and the accessors take that lock.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Union

from . import proto

#: A remaining amount at or below this is used up (amounts have 2 decimals).
_EPSILON = 0.005


class OptionState:
    """Contracts and exercises; mixed into :class:`~exchange_client.state.ExchangeState`.

    Attributes (read them under ``state.lock``, or use the accessors):
        contracts: option market id -> {contract id -> ``OptionContract``}: the acting
            account's live contracts (as holder or writer) in each option market whose
            contracts were requested. A market missing here was never asked about.
        exercises: transaction id -> ``OptionExercised``: every exercise seen (live, or in a
            ``get_option_exercises`` reply).
    """

    def _init_options(self) -> None:
        self.contracts: Dict[int, Dict[int, proto.OptionContract]] = {}
        self.exercises: Dict[int, proto.OptionExercised] = {}

    # ------------------------------------------------------------------ applying messages

    def _on_option_contracts(self, msg: proto.OptionContracts) -> None:
        # The reply is complete for this market and acting account: it replaces what we had.
        self.contracts[msg.market_id] = {c.id: c for c in msg.contracts if c.remaining_amount > _EPSILON}

    def _on_option_exercised(self, msg: proto.OptionExercised) -> None:
        self._seen_transaction(msg.transaction_id)
        self.exercises[msg.transaction_id] = msg
        known = self.contracts.get(msg.option_market_id)
        contract = known.get(msg.contract_id) if known is not None else None
        if contract is None:
            return
        remaining = round(contract.remaining_amount - msg.amount, 2)
        if remaining <= _EPSILON:
            del known[msg.contract_id]
        else:  # a new object: contracts handed out earlier never change under the caller
            updated = proto.OptionContract()
            updated.CopyFrom(contract)
            updated.remaining_amount = remaining
            known[msg.contract_id] = updated

    def _on_option_exercises(self, msg: proto.OptionExercises) -> None:
        for exercise in msg.exercises:
            self.exercises[exercise.transaction_id] = exercise
            self._seen_transaction(exercise.transaction_id)

    def _options_market_settled(self, market_id: int) -> None:
        """An option market settled (its underlying did): every contract in it is closed."""
        if market_id in self.contracts:
            self.contracts[market_id] = {}

    def _options_acting_as_changed(self) -> None:
        """Contracts are per acting account: those of the previous one no longer apply."""
        self.contracts = {}

    # ------------------------------------------------------------------ option markets

    def option_info(self, market: Union[int, str]) -> Optional[proto.OptionInfo]:
        """The ``OptionInfo`` (underlying, strike, call/put, expiration) of an option market;
        None for an ordinary market, a fund, or an unknown market."""
        with self.lock:
            data = self._market_data(market)
            if data is None or not data.market.HasField("option"):
                return None
            return data.market.option

    def option_expiration(self, market: Union[int, str]) -> Optional[float]:
        """The option's expiration in seconds since the epoch (the last second at which it can
        be exercised while the underlying is unsettled), or None when it has none."""
        info = self.option_info(market)
        if info is None or not info.HasField("expiration_date") or info.expiration_date.seconds == 0:
            return None  # seconds 0 also means "no expiration" on this exchange
        return float(info.expiration_date.seconds)

    def option_markets(self, underlying: Union[int, str, None] = None, include_settled: bool = False) -> List[proto.Market]:
        """Option markets (on one underlying, if given), ascending id; settled ones only with
        ``include_settled``."""
        with self.lock:
            underlying_id = None
            if underlying is not None:
                data = self._market_data(underlying)
                if data is None:
                    return []
                underlying_id = data.market.id
            return [
                d.market
                for _, d in sorted(self.markets.items())
                if d.market.HasField("option")
                and (underlying_id is None or d.market.option.underlying_market_id == underlying_id)
                and (include_settled or d.market.HasField("open"))
            ]

    # ------------------------------------------------------------------ contracts, exercises

    def option_contracts(self, market: Union[int, str, None] = None, *, as_holder: Optional[bool] = None) -> List[proto.OptionContract]:
        """The acting account's live contracts known from ``get_option_contracts`` (in one
        option market, or in all), ascending id. ``as_holder=True`` keeps those it may
        exercise (it is the buyer), ``False`` those it wrote."""
        with self.lock:
            if market is None:
                found = [c for known in self.contracts.values() for c in known.values()]
            else:
                data = self._market_data(market)
                found = list(self.contracts.get(data.market.id, {}).values()) if data is not None else []
            if as_holder is not None:
                found = [c for c in found if (c.buyer_id == self.acting_as) == as_holder]
            return sorted(found, key=lambda c: c.id)

    def option_contract(self, contract_id: int) -> Optional[proto.OptionContract]:
        """A known live contract by id, or None."""
        with self.lock:
            for known in self.contracts.values():
                if contract_id in known:
                    return known[contract_id]
            return None

    def option_contracts_known(self, market_id: int) -> bool:
        """True once the contracts of that option market were requested."""
        with self.lock:
            return market_id in self.contracts

    def option_exercises(self, market: Union[int, str, None] = None, account_id: Optional[int] = None) -> List[proto.OptionExercised]:
        """Exercises seen (of one option market, if given; involving ``account_id`` as
        exerciser or writer, if given), ascending transaction id."""
        with self.lock:
            market_id = None
            if market is not None:
                data = self._market_data(market)
                if data is None:
                    return []
                market_id = data.market.id
            return [
                self.exercises[t]
                for t in sorted(self.exercises)
                if (market_id is None or self.exercises[t].option_market_id == market_id)
                and (account_id is None or account_id in (self.exercises[t].exerciser_id, self.exercises[t].counterparty_id))
            ]


__all__ = ["OptionState"]
