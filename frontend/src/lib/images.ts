// Auction images: checks before upload, the upload itself (POST /api/upload-image,
// multipart, first part named "file") and the address of a stored image.
//
// Auction.image_url is "/images/<file>"; the fetch address is <http base>/api + image_url
// (protocol.md 1.3). "/images/" (an empty stored name) means "no image".

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

export interface UploadedImage {
  filename: string;
  url: string;
}

/** Why the server would refuse this file, or null when it is fine. */
export function imageProblem(file: { type: string; size: number }): string | null {
  if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) return 'Choose a PNG, JPEG, GIF or WebP image';
  if (file.size === 0) return 'The file is empty';
  if (file.size > MAX_IMAGE_BYTES) {
    return `The image is ${(file.size / 1024 / 1024).toFixed(1)} MiB; at most 5 MiB is allowed`;
  }
  return null;
}

/** The HTTP base of the exchange (the app is served by the exchange itself). */
function httpBase(): string {
  return globalThis.location ? globalThis.location.origin : '';
}

/** The server's text in a refusal: `{"error": "..."}` or plain text. */
async function refusalText(response: Response): Promise<string> {
  const text = (await response.text().catch(() => '')).trim();
  if (text.startsWith('{')) {
    try {
      const body = JSON.parse(text) as { error?: unknown; message?: unknown };
      if (typeof body.error === 'string' && body.error) return body.error;
      if (typeof body.message === 'string' && body.message) return body.message;
    } catch {
      /* not JSON after all */
    }
  }
  return text.length > 300 ? '' : text;
}

export interface UploadOptions {
  /** The access token the app authenticates with (sent as `Authorization: Bearer`). */
  token?: string;
  fetcher?: typeof fetch;
  base?: string;
}

/** Uploads an image (signed in); resolves with the stored name, rejects with the server's text. */
export async function uploadImage(file: File, { token = '', fetcher = fetch, base = httpBase() }: UploadOptions = {}): Promise<UploadedImage> {
  const problem = imageProblem(file);
  if (problem) throw new Error(problem);
  const form = new FormData();
  form.append('file', file, file.name || 'image');
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let response: Response;
  try {
    response = await fetcher(`${base}/api/upload-image`, { method: 'POST', body: form, headers });
  } catch (e) {
    throw new Error(`Upload failed: ${(e as Error).message}`);
  }
  if (!response.ok) {
    const text = await refusalText(response);
    if (text) throw new Error(text);
    const fallback: Record<number, string> = {
      401: 'Sign in again to upload images',
      404: 'This server does not accept image uploads',
      413: 'The image is too large for the server',
      429: 'Too many uploads, try again later',
    };
    throw new Error(fallback[response.status] ?? `Upload failed (HTTP ${response.status})`);
  }
  const body = (await response.json()) as Partial<UploadedImage>;
  if (typeof body.filename !== 'string' || !body.filename) throw new Error('The server did not name the uploaded file');
  return { filename: body.filename, url: typeof body.url === 'string' ? body.url : `/api/images/${body.filename}` };
}

/** Where to fetch an auction's image, or null when it has none. */
export function auctionImageSrc(imageUrl: string | undefined, base = httpBase()): string | null {
  if (!imageUrl || imageUrl === '/images/' || !imageUrl.startsWith('/images/')) return null;
  return `${base}/api${imageUrl}`;
}

/** The stored file name inside an image_url ("" when none), for EditAuction. */
export function imageFilename(imageUrl: string | undefined): string {
  return imageUrl?.startsWith('/images/') ? imageUrl.slice('/images/'.length) : '';
}
