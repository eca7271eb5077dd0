import { describe, expect, it } from 'vitest';
import { mayContact, shownDescription } from './description';

describe('auction description', () => {
  it('cuts the contact and pickup part for other viewers', () => {
    expect(shownDescription('Signed book. Contact: ada@example.org', false)).toEqual({ text: 'Signed book.', hidden: true });
    expect(shownDescription('Mug\nPICKUP: room 4', false)).toEqual({ text: 'Mug', hidden: true });
    expect(shownDescription('Signed book. Contact: ada@example.org', true).text).toBe('Signed book. Contact: ada@example.org');
    expect(shownDescription('Nothing private', false)).toEqual({ text: 'Nothing private', hidden: false });
  });

  it('lets the seller, the labelled owner and every contributor see it', () => {
    const sold = { ownerId: 1n, buyerId: 2n, buyers: [{ accountId: 2n }, { accountId: 3n }] };
    expect(mayContact(sold, new Set([1n]))).toBe(true);
    expect(mayContact(sold, new Set([2n]))).toBe(true);
    expect(mayContact(sold, new Set([3n]))).toBe(true);
    expect(mayContact(sold, new Set([4n]))).toBe(false);
    expect(mayContact({ ownerId: 1n, buyerId: 0n, buyers: [] }, new Set([0n]))).toBe(false);
  });
});
