"""Option-market requests (docs/options.md), mixed into :class:`RequestMethods`."""

from __future__ import annotations

import datetime
import math
from typing import Iterable, Optional, Union

from . import precision, proto
from .precision import Number

#: An instant: seconds since the epoch (int or float), or a ``datetime`` (naive means UTC).
When = Union[int, float, datetime.datetime]


class OptionMethods:
    """Create option markets, exercise contracts and read contracts and exercises. Needs the
    host's ``request(field, payload, reply_field)`` and ``state``."""

    # Option markets (docs/options.md) ---------------------------------------

    def create_option_market(
        self,
        name: str,
        description: str,
        underlying_market_id: int,
        strike_price: Number,
        is_call: bool,
        expiration_date: Optional[When] = None,
        hide_account_ids: bool = False,
        visible_to: Iterable[int] = (),
        type_id: Optional[int] = None,
        group_id: Optional[int] = None,
    ) -> proto.Market:
        """(Sudo admin) List a call (``is_call=True``) or a put on ``underlying_market_id`` with
        strike ``strike_price`` (at most 2 decimals; rounded with a PrecisionWarning).

        The server computes the bounds from the underlying's (a call on [m, M] with strike K gets
        [max(0, m - K), max(0, M - K)], a put [max(0, K - M), max(0, K - m)]), so no bounds are
        passed. ``expiration_date`` (seconds since the epoch or a ``datetime``) is the last
        second at which the option can be exercised while the underlying is unsettled; None
        (or 0) means no expiration. Returns the new ``Market`` (its ``option`` is set).
        Errors (kind ``CreateMarket``): Sudo required, Invalid strike price, Constituent not
        found / Constituent already settled (the underlying), Invalid settlement prices (a call
        with K at or above the underlying's maximum, a put at or below its minimum), and those
        of ``create_market``.
        """
        option = proto.OptionInfo(
            underlying_market_id=underlying_market_id,
            strike_price=precision.quantize(strike_price, 2, "strike_price"),
            is_call=is_call,
        )
        if expiration_date is not None:
            seconds = _epoch_seconds(expiration_date)
            option.expiration_date.seconds = int(math.floor(seconds))
            option.expiration_date.nanos = int((seconds - math.floor(seconds)) * 1e9)  # ignored by the server
        payload = proto.CreateMarket(
            name=name,
            description=description,
            min_settlement=0.0,  # computed by the server for options
            max_settlement=0.0,
            hide_account_ids=hide_account_ids,
            visible_to=list(visible_to),
            type_id=type_id or 0,
            group_id=group_id or 0,
            option=option,
        )
        return self.request("create_market", payload, "market")

    def exercise_option(self, contract_id: int, amount: Number, option_market_id: Optional[int] = None) -> proto.OptionExercised:
        """Exercise ``amount`` units of a contract you hold (you are its buyer).

        While the underlying is unsettled the exercise is physical: a call pays strike x amount
        to the writer and gives you ``amount`` units of the underlying (a put the reverse);
        an option with an expiration can no longer be exercised after it. The amount is rounded
        to 2 decimals (with a PrecisionWarning when that changes it).

        ``option_market_id`` may be left out: it is then found from the contracts in
        :attr:`state` (``state.option_contract``), else by asking ``get_option_contracts`` for
        each open option market until the contract shows up (an expensive request each; pass
        the id when you have it). Returns the ``OptionExercised`` (``price`` is the cash per
        unit, ``is_cash_settled`` true for a cash exercise). Errors (kind ``ExerciseOption``):
        Invalid amount, Option contract not found, Not the buyer of this contract, Option has
        expired, Insufficient funds (you, or the writer), Market not found.
        """
        rounded = precision.quantize(amount, 2, "amount")
        if option_market_id is None:
            option_market_id = self._find_contract_market(contract_id)
        return self.request("exercise_option", _exercise(contract_id, rounded, option_market_id), "option_exercised")

    def _find_contract_market(self, contract_id: int) -> int:
        """The option market of a contract of the acting account (0 when not found: the server
        then names the problem, e.g. "Not the buyer of this contract")."""
        known = self.state.option_contract(contract_id)
        if known is not None:
            return known.option_market_id
        for market in self.state.option_markets():  # not asked yet, or asked before the trade
            reply = self.get_option_contracts(market.id)
            if any(c.id == contract_id for c in reply.contracts):
                return market.id
        return 0

    def get_option_contracts(self, market_id: int) -> proto.OptionContracts:
        """The acting account's live contracts in an option market, as holder (``buyer_id``) or
        writer (``writer_id``), ascending id; also kept in the state
        (``state.option_contracts(market_id)``). Contracts are not pushed: ask again after
        trading."""
        return self.request("get_option_contracts", proto.GetOptionContracts(market_id=market_id), "option_contracts")

    def get_option_exercises(self, market_id: int = 0) -> proto.OptionExercises:
        """The acting account's exercises (as exerciser or writer) in one option market, or in
        all of them with 0, ascending transaction id; also kept in the state
        (``state.option_exercises()``)."""
        return self.request("get_option_exercises", proto.GetOptionExercises(market_id=market_id), "option_exercises")


def _epoch_seconds(when: When) -> float:
    """Seconds since the epoch of a number or a ``datetime`` (naive datetimes are UTC)."""
    if isinstance(when, datetime.datetime):
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.timezone.utc)
        return when.timestamp()
    return float(when)


def _exercise(contract_id: int, amount: float, option_market_id: int) -> proto.ExerciseOption:
    return proto.ExerciseOption(option_market_id=option_market_id, contract_id=contract_id, amount=amount)
