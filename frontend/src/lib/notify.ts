// Every failure reaches the person as a toast; nothing is swallowed.
import { toast } from 'svelte-sonner';
import { RequestError } from './api.svelte';

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
