// The market page's keyboard shortcuts: which key does what, and when keys are left alone.
// While typing in a field only Enter (submits the order form, natively) and Escape (leaves the
// field, so the letters work again) count; modifiers never trigger a shortcut.

export type KeyAction = 'buy' | 'sell' | 'price' | 'size' | 'submit' | 'cancel-all' | 'help' | 'leave-field';

export const SHORTCUTS: readonly { keys: string; action: KeyAction; what: string }[] = [
  { keys: 'B', action: 'buy', what: 'Buy: choose the bid side and go to the price' },
  { keys: 'S', action: 'sell', what: 'Sell: choose the offer side and go to the price' },
  { keys: 'P', action: 'price', what: 'Go to the price field' },
  { keys: 'Z', action: 'size', what: 'Go to the size field' },
  { keys: 'Enter', action: 'submit', what: 'Place the order (also from the price and size fields)' },
  { keys: 'X', action: 'cancel-all', what: 'Cancel all your orders in this market (asks first)' },
  { keys: 'Esc', action: 'leave-field', what: 'Leave the field you are typing in' },
  { keys: '?', action: 'help', what: 'Show these shortcuts' },
];

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** Whether focus is in a text field, select or editable element. */
  typing: boolean;
  /** Whether focus is on a control Enter already activates (a button or link). */
  onControl?: boolean;
}

/** The shortcut a key press means, if any. */
export function keyAction(e: KeyInput): KeyAction | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  if (e.typing) return e.key === 'Escape' ? 'leave-field' : undefined;
  if (e.key === 'Enter') return e.onControl ? undefined : 'submit';
  if (e.key === '?') return 'help';
  switch (e.key.toLowerCase()) {
    case 'b':
      return 'buy';
    case 's':
      return 'sell';
    case 'p':
      return 'price';
    case 'z':
      return 'size';
    case 'x':
      return 'cancel-all';
    default:
      return undefined;
  }
}

/** Whether an element takes typed text (so letter keys belong to it). */
export function isTyping(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file'].includes(type);
  }
  return (el as HTMLElement).isContentEditable === true;
}
