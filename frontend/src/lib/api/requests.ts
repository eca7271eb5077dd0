// One method per protocol request, each awaiting its expected reply, built from a send
// function (the transport) and a lookup of a market's current state (for edits). The store
// mixes the resulting object into itself, so components call `api.createOrder(...)`.
import {
  MarketStatus,
  type Account,
  type Auction,
  type AuctionDeleted,
  type AuctionSettled,
  type Market,
  type MarketGroup,
  type MarketPositions,
  type MarketSettled,
  type MarketType,
  type MarketTypeDeleted,
  type OptionContracts,
  type OptionExercised,
  type OptionExercises,
  type OrderCreated,
  type Orders,
  type OrdersCancelled,
  type Out,
  type RedeemCodeClaimed,
  type RedeemCodeCreated,
  type RedeemCodes,
  type ServerMessage,
  type Side,
  type Trades,
  type Transfer,
  type Universe,
} from '@exchange/schema';
import type { OwnershipChange } from './ownership';
import { RequestError, type Reply, type ReplyCase, type RequestInit } from './types';

/**
 * Sends a request; resolves with the first message carrying its request_id, rejects with
 * RequestError on RequestFailed, on timeout, or when the connection drops first.
 */
export type Send = (message: RequestInit) => Promise<ServerMessage>;

/** Awaits the reply to `message` and checks that it is of the expected kind. */
export async function expectReply<C extends ReplyCase>(send: Send, message: RequestInit, replyCase: C): Promise<Reply<C>> {
  const reply = await send(message);
  if (reply.message.case !== replyCase) {
    throw new RequestError(String(message.case), `Unexpected reply ${reply.message.case}`);
  }
  return reply.message.value as Reply<C>;
}

export type Requests = ReturnType<typeof createRequests>;

/**
 * The request methods over `send`; `knownMarket` gives the market as last received (not yet
 * necessarily published); `owned` hears of ownership changes the server accepted (the
 * requester gets no re-sync for them, ownership.ts).
 */
