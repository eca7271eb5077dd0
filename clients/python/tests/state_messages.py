"""Builders of the ServerMessages the client's unit tests feed it: a login snapshot and its parts."""

from exchange_client import proto
from exchange_client.state import ExchangeState

USER, BOT, OTHER = 10, 11, 12


def msg(request_id: str = "", **kwargs) -> proto.ServerMessage:
    """A ServerMessage with one oneof field set, e.g. msg(acting_as=proto.ActingAs(account_id=1))."""
    message = proto.ServerMessage(request_id=request_id)
    (field, value), = kwargs.items()
    getattr(message, field).CopyFrom(value)
    return message


def market(market_id: int, name: str, low: float = 0, high: float = 100, **kwargs) -> proto.Market:
    kwargs.setdefault("type_id", 1)
    m = proto.Market(id=market_id, name=name, min_settlement=low, max_settlement=high,
                     transaction_id=market_id, owner_id=1, **kwargs)
    m.open.SetInParent()
    return m


def order(order_id: int, market_id: int, side: int, price: float, size: float, owner: int, tx: int = 0) -> proto.Order:
    return proto.Order(id=order_id, market_id=market_id, side=side, price=price, size=size,
                       owner_id=owner, transaction_id=tx or order_id)


def portfolio(account_id: int, balance: float, exposures=()) -> proto.Portfolio:
    p = proto.Portfolio(account_id=account_id, total_balance=balance, available_balance=balance)
    for market_id, position in exposures:
        p.market_exposures.add(market_id=market_id, position=position)
    return p


def snapshot(state: ExchangeState, *, acting_as: int = USER) -> None:
    """Feed a login snapshot (docs/api.md) with one market holding a small book."""
    transfers = proto.Transfers()
    transfers.transfers.add(id=1, initiator_id=1, from_account_id=1, to_account_id=USER, amount=1000, transaction_id=3)
    portfolios = proto.Portfolios(portfolios=[portfolio(USER, 1000), portfolio(BOT, 50)])
    accounts = proto.Accounts(accounts=[
        proto.Account(id=0, name="Hidden"), proto.Account(id=1, name="Arbor Pixie", is_user=True),
        proto.Account(id=USER, name="Alice", is_user=True), proto.Account(id=BOT, name="alice-bot"),
        proto.Account(id=OTHER, name="Bob", is_user=True)])
    types = proto.MarketTypes(market_types=[proto.MarketType(id=1, name="Fun", public=True),
                                            proto.MarketType(id=2, name="Class Scenarios")])
    groups = proto.MarketGroups(market_groups=[proto.MarketGroup(id=1, name="Weather", type_id=1)])
    orders = proto.Orders(market_id=5, orders=[
        order(100, 5, proto.BID, 40, 2, OTHER, tx=10), order(101, 5, proto.BID, 41, 1, OTHER, tx=11),
        order(102, 5, proto.OFFER, 45, 3, OTHER, tx=12), order(103, 5, proto.BID, 41, 4, USER, tx=13)])
    auction = proto.Auction(id=7, name="Signed book", owner_id=1, transaction_id=14)
    auction.open.SetInParent()
    sequence = [
        msg("login-1", authenticated=proto.Authenticated(account_id=USER)),
        msg(transfers=transfers), msg(portfolios=portfolios), msg(transfers=transfers), msg(portfolios=portfolios),
        msg(accounts=accounts), msg(market_types=types), msg(market_groups=groups),
        msg(market=market(5, "Rain")), msg(orders=orders), msg(trades=proto.Trades(market_id=5)),
        msg(auction=auction),
    ]
    for message in sequence:
        state.apply(message)
        assert not state.ready, "ready before ActingAs"
    state.apply(msg(acting_as=proto.ActingAs(account_id=acting_as)))
