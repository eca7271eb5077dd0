// The request methods built from a send function: what goes out, what comes back.
import { describe, expect, it } from 'vitest';
import { MarketStatus } from '@exchange/schema';
import { msg, type ServerInit } from '../test/fake-server';
import { createRequests } from './requests';
import { RequestError, type RequestInit } from './types';

function setup(reply: ServerInit['message'], status = MarketStatus.PAUSED) {
  const sent: RequestInit[] = [];
  const requests = createRequests(
    async (message) => {
      sent.push(message);
      return msg({ message: reply });
    },
    (id) => (id === 1n ? ({ status } as never) : undefined),
  );
  return { requests, sent };
}

describe('createRequests', () => {
  it('sends the request and resolves with the expected reply', async () => {
    const { requests, sent } = setup({ case: 'ordersCancelled', value: { marketId: 3n, orderIds: [7n] } });
    const reply = await requests.cancelOrder(7n);
    expect(reply.orderIds).toEqual([7n]);
    expect(sent).toEqual([{ case: 'cancelOrder', value: { id: 7n } }]);
  });

  it('rejects a reply of another kind', async () => {
    const { requests } = setup({ case: 'out', value: {} });
    const error = await requests.cancelOrder(7n).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).kind).toBe('cancelOrder');
  });

  it('edits keep the known status and replace visibility only when given', async () => {
    const { requests, sent } = setup({ case: 'market', value: { id: 1n } });
    await requests.editMarket(1n, { pinned: true });
    await requests.editMarket(2n, { visibleTo: [] });
    expect(sent[0]).toEqual({ case: 'editMarket', value: { id: 1n, pinned: true, status: MarketStatus.PAUSED } });
    expect(sent[1]).toEqual({ case: 'editMarket', value: { id: 2n, status: MarketStatus.OPEN, updateVisibleTo: true, visibleTo: [] } });
  });

  it('sends the option requests and awaits their replies', async () => {
    const exercise = setup({ case: 'optionExercised', value: { contractId: 4n, amount: 1 } });
    expect((await exercise.requests.exerciseOption(2n, 4n, 1)).contractId).toBe(4n);
    expect(exercise.sent).toEqual([{ case: 'exerciseOption', value: { optionMarketId: 2n, contractId: 4n, amount: 1 } }]);
    const contracts = setup({ case: 'optionContracts', value: { marketId: 2n, contracts: [{ id: 4n }] } });
    expect((await contracts.requests.getOptionContracts(2n)).contracts).toHaveLength(1);
    expect(contracts.sent).toEqual([{ case: 'getOptionContracts', value: { marketId: 2n } }]);
    const history = setup({ case: 'optionExercises', value: { marketId: 0n } });
    await history.requests.getOptionExercises();
    expect(history.sent).toEqual([{ case: 'getOptionExercises', value: { marketId: 0n } }]);
    const created = setup({ case: 'market', value: { id: 9n } });
    const option = { underlyingMarketId: 1n, strikePrice: 50, isCall: true, expirationDate: { seconds: 1000n } };
    await created.requests.createMarket({ name: 'U 50 Call', description: '', minSettlement: 0, maxSettlement: 50, option });
    expect(created.sent[0]).toMatchObject({ case: 'createMarket', value: { option } });
  });

  it('sends gifts and owner-credit redistributions and awaits their replies', async () => {
    const gift = setup({ case: 'transferCreated', value: { id: 5n, toAccountId: 3n, amount: 10 } });
    expect((await gift.requests.gift(3n, 10, 'prize')).id).toBe(5n);
    expect(gift.sent).toEqual([{ case: 'gift', value: { toAccountId: 3n, amount: 10, note: 'prize' } }]);
    const moved = setup({ case: 'ownerCreditRedistributed', value: {} });
    await moved.requests.redistributeOwnerCredit(4n, 2n);
    expect(moved.sent).toEqual([{ case: 'redistributeOwnerCredit', value: { accountId: 4n, fromOwnerId: 2n } }]);
  });
});