export function createRequests(
  send: Send,
  knownMarket: (id: bigint) => Market | undefined,
  owned: (change: OwnershipChange) => void = () => undefined,
) {
  const expect = <C extends ReplyCase>(message: RequestInit, replyCase: C) => expectReply(send, message, replyCase);
  return {
    createOrder(order: { marketId: bigint; side: Side; price: number; size: number }): Promise<OrderCreated> {
      return expect({ case: 'createOrder', value: order }, 'orderCreated');
    },

    cancelOrder(orderId: bigint): Promise<OrdersCancelled> {
      return expect({ case: 'cancelOrder', value: { id: orderId } }, 'ordersCancelled');
    },

    /** Cancels the acting account's orders: in one market, or everywhere when marketId is omitted. */
    out(filter: { marketId?: bigint; side?: Side } = {}): Promise<Out> {
      return expect({ case: 'out', value: filter }, 'out');
    },

    createMarket(market: {
      name: string;
      description: string;
      minSettlement: number;
      maxSettlement: number;
      typeId?: bigint;
      groupId?: bigint;
      redeemableFor?: { constituentId: bigint; multiplier: bigint }[];
      redeemFee?: number;
      hideAccountIds?: boolean;
      visibleTo?: bigint[];
      /** An option market (options.md 2): expiration in Unix seconds, omitted for none. */
      option?: { underlyingMarketId: bigint; strikePrice: number; isCall: boolean; expirationDate?: { seconds: bigint } };
    }): Promise<Market> {
      return expect({ case: 'createMarket', value: market }, 'market');
    },

    /** Exercises `amount` of one contract the acting account holds (options.md 4). */
    exerciseOption(optionMarketId: bigint, contractId: bigint, amount: number): Promise<OptionExercised> {
      return expect({ case: 'exerciseOption', value: { optionMarketId, contractId, amount } }, 'optionExercised');
    },

    /** The acting account's live contracts (as holder or writer) in one option market. */
    getOptionContracts(marketId: bigint): Promise<OptionContracts> {
      return expect({ case: 'getOptionContracts', value: { marketId } }, 'optionContracts');
    },

    /** The acting account's exercises in one option market, or in all (0); our extension. */
    getOptionExercises(marketId = 0n): Promise<OptionExercises> {
      return expect({ case: 'getOptionExercises', value: { marketId } }, 'optionExercises');
    },

    /**
     * Edits a market. The server always writes `status` (protocol.md 3.3.17), so the market's
     * current status is sent unless a new one is given; `visibleTo` (even empty) replaces the
     * visibility list.
     */
    editMarket(
      id: bigint,
      changes: {
        name?: string;
        description?: string;
        pinned?: boolean;
        hideAccountIds?: boolean;
        visibleTo?: bigint[];
        status?: MarketStatus;
      },
    ): Promise<Market> {
      const current = knownMarket(id);
      const status = changes.status ?? current?.status ?? MarketStatus.OPEN;
      const { visibleTo, ...rest } = changes;
      const value = {
        id,
        ...rest,
        status,
        ...(visibleTo !== undefined ? { updateVisibleTo: true, visibleTo } : {}),
      };
      return expect({ case: 'editMarket', value }, 'market');
    },

    settleMarket(marketId: bigint, settlePrice: number): Promise<MarketSettled> {
      return expect({ case: 'settleMarket', value: { marketId, settlePrice } }, 'marketSettled');
    },

    redeem(fundId: bigint, amount: number): Promise<unknown> {
      return expect({ case: 'redeem', value: { fundId, amount } }, 'redeemed');
    },

    makeTransfer(transfer: { fromAccountId: bigint; toAccountId: bigint; amount: number; note: string }): Promise<Transfer> {
      return expect({ case: 'makeTransfer', value: transfer }, 'transferCreated');
    },

    /**
     * (Sudo admin, or a universe's owner there) Clips for any account, created from nothing:
     * no one is debited and no owner credit changes (Gift).
     */
    gift(toAccountId: bigint, amount: number, note: string): Promise<Transfer> {
      return expect({ case: 'gift', value: { toAccountId, amount, note } }, 'transferCreated');
    },

    /** (Sudo admin) One owner's whole credit in a shared account goes to its other owners. */
    redistributeOwnerCredit(accountId: bigint, fromOwnerId: bigint): Promise<unknown> {
      return expect({ case: 'redistributeOwnerCredit', value: { accountId, fromOwnerId } }, 'ownerCreditRedistributed');
    },

    /** An alt; in a universe one owns, with a starting balance (cohorts.md 5.4). */
    createAccount(ownerId: bigint, name: string, extra: { universeId?: bigint; initialBalance?: number; color?: string } = {}): Promise<Account> {
      return expect({ case: 'createAccount', value: { ownerId, name, ...extra } }, 'accountCreated');
    },

    /** A new universe owned by us (cohorts.md 5.3). */
    createUniverse(name: string, description = ''): Promise<Universe> {
      return expect({ case: 'createUniverse', value: { name, description } }, 'universe');
    },

    async shareOwnership(ofAccountId: bigint, toAccountId: bigint): Promise<unknown> {
      const reply = await expect({ case: 'shareOwnership', value: { ofAccountId, toAccountId } }, 'ownershipGiven');
      owned({ accountId: ofAccountId, ownerId: toAccountId, owns: true });
      return reply;
    },

    async revokeOwnership(ofAccountId: bigint, fromAccountId: bigint): Promise<unknown> {
      const reply = await expect({ case: 'revokeOwnership', value: { ofAccountId, fromAccountId } }, 'ownershipRevoked');
      owned({ accountId: ofAccountId, ownerId: fromAccountId, owns: false });
      return reply;
    },

    createAuction(auction: { name: string; description: string; imageFilename: string; binPrice?: number }): Promise<Auction> {
      return expect({ case: 'createAuction', value: auction }, 'auction');
    },

    editAuction(
      id: bigint,
      changes: { name?: string; description?: string; imageFilename?: string; binPrice?: number },
    ): Promise<Auction> {
      return expect({ case: 'editAuction', value: { id, ...changes } }, 'auction');
    },

    deleteAuction(auctionId: bigint): Promise<AuctionDeleted> {
      return expect({ case: 'deleteAuction', value: { auctionId } }, 'auctionDeleted');
    },

    /** Buy it now: the buyer is the signed-in user U (not the acting account). */
    buyAuction(auctionId: bigint): Promise<AuctionSettled> {
      return expect({ case: 'buyAuction', value: { auctionId } }, 'auctionSettled');
    },

    /**
     * Admin sale. Single buyer: `buyerId` pays `settlePrice` (−1 = the buy-it-now price).
     * Split: `contributions` (amounts adding up to `settlePrice`) and an optional labelled
     * owner among them (`ownerId`; none when omitted).
     */
    settleAuction(
      auctionId: bigint,
      buyerId: bigint,
      settlePrice: number,
      split?: { contributions: { buyerId: bigint; amount: number }[]; ownerId?: bigint },
    ): Promise<AuctionSettled> {
      const value = split
        ? { auctionId, settlePrice, contributions: split.contributions, ...(split.ownerId ? { ownerId: split.ownerId } : {}) }
        : { auctionId, buyerId, settlePrice };
      return expect({ case: 'settleAuction', value }, 'auctionSettled');
    },

    createMarketType(type: { name: string; description: string; public: boolean }): Promise<MarketType> {
      return expect({ case: 'createMarketType', value: type }, 'marketType');
    },

    deleteMarketType(marketTypeId: bigint): Promise<MarketTypeDeleted> {
      return expect({ case: 'deleteMarketType', value: { marketTypeId } }, 'marketTypeDeleted');
    },

    createMarketGroup(group: { name: string; description: string; typeId: bigint }): Promise<MarketGroup> {
      return expect({ case: 'createMarketGroup', value: group }, 'marketGroup');
    },

    getMarketPositions(marketId: bigint): Promise<MarketPositions> {
      return expect({ case: 'getMarketPositions', value: { marketId } }, 'marketPositions');
    },

    getFullTradeHistory(marketId: bigint): Promise<Trades> {
      return expect({ case: 'getFullTradeHistory', value: { marketId } }, 'trades');
    },

    getFullOrderHistory(marketId: bigint): Promise<Orders> {
      return expect({ case: 'getFullOrderHistory', value: { marketId } }, 'orders');
    },

    /** Redeem codes (additions.md 1): minting needs sudo; anyone may claim. */
    createRedeemCode(amount: number): Promise<RedeemCodeCreated> {
      return expect({ case: 'createRedeemCode', value: { amount } }, 'redeemCodeCreated');
    },

    claimRedeemCode(code: string): Promise<RedeemCodeClaimed> {
      return expect({ case: 'claimRedeemCode', value: { code } }, 'redeemCodeClaimed');
    },

    /** Our extension: every minted code of the cohort, newest first (sudo admins). */
    getRedeemCodes(): Promise<RedeemCodes> {
      return expect({ case: 'getRedeemCodes', value: {} }, 'redeemCodes');
    },
  };
}
