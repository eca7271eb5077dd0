"""The redeem-code part of :class:`~exchange_client.state.ExchangeState` (docs: redeem codes).

* ``RedeemCodeClaimed`` (the reply to ``claim_redeem_code``) is remembered in ``redeemed``,
  the codes this connection claimed, oldest first. The money itself arrives as an ordinary
  ``Transfer`` and ``Portfolio`` update.
* ``RedeemCodes`` (the reply to ``get_redeem_codes``, sudo admins) replaces ``redeem_codes``:
  every code the server listed, newest first, with who claimed it and when.

Like the option mixin, this holds no lock: ExchangeState calls the handlers under its lock.
"""

from __future__ import annotations

from typing import List

from . import proto


class RedeemCodeState:
    """Redeem codes; mixed into :class:`~exchange_client.state.ExchangeState`."""

    def _init_redeem_codes(self) -> None:
        self.redeemed: List[proto.RedeemCodeClaimed] = []
        self.redeem_codes: List[proto.RedeemCodeInfo] = []

    def _on_redeem_code_claimed(self, msg: proto.RedeemCodeClaimed) -> None:
        self.redeemed.append(msg)

    def _on_redeem_codes(self, msg: proto.RedeemCodes) -> None:
        self.redeem_codes = list(msg.codes)

    def minted_codes(self) -> List[proto.RedeemCodeInfo]:
        """The codes of the last ``get_redeem_codes`` reply, newest first."""
        with self.lock:  # type: ignore[attr-defined]
            return list(self.redeem_codes)

    def redeemed_codes(self) -> List[proto.RedeemCodeClaimed]:
        """The codes this connection claimed, oldest first."""
        with self.lock:  # type: ignore[attr-defined]
            return list(self.redeemed)
