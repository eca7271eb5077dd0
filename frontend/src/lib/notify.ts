// Every failure reaches the person as a toast; nothing is swallowed.
import { toast } from 'svelte-sonner';
import { api, RequestError } from './api.svelte';
import { noticeText, type Notice } from './api/notices';
import { formatMoney, formatPrice, formatSize } from './format';

export function errorText(e: unknown): string {
  if (e instanceof RequestError) return e.message || `${e.kind} failed`;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Awaits a request; shows its failure (with `what` as the title) and returns undefined then. */
export async function attempt<T>(what: string, request: Promise<T>, success?: string): Promise<T | undefined> {
  try {
    const result = await request;
    if (success) toast.success(success);
    return result;
  } catch (e) {
    toast.error(what, { description: errorText(e) });
    return undefined;
  }
}

export function notifyError(message: string): void {
  toast.error(message);
}

/** A fill, settlement or incoming transfer (api/notices.ts) as a toast. */
export function showNotice(notice: Notice): void {
  const { title, description } = noticeText(notice, {
    account: (id) => api.accountName(id),
    market: (id) => api.markets.get(id)?.market.name ?? `market #${id}`,
    price: formatPrice,
    size: formatSize,
    money: formatMoney,
    nameAccounts: api.ownedAccountIds.length > 1,
  });
  // The class lets tests (and styles) tell notices from other toasts.
  const options = { description, class: `notice-${notice.kind}` };
  if (notice.kind === 'settled') toast.info(title, options);
  else toast.success(title, options);
}
