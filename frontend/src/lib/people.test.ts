import { create } from '@bufbuild/protobuf';
import { AccountSchema } from '@exchange/schema';
import { describe, expect, it } from 'vitest';
import { pickablePeople, selfSuffix } from './people';
import { availableAfterOrder } from './risk';
import { money } from './csv';

const account = (id: bigint, name: string, isUser = true) => create(AccountSchema, { id, name, isUser });
const accounts = [account(0n, 'Hidden', false), account(1n, 'Arbor Pixie'), account(2n, 'zoe'), account(3n, 'amy'), account(4n, 'bot', false)];

describe('people pickers', () => {
  it('offer people by name, without the seeded system account unless kept', () => {
    expect(pickablePeople(accounts).map((a) => a.name)).toEqual(['amy', 'zoe']);
    expect(pickablePeople(accounts, new Set([3n])).map((a) => a.name)).toEqual(['zoe']);
    expect(pickablePeople(accounts, new Set(), new Set([1n])).map((a) => a.name)).toEqual(['amy', 'Arbor Pixie', 'zoe']);
  });

  it('call only the signed-in person "you", not a user an admin impersonates', () => {
    expect(selfSuffix(2n, { userId: 2n, authenticatedId: 2n })).toBe(' (you)');
    expect(selfSuffix(3n, { userId: 2n, authenticatedId: 2n })).toBe('');
    expect(selfSuffix(2n, { userId: 2n, authenticatedId: 9n })).toBe(' (impersonated)');
    expect(selfSuffix(null, { userId: 2n, authenticatedId: 2n })).toBe('');
  });
});

describe('the funds check of a new order (rules.md 5.3-5.4)', () => {
  const none = undefined;
  it('takes the whole order at its limit against the available balance', () => {
    expect(availableAfterOrder(0, none, 0, 100, { bid: true, price: 50, size: 10 })).toBe(-500);
    expect(availableAfterOrder(0, none, 0, 100, { bid: true, price: 0, size: 10 })).toBe(0);
    expect(availableAfterOrder(100, none, 0, 100, { bid: false, price: 40, size: 1 })).toBe(40);
  });

  it('counts what the account already holds: selling a long position costs nothing', () => {
    const long = { position: 2, totalBidSize: 0, totalBidValue: 0, totalOfferSize: 0, totalOfferValue: 0 };
    expect(availableAfterOrder(0, long, 0, 100, { bid: false, price: 40, size: 2 })).toBe(0);
  });
});

describe('money in CSV', () => {
  it('keeps 2 to 4 decimals as the value has them', () => {
    expect(money(5)).toBe('5.00');
    expect(money(10.005)).toBe('10.005');
    expect(money(1.2345)).toBe('1.2345');
    expect(money(0.1 + 0.2)).toBe('0.30');
    expect(money(-0)).toBe('0.00');
  });
});
