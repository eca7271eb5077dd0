import { describe, expect, it } from 'vitest';
import { axisFor, customBounds, fitPrices, niceStep, snapOutward } from './axis';

describe('niceStep', () => {
  it('picks 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceStep(100)).toBe(20);
    expect(niceStep(10)).toBe(2);
    expect(niceStep(12)).toBe(2.5);
    expect(niceStep(0.3)).toBe(0.1);
    expect(niceStep(40)).toBe(10);
    expect(niceStep(0.001)).toBe(0.01); // never finer than a price tick
    expect(niceStep(0)).toBe(1);
  });
});

describe('fitPrices', () => {
  it('snaps the visible range outward to a nice step', () => {
    expect(snapOutward(41.3, 58.7)).toEqual({ min: 40, max: 60, step: 5 });
    expect(fitPrices([41.3, 58.7, 50])).toEqual({ min: 40, max: 60 });
    expect(fitPrices([0.1, 0.7])).toEqual({ min: 0, max: 0.8 }); // step 0.2
    expect(fitPrices([0.11, 0.13])).toEqual({ min: 0.11, max: 0.13 }); // step 0.01
  });

  it('puts ±10 % (at least ±1) around a single price', () => {
    expect(fitPrices([50])).toEqual({ min: 44, max: 56 }); // 45..55, step 2
    expect(fitPrices([5])).toEqual({ min: 4, max: 6 }); // ±1
    expect(fitPrices([0])).toEqual({ min: -1, max: 1 });
  });

  it('is empty without trades', () => {
    expect(fitPrices([])).toBeNull();
  });
});

describe('axisFor', () => {
  const settlement = { min: 0, max: 100 };
  it('uses the mode, falling back to the settlement range', () => {
    expect(axisFor('history', [41.3, 58.7], settlement, null)).toEqual({ min: 40, max: 60 });
    expect(axisFor('history', [], settlement, null)).toEqual(settlement);
    expect(axisFor('settlement', [41.3], settlement, null)).toEqual(settlement);
    expect(axisFor('custom', [41.3], settlement, { min: 30, max: 35 })).toEqual({ min: 30, max: 35 });
    expect(axisFor('custom', [41.3], settlement, null)).toEqual(settlement);
  });

  it('accepts custom bounds only when min is below max', () => {
    expect(customBounds('10', '20.5')).toEqual({ min: 10, max: 20.5 });
    expect(customBounds('20', '10')).toBeNull();
    expect(customBounds('', '10')).toBeNull();
    expect(customBounds('x', '10')).toBeNull();
  });
});
