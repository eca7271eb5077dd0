// How each server message changes the plain model, as a table from message kind to handler.
// Handlers change the model (the live one, or a snapshot being built that replaces it at
// ActingAs) and return effects for the store to carry out (effects.ts); they never call back
// into the store. The market messages are in apply-markets.ts.
import type { ActingAs, Auction, AuctionSettled, OptionExercised, ServerMessage } from '@exchange/schema';
import {
  applyMarket,
  applyMarketSettled,
  applyOrderCreated,
  applyOrders,
  applyOrdersCancelled,
  applyTrades,
  applyMarketStatusChanges,
} from './apply-markets';
import { changed, marketChanged, type ApplyContext, type Effect } from './effects';
import { touchTx, type Model } from './model';
import { exerciseKey } from '../options/exercise-history';

type Message = ServerMessage['message'];
type Case = NonNullable<Message['case']>;
type Value<C extends Case> = Extract<Message, { case: C }>['value'];
type Handler<C extends Case> = (model: Model, value: Value<C>, ctx: ApplyContext) => Effect[];

function applyActingAs(model: Model, value: ActingAs, ctx: ApplyContext): Effect[] {
  if (ctx.impersonated !== undefined && ctx.impersonated === value.accountId) model.userId = ctx.impersonated;
  model.actingAs = value.accountId;
  const effects = [changed('identity')];
  // Another universe: its markets follow (cohorts.md 5.5); the old universe's are gone.
  if (ctx.live && value.universeId !== model.universeId) {
    model.markets.clear();
    effects.push(changed('allMarkets'));
  }
  model.universeId = value.universeId;
  // Remember it for the next sign-in, unless it belongs to an impersonated user (a new
  // connection starts as ourselves and could not act as it).
  if (model.userId === model.authenticatedId) effects.push({ kind: 'rememberActAs', accountId: value.accountId });
  if (!ctx.live) effects.push({ kind: 'snapshotComplete' });
  return effects;
}

function applyAuction(model: Model, auction: Auction, ctx: ApplyContext): Effect[] {
  model.auctions.set(auction.id, auction);
  const effects = [changed('auctions')];
  if (ctx.live) effects.push({ kind: 'listed', what: 'auction', id: auction.id });
  return effects;
}

function applyAuctionSettled(model: Model, settled: AuctionSettled): Effect[] {
  const a = model.auctions.get(settled.id);
  if (a) {
    model.auctions.set(a.id, {
      ...a,
      buyerId: settled.buyerId,
      // An Auction lists its buyers by account id; AuctionSettled has them in request order.
      buyers: [...settled.buyers].sort((x, y) => (x.accountId < y.accountId ? -1 : x.accountId > y.accountId ? 1 : 0)),
      status: {
        case: 'closed',
        value: { $typeName: 'websocket_api.Auction.Closed', settlePrice: settled.settlePrice },
      },
    });
  }
  return [changed('auctions')];
}

/** Keeps an exercise if one of our accounts took part (OptionExercised is broadcast to all). */
function keepExercise(model: Model, e: OptionExercised): boolean {
  const ours = (id: bigint) => id === model.userId || model.portfolios.has(id);
  if (!ours(e.exerciserId) && !ours(e.counterpartyId)) return false;
  model.exercises.set(exerciseKey(e), e);
  return true;
}

