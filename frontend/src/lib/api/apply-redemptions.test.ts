// Fund redemptions kept per fund (additions.md 6.3) and traded_market_ids kept across
// portfolio updates (6.2), in the plain model.
import { describe, expect, it } from 'vitest';
import { msg, type ServerInit } from '../test/fake-server';
import { create } from '@bufbuild/protobuf';
import { RedeemedSchema, type Trades } from '@exchange/schema';
import { applyMessage } from './apply';
import { applyTrades } from './apply-markets';
import { Model } from './model';

const apply = (model: Model, init: ServerInit) => applyMessage(model, msg(init), { live: true });
const fund = { id: 3n, name: 'Fund', maxSettlement: 100, transactionId: 1n, marketState: { case: 'open' as const, value: {} } };

describe('redemptions and traded markets', () => {
  it('keeps a fund’s redemptions from its full history, appends live ones once, drops them on a re-send', () => {
    const model = new Model();
    apply(model, { message: { case: 'market', value: fund } });
    // Before the full history: a live redemption is not kept (the history will list it).
    apply(model, { message: { case: 'redeemed', value: { accountId: 5n, fundId: 3n, amount: 1, transactionId: 4n } } });
    expect(model.markets.get(3n)?.redemptions).toEqual([]);
    // A fund's full trade history carries its redemptions (additions.md 6.3).
    const first = { accountId: 5n, fundId: 3n, amount: 1, transactionId: 4n };
    applyTrades(model, { marketId: 3n, trades: [], hasFullHistory: true, redemptions: [create(RedeemedSchema, first)] } as unknown as Trades, { live: true });
    expect(model.markets.get(3n)?.redemptions.map((r) => r.transactionId)).toEqual([4n]);
    const live = { accountId: 6n, fundId: 3n, amount: -2, transactionId: 7n };
    expect(apply(model, { message: { case: 'redeemed', value: live } })).toEqual([{ kind: 'marketChanged', marketId: 3n }]);
    apply(model, { message: { case: 'redeemed', value: live } });
    expect(model.markets.get(3n)?.redemptions.map((r) => r.amount)).toEqual([1, -2]);
    apply(model, { message: { case: 'trades', value: { marketId: 3n, hasFullHistory: false } } });
    expect(model.markets.get(3n)?.redemptions).toEqual([]);
  });

  it('keeps traded_market_ids when a portfolio update leaves it empty', () => {
    const model = new Model();
    apply(model, { message: { case: 'portfolios', value: { portfolios: [{ accountId: 5n, tradedMarketIds: [1n, 3n] }] } } });
    apply(model, { message: { case: 'portfolioUpdated', value: { accountId: 5n, totalBalance: 9 } } });
    expect(model.portfolios.get(5n)?.tradedMarketIds).toEqual([1n, 3n]);
    expect(model.portfolios.get(5n)?.totalBalance).toBe(9);
  });
});
