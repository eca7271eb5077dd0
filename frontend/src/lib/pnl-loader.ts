// Loads many markets' full trade histories for the performance page without tripping the rate
// limit (additions.md 9.5): one GetFullTradeHistory every 350 ms (≈170 a minute, under the
// 180/min class), skipping markets already loaded. Each market stays watched (kept loaded,
// re-fetched after reconnects) until the returned stop function is called.

export const LOAD_GAP_MS = 350;

export function watchSpaced(
  ids: readonly bigint[],
  watch: (id: bigint) => () => void,
  isLoaded: (id: bigint) => boolean,
  gapMs = LOAD_GAP_MS,
  schedule: (fn: () => void, ms: number) => unknown = setTimeout,
  cancel: (handle: unknown) => void = (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
): () => void {
  const stops: (() => void)[] = [];
  let next = 0;
  let handle: unknown = null;
  let stopped = false;
  const step = () => {
    handle = null;
    // Loaded ones cost no request: take them at once, then one request and a pause.
    while (!stopped && next < ids.length) {
      const id = ids[next++];
      const loaded = isLoaded(id);
      stops.push(watch(id));
      if (!loaded) {
        if (next < ids.length) handle = schedule(step, gapMs);
        return;
      }
    }
  };
  step();
  return () => {
    stopped = true;
    if (handle !== null) cancel(handle);
    stops.forEach((stop) => stop());
  };
}
