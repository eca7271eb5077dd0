// Starred markets, remembered across reloads in localStorage.
const KEY = 'exchange.starredMarkets';

function load(): Set<string> {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    const list = raw ? (JSON.parse(raw) as unknown) : [];
    return new Set(Array.isArray(list) ? list.map(String) : []);
  } catch {
    return new Set();
  }
}

class Stars {
  ids = $state.raw<ReadonlySet<string>>(load());

  has(id: bigint): boolean {
    return this.ids.has(String(id));
  }

  toggle(id: bigint): void {
    const next = new Set(this.ids);
    const key = String(id);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    this.ids = next;
    try {
      globalThis.localStorage?.setItem(KEY, JSON.stringify([...next]));
    } catch {
      /* storage full or disabled: the star lasts for this visit */
    }
  }
}

export const stars = new Stars();
