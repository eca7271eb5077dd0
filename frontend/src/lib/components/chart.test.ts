import { describe, expect, it } from 'vitest';
import { axisRange, settlementOf } from './chart';

describe('price chart axis', () => {
  it('is empty without prices', () => {
    expect(axisRange([])).toBeNull();
  });

  it('puts a single trade in the middle of a range from the settlement bounds', () => {
    expect(axisRange([50], undefined, { min: 0, max: 100 })).toEqual({ minValue: 40, maxValue: 60 });
    expect(axisRange([0.5])).toEqual({ minValue: -0.5, maxValue: 1.5 });
  });

  it('pads a range of prices by a tenth, and takes in the settlement price', () => {
    expect(axisRange([40, 60])).toEqual({ minValue: 38, maxValue: 62 });
    expect(axisRange([40, 60], 80)).toEqual({ minValue: 36, maxValue: 84 });
  });

  it('reads the settlement price of a closed market only', () => {
    expect(settlementOf({ marketState: { case: 'closed', value: { settlePrice: 72 } } })).toBe(72);
    expect(settlementOf({ marketState: { case: 'open', value: {} } })).toBeUndefined();
    expect(settlementOf(undefined)).toBeUndefined();
  });
});
