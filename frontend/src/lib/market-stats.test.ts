import { describe, expect, it } from 'vitest';
import { categoryLabel, marketStats } from './market-stats';

describe('market list stats', () => {
  it('last price is the newest trade; volume sums the sizes', () => {
    expect(marketStats([])).toEqual({ last: undefined, volume: 0, trades: 0 });
    expect(marketStats([{ price: 40, size: 2 }, { price: 45, size: 0.5 }])).toEqual({ last: 45, volume: 2.5, trades: 2 });
  });

  it('category and group label', () => {
    expect(categoryLabel('Weather', 'Rain')).toBe('Weather · Rain');
    expect(categoryLabel('Weather', undefined)).toBe('Weather');
    expect(categoryLabel(undefined, undefined)).toBe('');
  });
});
