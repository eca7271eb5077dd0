"""The wire schema's message classes (package ``websocket_api``), generated from ``schema/``.

Importing this module generates the code first if needed (see :mod:`exchange_client._codegen`).
Every message and enum of the schema is available here by its schema name, e.g.
``proto.CreateOrder``, ``proto.ServerMessage``, ``proto.BID``, ``proto.MARKET_STATUS_OPEN``.
"""

from __future__ import annotations

from ._codegen import ensure_generated

try:
    import google.protobuf  # noqa: F401 - checked here to explain what to install
except ImportError as _missing:
    raise ImportError(
        "the exchange SDK needs the protobuf package: on Debian `apt-get install python3-protobuf`, "
        "or run with /usr/bin/python3 / the venv from the README (clients/python/README.md: "
        "python3 -m venv --system-site-packages .venv)"
    ) from _missing

ensure_generated()

from ._generated import account_pb2 as _account  # noqa: E402
from ._generated import auction_pb2 as _auction  # noqa: E402
from ._generated import client_message_pb2 as _client_message  # noqa: E402
from ._generated import common_pb2 as _common  # noqa: E402
from ._generated import market_pb2 as _market  # noqa: E402
from ._generated import option_pb2 as _option  # noqa: E402
from ._generated import order_pb2 as _order  # noqa: E402
from ._generated import requests_pb2 as _requests  # noqa: E402
from ._generated import server_message_pb2 as _server_message  # noqa: E402
from ._generated import redeem_code_pb2 as _redeem_code  # noqa: E402

# Roots
ClientMessage = _client_message.ClientMessage
ServerMessage = _server_message.ServerMessage
RequestFailed = _server_message.RequestFailed

# Enums
Side = _common.Side
MarketStatus = _common.MarketStatus
UNKNOWN: int = _common.UNKNOWN
BID: int = _common.BID
OFFER: int = _common.OFFER
MARKET_STATUS_OPEN: int = _common.MARKET_STATUS_OPEN
MARKET_STATUS_SEMI_PAUSED: int = _common.MARKET_STATUS_SEMI_PAUSED
MARKET_STATUS_PAUSED: int = _common.MARKET_STATUS_PAUSED

# Accounts, portfolios, transfers
Account = _account.Account
Accounts = _account.Accounts
Universe = _account.Universe
Universes = _account.Universes
Portfolio = _account.Portfolio
Portfolios = _account.Portfolios
Transfer = _account.Transfer
Transfers = _account.Transfers
Authenticated = _account.Authenticated
ActingAs = _account.ActingAs
OwnershipGiven = _account.OwnershipGiven
OwnershipRevoked = _account.OwnershipRevoked
SudoStatus = _account.SudoStatus

# Auctions
Auction = _auction.Auction
AuctionSettled = _auction.AuctionSettled
AuctionDeleted = _auction.AuctionDeleted
AuctionBuyer = _auction.AuctionBuyer

# Markets
Redeemable = _market.Redeemable
RedeemableSettings = _market.RedeemableSettings
Market = _market.Market
MarketSettled = _market.MarketSettled
MarketStatusChange = _market.MarketStatusChange
MarketStatusChanges = _market.MarketStatusChanges
MarketType = _market.MarketType
MarketTypes = _market.MarketTypes
MarketTypeDeleted = _market.MarketTypeDeleted
MarketGroup = _market.MarketGroup
MarketGroups = _market.MarketGroups
ParticipantPosition = _market.ParticipantPosition
MarketPositions = _market.MarketPositions
Redeemed = _market.Redeemed

# Option markets (docs/options.md)
OptionInfo = _option.OptionInfo
OptionContract = _option.OptionContract
OptionContracts = _option.OptionContracts
OptionExercised = _option.OptionExercised
OptionExercises = _option.OptionExercises
ExerciseOption = _option.ExerciseOption
GetOptionContracts = _option.GetOptionContracts
GetOptionExercises = _option.GetOptionExercises

# Orders and trades
Size = _order.Size
Order = _order.Order
Trade = _order.Trade
OrderCreated = _order.OrderCreated
OrdersCancelled = _order.OrdersCancelled
Orders = _order.Orders
Trades = _order.Trades

# Requests
CreateMarket = _requests.CreateMarket
SettleMarket = _requests.SettleMarket
CreateOrder = _requests.CreateOrder
CancelOrder = _requests.CancelOrder
Out = _requests.Out
MakeTransfer = _requests.MakeTransfer
Authenticate = _requests.Authenticate
ActAs = _requests.ActAs
CreateAccount = _requests.CreateAccount
CreateUniverse = _requests.CreateUniverse
ShareOwnership = _requests.ShareOwnership
GetFullOrderHistory = _requests.GetFullOrderHistory
GetFullTradeHistory = _requests.GetFullTradeHistory
Redeem = _requests.Redeem
CreateAuction = _requests.CreateAuction
SettleAuction = _requests.SettleAuction
DeleteAuction = _requests.DeleteAuction
EditMarket = _requests.EditMarket
RevokeOwnership = _requests.RevokeOwnership
BuyAuction = _requests.BuyAuction
CreateMarketType = _requests.CreateMarketType
DeleteMarketType = _requests.DeleteMarketType
CreateMarketGroup = _requests.CreateMarketGroup
GetMarketPositions = _requests.GetMarketPositions
EditAuction = _requests.EditAuction
SetSudo = _requests.SetSudo

# Gifts and owner credits (issue 17)
Gift = _requests.Gift
RedistributeOwnerCredit = _requests.RedistributeOwnerCredit
OwnerCreditRedistributed = _account.OwnerCreditRedistributed
# Redeem codes (docs/transfers.md)
CreateRedeemCode = _redeem_code.CreateRedeemCode
ClaimRedeemCode = _redeem_code.ClaimRedeemCode
RedeemCodeCreated = _redeem_code.RedeemCodeCreated
RedeemCodeClaimed = _redeem_code.RedeemCodeClaimed
GetRedeemCodes = _redeem_code.GetRedeemCodes
RedeemCodeInfo = _redeem_code.RedeemCodeInfo
RedeemCodes = _redeem_code.RedeemCodes
