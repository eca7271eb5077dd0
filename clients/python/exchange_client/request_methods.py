"""The request methods shared by the synchronous and the asyncio clients.

Each method builds one request payload and hands it to ``self.request(field, payload,
reply_field)``: :class:`~exchange_client.ExchangeClient` blocks and returns the typed result;
:class:`~exchange_client.aio.AsyncExchangeClient` returns an awaitable of it.
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Sequence, Tuple, Union

from . import precision, proto
from .errors import RequestError
from .precision import Number
from .strategy import Fill, fills_of
from .auction_methods import AuctionMethods
from .option_methods import OptionMethods, _exercise  # noqa: F401 (aio.py imports _exercise from here)

SideLike = Union[int, str]


def parse_side(side: SideLike) -> int:
    """``proto.BID``/``proto.OFFER`` from an enum value or a word (bid/buy, offer/ask/sell)."""
    if isinstance(side, str):
        word = side.strip().lower()
        if word in ("bid", "buy", "b"):
            return proto.BID
        if word in ("offer", "ask", "sell", "s", "o"):
            return proto.OFFER
        raise ValueError(f"unknown side {side!r} (use 'bid' or 'offer')")
    return int(side)


class RequestMethods(OptionMethods, AuctionMethods):
    """One method per request of the protocol (docs/api.md), plus ``quote`` and ``take``.

    Subclasses provide ``request(field, payload, reply_field)``, ``state``, ``user_id`` and
    ``sync()``.
    """

    state: "object"

    def request(self, field: str, payload, reply_field: str, timeout: Optional[float] = None):  # pragma: no cover
        raise NotImplementedError

    def sync(self, timeout: Optional[float] = None):  # pragma: no cover
        raise NotImplementedError

    # Trading ------------------------------------------------------------

    def create_order(self, market_id: int, side: SideLike, price: Number, size: Number) -> proto.OrderCreated:
        """Place a limit order for the acting account.

        Price and size are rounded to 2 decimal places (with a PrecisionWarning if that changes
        them). Returns the ``OrderCreated``: ``fills`` and ``trades`` of the immediate match,
        and ``order`` (check ``HasField("order")``) for the remainder resting on the book.
        Errors (kind ``CreateOrder``): Invalid price, Invalid size, No side provided, Market
        not found, Market already settled, Market is paused, Insufficient funds, Rate Limited.
        """
        payload = proto.CreateOrder(
            market_id=market_id, side=parse_side(side), price=precision.price(price), size=precision.size(size)
        )
        return self.request("create_order", payload, "order_created")

    def bid(self, market_id: int, price: Number, size: Number) -> proto.OrderCreated:
        """Buy up to ``size`` at ``price`` or better (a ``create_order`` on the BID side)."""
        return self.create_order(market_id, proto.BID, price, size)

    def offer(self, market_id: int, price: Number, size: Number) -> proto.OrderCreated:
        """Sell up to ``size`` at ``price`` or better (a ``create_order`` on the OFFER side)."""
        return self.create_order(market_id, proto.OFFER, price, size)

    def cancel_order(self, order_id: int) -> proto.OrdersCancelled:
        """Cancel one of the acting account's live orders. Errors (kind ``CancelOrder``):
        Order not found, Not order owner, Market is paused."""
        return self.request("cancel_order", proto.CancelOrder(id=order_id), "orders_cancelled")

    def out(self, market_id: Optional[int] = None, side: Optional[SideLike] = None) -> proto.Out:
        """Cancel all the acting account's orders, optionally in one market and/or on one side.

        Returns the server's echo of the request once the cancellations (``orders_cancelled``
        messages, which follow the echo) have been applied to :attr:`state`: afterwards
        ``state.my_orders(market_id)`` no longer lists them.
        """
        payload = proto.Out()
        if market_id is not None:
            payload.market_id = market_id
        if side is not None:
            payload.side = parse_side(side)
        echo = self.request("out", payload, "out")
        self.sync()  # the server sends a connection's messages in order: the cancels came first
        return echo

    def quote(self, market_id: int, bid: Number, offer: Number, size: Number) -> Tuple[proto.OrderCreated, proto.OrderCreated]:
        """Replace my quotes in a market: cancel my resting orders there (waiting until they are
        gone), then place a bid at ``bid`` and an offer at ``offer``, each of ``size``.

        Returns the two ``OrderCreated`` (bid first). Raises ValueError if ``bid >= offer``
        (the pair would trade with itself) and RequestError if the server refuses an order
        (the bid may then be resting without its offer).
        """
        if precision.price(bid) >= precision.price(offer):
            raise ValueError(f"bid {bid} must be below offer {offer}")
        self.out(market_id)
        return self.bid(market_id, bid, size), self.offer(market_id, offer, size)

    def take(self, market_id: int, side: SideLike, price: Number, size: Number) -> List[Fill]:
        """Trade now: buy (``side`` BID) up to ``size`` at ``price`` or better, or sell (OFFER)
        down to ``price``, then cancel whatever did not fill so nothing is left resting.

        Returns my fills (empty if nothing matched). Raises RequestError if the order is
        refused.
        """
        created = self.create_order(market_id, side, price, size)
        if created.HasField("order") and created.order.size > 0:
            try:
                self.cancel_order(created.order.id)
            except RequestError as error:
                if error.message != "Order not found":  # it filled meanwhile: nothing to cancel
                    raise
        return fills_of(created, self.state.acting_as)

    def redeem(self, fund_id: int, amount: Number) -> proto.Redeemed:
        """Convert ``amount`` units of a fund into its constituents (negative: the reverse)."""
        payload = proto.Redeem(fund_id=fund_id, amount=precision.quantize(amount, 2, "amount"))
        return self.request("redeem", payload, "redeemed")

    # Money and accounts -------------------------------------------------

    def make_transfer(self, from_account_id: int, to_account_id: int, amount: Number, note: str = "") -> proto.Transfer:
        """Move money between accounts (user to user, or between an owner and an owned account).

        The amount is rounded to 4 decimal places. Returns the created ``Transfer``.
        """
        payload = proto.MakeTransfer(
            from_account_id=from_account_id, to_account_id=to_account_id, amount=precision.amount(amount), note=note
        )
        return self.request("make_transfer", payload, "transfer_created")

    def create_account(self, name: str, owner_id: Optional[int] = None, color: Optional[str] = None) -> proto.Account:
        """Create a sub-account (bot) owned by you (or by ``owner_id``, an account you own).

        ``color`` (optional) is a display colour like ``"#aabbcc"``: it is lower-cased and a
        missing ``#`` is added; the server refuses anything but ``#`` and 6 hex digits
        ("Account color must be a hex value like #aabbcc"). It cannot be changed later.
        """
        payload = proto.CreateAccount(owner_id=self.user_id if owner_id is None else owner_id, name=name)
        if color is not None:
            payload.color = normalize_color(color)
        return self.request("create_account", payload, "account_created")

    def gift(self, to_account_id: int, amount: Number, note: str = "") -> proto.Transfer:
        """(Sudo admin in the main universe, or a universe's owner in its universe) Give
        ``amount`` clips to any account, minted from nothing: the recipient's balance grows and
        nobody is debited; the transfer is recorded from Arbor Pixie (or the universe's owner).
        Works for shared accounts with open positions, and changes no owner credit.

        The amount is rounded to 4 decimal places. Returns the created ``Transfer``. Errors
        (kind ``Gift``): Invalid amount, Account not found, Not the owner of this universe.
        """
        payload = proto.Gift(to_account_id=to_account_id, amount=precision.amount(amount), note=note)
        return self.request("gift", payload, "transfer_created")

    def redistribute_owner_credit(self, account_id: int, from_owner_id: int) -> proto.OwnerCreditRedistributed:
        """(Sudo admin) Give all of one owner's credit in a shared account to its other owners,
        in proportion to their credits (equally if they have none), e.g. before removing that
        owner with :meth:`revoke_ownership`. Errors (kind ``RedistributeOwnerCredit``): Sudo
        required, Admin access required, Account not found, Not owner.
        """
        payload = proto.RedistributeOwnerCredit(account_id=account_id, from_owner_id=from_owner_id)
        return self.request("redistribute_owner_credit", payload, "owner_credit_redistributed")

    def create_universe(self, name: str, description: str = "") -> proto.Universe:
        """Create a universe: a private sandbox of accounts and markets in this cohort that you
        own (see the server's docs/cohorts.md)."""
        payload = proto.CreateUniverse(name=name, description=description)
        return self.request("create_universe", payload, "universe")

    def share_ownership(self, of_account_id: int, to_account_id: int) -> proto.OwnershipGiven:
        """Make another user a co-owner of an account you own directly."""
        payload = proto.ShareOwnership(of_account_id=of_account_id, to_account_id=to_account_id)
        return self.request("share_ownership", payload, "ownership_given")

    def revoke_ownership(self, of_account_id: int, from_account_id: int) -> proto.OwnershipRevoked:
        """(Sudo admin) Remove a user's ownership of an account."""
        payload = proto.RevokeOwnership(of_account_id=of_account_id, from_account_id=from_account_id)
        return self.request("revoke_ownership", payload, "ownership_revoked")

    def act_as(self, account_id: int) -> proto.ActingAs:
        """Act as another account you own (orders, cancels, out and redeem then use it).

        A sudo admin may also name any user account, which impersonates that user.
        """
        return self.request("act_as", proto.ActAs(account_id=account_id), "acting_as")

    def set_sudo(self, enabled: bool) -> proto.SudoStatus:
        """(Admin) Switch admin powers on or off for this connection.

        The server then re-sends the public data; this method waits until it has arrived.
        """
        status = self.request("set_sudo", proto.SetSudo(enabled=enabled), "sudo_status")
        self.sync()
        return status

    # Histories and positions ---------------------------------------------

    def get_full_order_history(self, market_id: int) -> proto.Orders:
        """Every order ever placed in a market, with size histories (also kept in the state)."""
        return self.request("get_full_order_history", proto.GetFullOrderHistory(market_id=market_id), "orders")

    def get_full_trade_history(self, market_id: int) -> proto.Trades:
        """Every trade of a market (also kept in the state: ``state.trades(market_id)``)."""
        return self.request("get_full_trade_history", proto.GetFullTradeHistory(market_id=market_id), "trades")

    def get_market_positions(self, market_id: int) -> proto.MarketPositions:
        """Every participant's gross/net position and average prices in a market."""
        return self.request(
            "get_market_positions", proto.GetMarketPositions(market_id=market_id), "market_positions"
        )

    # Markets (admin or owner) --------------------------------------------

    def create_market(
        self,
        name: str,
        min_settlement: Number,
        max_settlement: Number,
        description: str = "",
        *,
        redeemable_for: Sequence[Tuple[int, int]] = (),
        redeem_fee: Number = 0,
        hide_account_ids: bool = False,
        visible_to: Iterable[int] = (),
        type_id: int = 0,
        group_id: int = 0,
    ) -> proto.Market:
        """Create a market whose settlement price will lie in [min_settlement, max_settlement].

        ``redeemable_for`` makes it a fund: ``(constituent_id, multiplier)`` pairs (the bounds
        are then computed by the server). ``visible_to`` restricts who sees it; ``type_id`` is
        the category (0: the default), ``group_id`` a group (sudo admins only).
        """
        payload = proto.CreateMarket(
            name=name,
            description=description,
            min_settlement=precision.quantize(min_settlement, 2, "min_settlement"),
            max_settlement=precision.quantize(max_settlement, 2, "max_settlement"),
            redeem_fee=precision.quantize(redeem_fee, 4, "redeem_fee"),
            hide_account_ids=hide_account_ids,
            visible_to=list(visible_to),
            type_id=type_id,
            group_id=group_id,
        )
        for constituent_id, multiplier in redeemable_for:
            payload.redeemable_for.add(constituent_id=constituent_id, multiplier=multiplier)
        return self.request("create_market", payload, "market")

    def edit_market(
        self,
        market_id: int,
        *,
        name: Optional[str] = None,
        description: Optional[str] = None,
        pinned: Optional[bool] = None,
        hide_account_ids: Optional[bool] = None,
        visible_to: Optional[Iterable[int]] = None,
        status: Optional[int] = None,
        redeemable_settings: Optional[proto.RedeemableSettings] = None,
    ) -> proto.Market:
        """Edit a market; only the arguments given change.

        The server always applies ``status``, so when it is not given the market's current
        status (from the local state) is sent. ``visible_to=[]`` makes the market public.
        All edits except ``description`` (by the market's owner) need a sudo admin.
        """
        payload = proto.EditMarket(id=market_id)
        if name is not None:
            payload.name = name
        if description is not None:
            payload.description = description
        if pinned is not None:
            payload.pinned = pinned
        if hide_account_ids is not None:
            payload.hide_account_ids = hide_account_ids
        if visible_to is not None:
            payload.update_visible_to = True
            payload.visible_to.extend(visible_to)
        if redeemable_settings is not None:
            payload.redeemable_settings.CopyFrom(redeemable_settings)
        if status is None:
            current = self.state.market(market_id)
            status = current.status if current is not None else proto.MARKET_STATUS_OPEN
        payload.status = status
        return self.request("edit_market", payload, "market")

    def settle_market(self, market_id: int, settle_price: Number) -> proto.MarketSettled:
        """Settle a market at a final price (its owner or a sudo admin); positions are paid."""
        payload = proto.SettleMarket(market_id=market_id, settle_price=precision.quantize(settle_price, 2, "settle_price"))
        return self.request("settle_market", payload, "market_settled")

    def create_market_type(self, name: str, description: str = "", public: bool = True) -> proto.MarketType:
        """(Sudo admin) Create a market category."""
        payload = proto.CreateMarketType(name=name, description=description, public=public)
        return self.request("create_market_type", payload, "market_type")

    def delete_market_type(self, market_type_id: int) -> proto.MarketTypeDeleted:
        """(Sudo admin) Delete a market category (its markets move to another one)."""
        payload = proto.DeleteMarketType(market_type_id=market_type_id)
        return self.request("delete_market_type", payload, "market_type_deleted")

    def create_market_group(self, name: str, description: str = "", type_id: int = 1) -> proto.MarketGroup:
        """(Sudo admin) Create a group of markets within a category."""
        payload = proto.CreateMarketGroup(name=name, description=description, type_id=type_id)
        return self.request("create_market_group", payload, "market_group")

    # Redeem codes ---------------------------------------------------------

    def create_redeem_code(self, amount: Number) -> proto.RedeemCodeCreated:
        """(Sudo admin) Mint a single-use code worth ``amount`` (rounded to 4 decimal places).

        Whoever claims it first receives the amount from your own account; nothing is reserved
        now. Codes expire after 24 hours. Returns ``code``, ``amount`` and ``expires_at``.
        """
        payload = proto.CreateRedeemCode(amount=precision.amount(amount))
        return self.request("create_redeem_code", payload, "redeem_code_created")

    def claim_redeem_code(self, code: str) -> proto.RedeemCodeClaimed:
        """Claim a code such as ``"KMW-384"`` (case and surrounding spaces do not matter) for the
        acting account. The money arrives as a transfer; kept in ``state.redeemed_codes()``."""
        return self.request("claim_redeem_code", proto.ClaimRedeemCode(code=code), "redeem_code_claimed")

    def get_redeem_codes(self) -> proto.RedeemCodes:
        """(Sudo admin) Every code minted in this cohort, newest first (at most the newest 1,000),
        with who claimed each and when; kept in ``state.minted_codes()``."""
        return self.request("get_redeem_codes", proto.GetRedeemCodes(), "redeem_codes")

def normalize_color(color: str) -> str:
    """An account colour as the server stores it: trimmed, lower-cased, with a leading ``#``
    (``"AABBCC"`` -> ``"#aabbcc"``); blank stays blank (no colour)."""
    text = color.strip().lower()
    if text and not text.startswith("#"):
        text = "#" + text
    return text

