// The toast after placing an order: what filled at what average price (not the limit), and
// what rests in the book.
import { Side } from '@exchange/schema';
import { averageFillPrice } from './api/notices';
import { formatPrice, formatSize } from './format';

export function takerText(
  side: Side,
  fills: readonly { price: number; sizeFilled: number }[],
  resting: number,
  label: string,
): { title: string; description: string } {
  const filled = fills.reduce((s, f) => s + f.sizeFilled, 0);
  const rest = resting > 0 ? `${formatSize(resting)} resting` : 'nothing resting';
  const average = averageFillPrice(fills);
  if (average === undefined) return { title: label, description: `Nothing filled, ${rest}` };
  const verb = side === Side.BID ? 'Bought' : 'Sold';
  return { title: `${verb} ${formatSize(filled)} @ ${formatPrice(average)} (avg)`, description: `${label}: ${rest}` };
}
