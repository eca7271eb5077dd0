"""Auction requests (docs/auctions.md), mixed into :class:`RequestMethods`."""

from __future__ import annotations

from typing import Optional, Sequence, Tuple

from . import precision, proto
from .precision import Number


class AuctionMethods:
    """List, edit, settle (single or split), buy and delete auctions. Needs the host's
    ``request(field, payload, reply_field)``."""

    # Auctions -------------------------------------------------------------

    def create_auction(
        self, name: str, description: str = "", image_filename: str = "", bin_price: Optional[Number] = None
    ) -> proto.Auction:
        """Put an item up for auction, optionally with a buy-it-now price."""
        payload = proto.CreateAuction(name=name, description=description, image_filename=image_filename)
        if bin_price is not None:
            payload.bin_price = precision.quantize(bin_price, 2, "bin_price")
        return self.request("create_auction", payload, "auction")

    def edit_auction(
        self,
        auction_id: int,
        *,
        name: Optional[str] = None,
        description: Optional[str] = None,
        image_filename: Optional[str] = None,
        bin_price: Optional[Number] = None,
    ) -> proto.Auction:
        """Edit an auction you own (or any, as a sudo admin); only the arguments given change."""
        payload = proto.EditAuction(id=auction_id)
        if name is not None:
            payload.name = name
        if description is not None:
            payload.description = description
        if image_filename is not None:
            payload.image_filename = image_filename
        if bin_price is not None:
            payload.bin_price = precision.quantize(bin_price, 2, "bin_price")
        return self.request("edit_auction", payload, "auction")

    def settle_auction(
        self,
        auction_id: int,
        buyer_id: int = 0,
        settle_price: Number = -1,
        contributions: Optional[Sequence[Tuple[int, Number]]] = None,
        owner_id: Optional[int] = None,
    ) -> proto.AuctionSettled:
        """(Sudo admin) Record a sale.

        Single buyer: ``buyer_id`` pays ``settle_price`` (-1: the buy-it-now price). Split:
        ``contributions`` is a list of ``(buyer_id, amount)`` whose amounts add up to
        ``settle_price``; ``owner_id`` optionally names the contributor labelled as the item's
        owner (none if omitted). The result lists every buyer in ``buyers``.
        """
        payload = proto.SettleAuction(
            auction_id=auction_id, buyer_id=buyer_id, settle_price=precision.quantize(settle_price, 2, "settle_price")
        )
        for buyer, amount in contributions or ():
            payload.contributions.add(buyer_id=buyer, amount=precision.quantize(amount, 2, "amount"))
        if owner_id is not None:
            payload.owner_id = owner_id
        return self.request("settle_auction", payload, "auction_settled")

    def buy_auction(self, auction_id: int) -> proto.AuctionSettled:
        """Buy an auction's item at its buy-it-now price."""
        return self.request("buy_auction", proto.BuyAuction(auction_id=auction_id), "auction_settled")

    def delete_auction(self, auction_id: int) -> proto.AuctionDeleted:
        """Delete an auction you own (or any, as a sudo admin)."""
        return self.request("delete_auction", proto.DeleteAuction(auction_id=auction_id), "auction_deleted")
