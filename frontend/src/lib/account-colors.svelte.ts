// A colour per account, chosen by the person and remembered in this browser only
// (localStorage), to tell alts apart at a glance.
const KEY = 'exchange.accountColors';

export const ACCOUNT_COLORS = ['#2563eb', '#16a34a', '#dc2626', '#d97706', '#9333ea', '#0891b2', '#db2777', '#4b5563'];

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

function defaultStorage(): StorageLike | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export class AccountColors {
  colors = $state.raw<ReadonlyMap<string, string>>(new Map());

  constructor(private storage: StorageLike | null = defaultStorage()) {
    try {
      const raw = storage?.getItem(KEY);
      const parsed = raw ? (JSON.parse(raw) as unknown) : {};
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const entries = Object.entries(parsed as Record<string, unknown>).filter(
          (e): e is [string, string] => /^\d+$/.test(e[0]) && typeof e[1] === 'string' && /^#[0-9a-f]{6}$/i.test(e[1]),
        );
        this.colors = new Map(entries);
      }
    } catch {
      /* unreadable: start empty */
    }
  }

  get(id: bigint | null | undefined): string | undefined {
    return id === null || id === undefined ? undefined : this.colors.get(String(id));
  }

  /** Sets (or with undefined, clears) an account's colour. */
  set(id: bigint, color: string | undefined): void {
    const next = new Map(this.colors);
    if (color && /^#[0-9a-f]{6}$/i.test(color)) next.set(String(id), color);
    else next.delete(String(id));
    this.colors = next;
    try {
      this.storage?.setItem(KEY, JSON.stringify(Object.fromEntries(next)));
    } catch {
      /* storage full or disabled: the colour lasts for this visit */
    }
  }
}

export const accountColors = new AccountColors();
