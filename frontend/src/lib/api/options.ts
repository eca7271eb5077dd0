// The store's options with every default filled in.
import { defaultUrl } from './connection';
import type { ApiOptions, ResolvedOptions, SocketLike } from './types';

function defaultSchedule(flush: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    flush();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
  // Background tabs get no animation frames; don't let replies wait for one.
  setTimeout(run, 100);
}

export function resolveOptions(options: ApiOptions): ResolvedOptions {
  return {
    url: options.url ?? defaultUrl,
    createSocket: options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike),
    schedule: options.schedule ?? defaultSchedule,
    storage: options.storage === undefined ? (globalThis.localStorage ?? null) : options.storage,
    requestTimeoutMs: options.requestTimeoutMs ?? 20_000,
    backoff: options.backoff ?? { initialMs: 500, maxMs: 10_000 },
    onError: options.onError,
    onUnauthorized: options.onUnauthorized,
    onNotice: options.onNotice,
  };
}
