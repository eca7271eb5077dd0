// Whether the admin wants admin mode (sudo) in a cohort. The server starts every connection
// with sudo off (protocol.md 3.3.25); the store switches it on again after each login while
// this says so: across reconnects, reloads and links opened directly (one entry per cohort in
// the store's storage, forgotten at sign-out or when the admin turns it off).
type Storage = { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };

export function sudoKey(cohort: string): string {
  return cohort ? `exchange.${cohort}.sudo` : 'exchange.sudo';
}

export class SudoMemory {
  /** Without storage (tests, private mode): remembered for this page only. */
  private readonly local = new Set<string>();

  constructor(private readonly storage: Storage | null) {}

  wanted(cohort: string): boolean {
    try {
      if (this.storage) return this.storage.getItem(sudoKey(cohort)) === 'on';
    } catch {
      /* storage refused: fall back to memory */
    }
    return this.local.has(cohort);
  }

  set(cohort: string, on: boolean): void {
    if (on) this.local.add(cohort);
    else this.local.delete(cohort);
    try {
      if (on) this.storage?.setItem(sudoKey(cohort), 'on');
      else this.storage?.removeItem(sudoKey(cohort));
    } catch {
      /* storage refused: memory still knows */
    }
  }

  forget(cohort: string): void {
    this.set(cohort, false);
  }
}