/** Replies that change no state by themselves (the re-sync that follows does) have none. */
const HANDLERS: { [C in Case]?: Handler<C> } = {
  authenticated(model, value) {
    model.userId = model.authenticatedId = value.accountId;
    model.isCohortMember = value.isCohortMember;
    model.auctionEnabled = value.auctionEnabled;
    model.isAdmin = value.isAdmin;
    return [changed('identity')];
  },
  actingAs: applyActingAs,
  sudoStatus(model, value) {
    model.sudo = value.enabled;
    return [changed('identity')];
  },
  portfolios(model, value) {
    model.portfolios = new Map(value.portfolios.map((p) => [p.accountId, p]));
    return [changed('portfolios')];
  },
  portfolioUpdated(model, value) {
    // traded_market_ids comes only in `portfolios` (additions.md 6.2): keep the last known list.
    const before = model.portfolios.get(value.accountId);
    if (before && !value.tradedMarketIds?.length) value = { ...value, tradedMarketIds: before.tradedMarketIds };
    model.portfolios.set(value.accountId, value);
    return [changed('portfolios')];
  },
  transfers(model, value) {
    // Every transfer touching our owned set: a full list (snapshot, ownership re-sync,
    // impersonation), so it replaces what we had (accounts may have left the set).
    model.transfers = new Map();
    for (const t of value.transfers) {
      model.transfers.set(t.id, t);
      touchTx(model, t.transactionId);
    }
    return [changed('transfers')];
  },
  transferCreated(model, value) {
    model.transfers.set(value.id, value);
    touchTx(model, value.transactionId);
    return [changed('transfers')];
  },
  accounts(model, value, ctx) {
    // A single live entry is a rename announced by the HTTP API (cohorts.md 6.4): merge it.
    // A full list (never a single account: Hidden and we are always in it) replaces ours.
    if (ctx.live && value.accounts.length === 1) {
      model.accounts.set(value.accounts[0].id, value.accounts[0]);
      return [changed('accounts')];
    }
    model.accounts = new Map(value.accounts.map((a) => [a.id, a]));
    // Accounts opens a re-sent public block (after SetSudo or an ownership change).
    return ctx.live ? [changed('accounts'), { kind: 'publicBlockStarted' }] : [changed('accounts')];
  },
  universes(model, value) {
    model.universes = new Map(value.universes.map((u) => [u.id, u]));
    return [changed('universes')];
  },
  universe(model, value) {
    model.universes.set(value.id, value);
    return [changed('universes')];
  },
  accountCreated(model, value) {
    model.accounts.set(value.id, value);
    return [changed('accounts')];
  },
  marketTypes(model, value) {
    model.marketTypes = new Map(value.marketTypes.map((t) => [t.id, t]));
    return [changed('types')];
  },
  marketType(model, value) {
    model.marketTypes.set(value.id, value);
    return [changed('types')];
  },
  marketTypeDeleted(model, value) {
    model.marketTypes.delete(value.marketTypeId);
    return [changed('types')];
  },
  marketGroups(model, value) {
    model.marketGroups = new Map(value.marketGroups.map((g) => [g.id, g]));
    return [changed('groups')];
  },
  marketGroup(model, value) {
    model.marketGroups.set(value.id, value);
    return [changed('groups')];
  },
  market: applyMarket,
  marketSettled: applyMarketSettled,
  orders: applyOrders,
  trades: applyTrades,
  marketStatusChanges: applyMarketStatusChanges,
  orderCreated: applyOrderCreated,
  ordersCancelled: applyOrdersCancelled,
  auction: applyAuction,
  auctionSettled: applyAuctionSettled,
  auctionDeleted(model, value) {
    model.auctions.delete(value.auctionId);
    return [changed('auctions')];
  },
  optionExercised(model, value) {
    touchTx(model, value.transactionId);
    return keepExercise(model, value) ? [changed('exercises')] : [];
  },
  optionExercises(model, value) {
    // The acting account's exercises (our extension, issue 16): merged, never dropped.
    for (const e of value.exercises) {
      keepExercise(model, e);
      touchTx(model, e.transactionId);
    }
    return [changed('exercises')];
  },
  redeemed(model, value) {
    touchTx(model, value.transactionId);
    // Appended to a fund whose full history is loaded (additions.md 6.3), once.
    const fund = model.markets.get(value.fundId);
    if (!fund?.tradesFull) return [];
    if (fund.redemptions.some((r) => r.transactionId === value.transactionId && r.accountId === value.accountId)) return [];
    fund.redemptions.push(value);
    return [marketChanged(value.fundId)];
  },
};

/** Applies one server message to `model` and returns what the store should do about it. */
export function applyMessage(model: Model, message: ServerMessage, ctx: ApplyContext): Effect[] {
  const { case: kind, value } = message.message;
  if (kind === undefined) return [];
  const handler = HANDLERS[kind] as Handler<Case> | undefined;
  return handler ? handler(model, value as Value<Case>, ctx) : [];
}
