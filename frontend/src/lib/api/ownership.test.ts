import { create } from '@bufbuild/protobuf';
import { PortfolioSchema } from '@exchange/schema';
import { describe, expect, it } from 'vitest';
import { Model } from './model';
import { applyOwnershipChange } from './ownership';
import { SudoMemory } from './sudo-memory';

describe('an accepted ShareOwnership / RevokeOwnership on the requester’s model', () => {
  it('adds the new owner with credit 0, and removes a revoked one', () => {
    const model = new Model();
    model.portfolios.set(7n, create(PortfolioSchema, { accountId: 7n, ownerCredits: [{ ownerId: 2n, credit: 30 }] }));
    expect(applyOwnershipChange(model, { accountId: 7n, ownerId: 3n, owns: true })).toEqual([{ kind: 'changed', part: 'portfolios' }]);
    expect(model.portfolios.get(7n)!.ownerCredits.map((c) => [c.ownerId, c.credit])).toEqual([[2n, 30], [3n, 0]]);
    applyOwnershipChange(model, { accountId: 7n, ownerId: 2n, owns: false });
    expect(model.portfolios.get(7n)!.ownerCredits.map((c) => c.ownerId)).toEqual([3n]);
  });

  it('ignores accounts whose portfolio we do not have', () => {
    expect(applyOwnershipChange(new Model(), { accountId: 1n, ownerId: 2n, owns: true })).toEqual([]);
  });
});

describe('admin mode remembered per cohort', () => {
  it('survives a new store on the same storage, until turned off or forgotten', () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), removeItem: (k: string) => void data.delete(k) };
    new SudoMemory(storage).set('spring', true, 5n);
    const later = new SudoMemory(storage);
    expect(later.wanted('spring', 5n)).toBe(true);
    expect(later.wanted('spring', 6n)).toBe(false); // someone else on this browser
    expect(later.wanted('autumn', 5n)).toBe(false);
    later.set('spring', false, 5n);
    expect(new SudoMemory(storage).wanted('spring', 5n)).toBe(false);
    const memoryOnly = new SudoMemory(null);
    memoryOnly.set('x', true, 1n);
    expect(memoryOnly.wanted('x', 1n)).toBe(true);
    memoryOnly.forget('x');
    expect(memoryOnly.wanted('x', 1n)).toBe(false);
  });
});
