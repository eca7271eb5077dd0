// Whether the admin wants admin mode (sudo) in a cohort. The server starts every connection
// with sudo off (protocol.md 3.3.25); the store switches it on again after each login while
// this says so: across reconnects, reloads and links opened directly (one entry per cohort in
// the store's storage, forgotten at sign-out or when the admin turns it off). The entry names
// the admin's account, so someone else signing in on the same browser does not inherit it.
type Storage = { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };

export function sudoKey(cohort: string): string {
  return cohort ? `exchange.${cohort}.sudo` : 'exchange.sudo';
}

export class SudoMemory {
  /** Without storage (tests, private mode): remembered for this page only. */
  private readonly local = new Map<string, string>();

  constructor(private readonly storage: Storage | null) {}

  /** Whether `account` (the signed-in admin) had admin mode on in `cohort`. */
  wanted(cohort: string, account: bigint | null): boolean {
    if (account === null) return false;
    let value = this.local.get(cohort);
    try {
      if (this.storage) value = this.storage.getItem(sudoKey(cohort)) ?? undefined;
    } catch {
      /* storage refused: fall back to memory */
    }
    return value === `on:${account}`;
  }

  set(cohort: string, on: boolean, account: bigint | null): void {
    const value = on && account !== null ? `on:${account}` : null;
    try {
      if (value) this.storage?.setItem(sudoKey(cohort), value);
      else this.storage?.removeItem(sudoKey(cohort));
    } catch {
      /* storage refused: memory still knows */
    }
    if (value) this.local.set(cohort, value);
    else this.local.delete(cohort);
  }

  forget(cohort: string): void {
    this.set(cohort, false, null);
  }
}
