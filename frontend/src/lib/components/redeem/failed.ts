// Failures of the redeem requests as the generic "<kind> failed" toast (additions.md 1.6).
import { toast } from 'svelte-sonner';
import { RequestError } from '$lib/api.svelte';
import { errorText } from '$lib/notify';

export function toastFailure(e: unknown): void {
  const title = e instanceof RequestError && e.kind ? `${e.kind} failed` : 'Request failed';
  toast.error(title, { description: errorText(e) });
}
