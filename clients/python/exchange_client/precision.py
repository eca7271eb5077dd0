"""Precision handling: the exchange accepts prices and sizes with at most 2 decimal places and
transfer amounts with at most 4 (docs/api.md). Values with more decimals are rounded here, to
the nearest representable value, with a :class:`PrecisionWarning`, instead of being refused by
the server.
"""

from __future__ import annotations

import math
import os
import sys
import warnings
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Union

Number = Union[int, float, Decimal, str]

PRICE_PLACES = 2
SIZE_PLACES = 2
AMOUNT_PLACES = 4


class PrecisionWarning(UserWarning):
    """A number had more decimal places than the exchange accepts and was rounded."""


def to_decimal(value: Number) -> Decimal:
    """The decimal a client means by ``value``.

    Floats are read with 15 significant digits, so ``0.1`` means 0.1 (not the binary value
    0.1000000000000000055...) and ``0.1 + 0.2`` means 0.3, as the server reads doubles.
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("expected a number, got a bool")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # 15 significant digits drop binary noise (0.1 + 0.2 -> 0.3) like the server's reading
        # of doubles (docs/api.md) does.
        return Decimal(format(value, ".15g")) if math.isfinite(value) else Decimal(repr(value))
    if isinstance(value, str):
        return Decimal(value.strip())
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _caller_stacklevel() -> int:
    """The ``warnings`` stacklevel of the first caller outside this package."""
    package_dir = os.path.dirname(os.path.abspath(__file__))
    frame = sys._getframe(1)
    level = 1
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == package_dir:
        frame = frame.f_back
        level += 1
    return level


def quantize(value: Number, places: int = 2, what: str = "value") -> float:
    """Round ``value`` to ``places`` decimal places (half to even) and return it as a float.

    A :class:`PrecisionWarning` is issued when rounding changes the value. Non-finite values
    (NaN, infinities) are returned unchanged: the server refuses them with its own error.
    """
    try:
        exact = to_decimal(value)
    except InvalidOperation as error:
        raise ValueError(f"invalid {what}: {value!r}") from error
    if not exact.is_finite():
        return float(exact)
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    if rounded != exact:
        warnings.warn(
            f"{what} {value!r} has more than {places} decimal places; sent as {rounded.normalize()}",
            PrecisionWarning,
            stacklevel=_caller_stacklevel(),
        )
    result = float(rounded)
    return 0.0 if result == 0 else result  # no negative zero on the wire


def price(value: Number) -> float:
    """A price rounded to 2 decimal places (with a warning when that changes it)."""
    return quantize(value, PRICE_PLACES, "price")


def size(value: Number) -> float:
    """A size rounded to 2 decimal places (with a warning when that changes it)."""
    return quantize(value, SIZE_PLACES, "size")


def amount(value: Number) -> float:
    """A transfer amount rounded to 4 decimal places (with a warning when that changes it)."""
    return quantize(value, AMOUNT_PLACES, "amount")


def is_close(a: float, b: float, places: int = 4) -> bool:
    """True when two wire values are equal at ``places`` decimals (doubles are not exact)."""
    return math.isclose(a, b, rel_tol=0.0, abs_tol=0.5 * 10.0 ** (-places))
