// Copying text: the Clipboard API where the page is a secure context (https, localhost),
// otherwise the old select-and-copy through a hidden text area (plain http on a classroom LAN).

export async function copyText(text: string): Promise<void> {
  if (globalThis.navigator?.clipboard && globalThis.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      /* fall through to the old way */
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('The browser did not allow copying; select the text and copy it by hand');
}
