// What a trader should be told about, decided from one live server message before it is
// applied (the settlement payout needs the position the message is about to remove): a resting
// order of ours filled by someone else, a market we hold settled, money sent to us. Pure: the
// store passes what it knows through `NoticeContext`; the layout turns notices into toasts.
import { Side, type OrderCreated, type ServerMessage } from '@exchange/schema';
import type { Model } from './model';

export type Notice =
  /** Resting orders of `accountId` filled by one incoming order (summed; price averaged). */
  | { kind: 'fill'; accountId: bigint; marketId: bigint; side: Side; size: number; price: number }
  /** A market `accountId` held settled: it receives position × price. */
  | { kind: 'settled'; accountId: bigint; marketId: bigint; position: number; price: number; payout: number }
  /** A transfer into `accountId` from outside our accounts. */
  | { kind: 'received'; accountId: bigint; fromId: bigint; amount: number; note: string };

export interface NoticeContext {
  /** Whether the account is ours (the user or an owned account). */
  isOwned(accountId: bigint): boolean;
  /** Each of our accounts with its current (pre-message) position in the market. */
  positions(marketId: bigint): { accountId: bigint; position: number }[];
}

/** What the store's model knows, as a NoticeContext. */
export function noticeContext(model: Pick<Model, 'userId' | 'portfolios'>): NoticeContext {
  return {
    isOwned: (id) => id === model.userId || model.portfolios.has(id),
    positions: (marketId) =>
      [...model.portfolios.values()].map((p) => ({
        accountId: p.accountId,
        position: p.marketExposures.find((e) => e.marketId === marketId)?.position ?? 0,
      })),
  };
}

type Fill = OrderCreated['fills'][number];

/** The size-weighted average price of fills (undefined when nothing filled). */
export function averageFillPrice(fills: readonly Pick<Fill, 'price' | 'sizeFilled'>[]): number | undefined {
  let size = 0;
  let value = 0;
  for (const f of fills) {
    size += f.sizeFilled;
    value += f.sizeFilled * f.price;
  }
  return size > 0 ? value / size : undefined;
}

function fillNotices(oc: OrderCreated, ctx: NoticeContext): Notice[] {
  // One notice per filled account and side, in the order the fills came.
  const groups = new Map<string, Fill[]>();
  for (const fill of oc.fills) {
    if (fill.sizeFilled <= 0 || !ctx.isOwned(fill.ownerId)) continue;
    // Our own order taking liquidity is told by the order form, not here.
    if (fill.ownerId === oc.accountId) continue;
    const key = `${fill.ownerId}:${fill.side}`;
    const list = groups.get(key) ?? [];
    list.push(fill);
    groups.set(key, list);
  }
  return [...groups.values()].map((fills) => ({
    kind: 'fill',
    accountId: fills[0].ownerId,
    marketId: oc.marketId,
    side: fills[0].side,
    size: fills.reduce((s, f) => s + f.sizeFilled, 0),
    price: averageFillPrice(fills)!,
  }));
}

/** The notices one server message gives rise to (call only for live messages). */
export function noticesFor(message: ServerMessage['message'], ctx: NoticeContext): Notice[] {
  switch (message.case) {
    case 'orderCreated':
      return fillNotices(message.value, ctx);
    case 'marketSettled': {
      const { id, settlePrice } = message.value;
      return ctx
        .positions(id)
        .filter((p) => p.position !== 0)
        .map((p) => ({ kind: 'settled', accountId: p.accountId, marketId: id, position: p.position, price: settlePrice, payout: p.position * settlePrice }));
    }
    case 'transferCreated': {
      const t = message.value;
      if (!ctx.isOwned(t.toAccountId) || ctx.isOwned(t.fromAccountId) || t.amount <= 0) return [];
      return [{ kind: 'received', accountId: t.toAccountId, fromId: t.fromAccountId, amount: t.amount, note: t.note }];
    }
    default:
      return [];
  }
}

export interface NoticeNames {
  account(id: bigint): string;
  market(id: bigint): string;
  price(value: number): string;
  size(value: number): string;
  money(value: number): string;
  /** Whether to name the account (more than one of ours could be meant). */
  nameAccounts: boolean;
}

/** The toast text of a notice. */
export function noticeText(n: Notice, names: NoticeNames): { title: string; description: string } {
  const whose = names.nameAccounts ? ` (${names.account(n.accountId)})` : '';
  switch (n.kind) {
    case 'fill': {
      const what = n.side === Side.BID ? 'Bought' : 'Sold';
      return {
        title: `${what} ${names.size(n.size)} @ ${names.price(n.price)}`,
        description: `Your resting ${n.side === Side.BID ? 'bid' : 'offer'} in ${names.market(n.marketId)} was filled${whose}`,
      };
    }
    case 'settled':
      return {
        title: `${names.market(n.marketId)} settled at ${names.price(n.price)}`,
        description: `Your position ${names.size(n.position)} pays ${names.money(n.payout)}${whose}`,
      };
    case 'received':
      return {
        title: `Received ${names.money(n.amount)} from ${names.account(n.fromId)}`,
        description: `${n.note ? `“${n.note}”` : 'Transfer'}${whose}`,
      };
  }
}
