import { describe, expect, it } from 'vitest';
import { watchSpaced } from './pnl-loader';

describe('watchSpaced', () => {
  it('asks for one unloaded market per gap, takes loaded ones at once, and stops', () => {
    const pending: { fn: () => void; ms: number }[] = [];
    const watched: bigint[] = [];
    const stopped: bigint[] = [];
    const stop = watchSpaced(
      [1n, 2n, 3n, 4n],
      (id) => {
        watched.push(id);
        return () => stopped.push(id);
      },
      (id) => id === 2n,
      350,
      (fn, ms) => pending.push({ fn, ms }),
      () => pending.splice(0),
    );
    expect(watched).toEqual([1n]);
    expect(pending.map((p) => p.ms)).toEqual([350]);
    pending.shift()!.fn();
    expect(watched).toEqual([1n, 2n, 3n]); // 2 was loaded: no wait before 3
    pending.shift()!.fn();
    expect(watched).toEqual([1n, 2n, 3n, 4n]);
    expect(pending).toEqual([]); // nothing after the last
    stop();
    expect(stopped).toEqual([1n, 2n, 3n, 4n]);
  });

  it('cancels the pending step when stopped early', () => {
    const pending: (() => void)[] = [];
    const watched: bigint[] = [];
    const stop = watchSpaced([1n, 2n], (id) => (watched.push(id), () => {}), () => false, 350, (fn) => pending.push(fn), () => pending.splice(0));
    stop();
    expect(pending).toEqual([]);
    expect(watched).toEqual([1n]);
  });
});
