// The repository's documentation, bundled at build time and rendered as app pages:
// docs/*.md and clients/python/README.md become /docs/<slug>. Links between them are rewritten
// to app routes (`limits.md#x` -> `/docs/limits#x`), headings get GitHub-style ids and an
// anchor link, raw HTML in the markdown is shown as text. The component sanitises the result
// once more (DOMPurify) before it reaches the page.
import { Marked, type Token, type Tokens } from 'marked';

export interface DocPage {
  /** The route segment: /docs/<slug>. Never has a dot (the server 404s such SPA paths). */
  slug: string;
  /** The first level-1 heading, or the file name. */
  title: string;
  /** Path in the repository, e.g. docs/limits.md. */
  path: string;
  markdown: string;
}

/** Files glob keys are relative to this module (frontend/src/lib/). */
const fromHere = '../../../';

const docFiles = import.meta.glob('../../../docs/*.md', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const sdkFiles = import.meta.glob('../../../clients/python/README.md', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;

/** Special slugs; every other docs/<name>.md is /docs/<name>. */
const SLUGS: Record<string, string> = { 'clients/python/README.md': 'python' };
/** Reading order on the index (students first); the rest follow alphabetically. */
const ORDER = ['api', 'python', 'limits', 'authentication', 'getting-started', 'cohorts', 'performance'];

export function slugForPath(path: string): string {
  if (SLUGS[path]) return SLUGS[path];
  const base = path.split('/').pop() ?? path;
  return base
    .replace(/\.md$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-');
}

export function titleOf(markdown: string, fallback: string): string {
  const match = /^#\s+(.+?)\s*#*\s*$/m.exec(markdown);
  return match ? match[1].replace(/[`*_]/g, '') : fallback;
}

export function buildDocs(files: Record<string, string>): DocPage[] {
  const pages = Object.entries(files).map(([key, markdown]) => {
    const path = key.startsWith(fromHere) ? key.slice(fromHere.length) : key;
    const slug = slugForPath(path);
    return { slug, path, markdown, title: titleOf(markdown, slug) };
  });
  const rank = (slug: string) => (ORDER.includes(slug) ? ORDER.indexOf(slug) : ORDER.length);
  return pages.sort((a, b) => rank(a.slug) - rank(b.slug) || a.slug.localeCompare(b.slug));
}

export const DOCS: DocPage[] = buildDocs({ ...docFiles, ...sdkFiles });

export function findDoc(slug: string, docs: readonly DocPage[] = DOCS): DocPage | undefined {
  return docs.find((d) => d.slug === slug);
}

/** Resolves `relative` against the directory of repository file `from` (POSIX, no escaping the root). */
export function resolveRepoPath(from: string, relative: string): string {
  const parts = relative.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return parts.join('/');
}

export type DocLink =
  | { kind: 'external'; href: string }
  | { kind: 'app'; href: string }
  /** A file in the repository that is not one of the pages: shown as its path, not a link. */
  | { kind: 'repo'; path: string };

/**
 * Where a link in page `from` (a repository path) should go inside the app. Only http(s) and
 * mailto leave the app; `javascript:` and other schemes are dropped.
 */
export function rewriteDocLink(href: string, from: string, docs: readonly Pick<DocPage, 'path' | 'slug'>[] = DOCS): DocLink {
  const trimmed = href.trim();
  if (/^(https?:|mailto:)/i.test(trimmed)) return { kind: 'external', href: trimmed };
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('//')) return { kind: 'repo', path: trimmed };
  if (trimmed.startsWith('#')) return { kind: 'app', href: trimmed };
  const hashAt = trimmed.indexOf('#');
  const pathPart = hashAt >= 0 ? trimmed.slice(0, hashAt) : trimmed;
  const hash = hashAt >= 0 ? trimmed.slice(hashAt) : '';
  if (pathPart.startsWith('/docs/') || pathPart === '/docs' || pathPart.startsWith('/api/')) return { kind: 'app', href: trimmed };
  const target = resolveRepoPath(from, decodeURIComponent(pathPart));
  const page = docs.find((d) => d.path === target);
  if (page) return { kind: 'app', href: `/docs/${page.slug}${hash}` };
  if (target === 'docs' || target === 'docs/') return { kind: 'app', href: '/docs' };
  return { kind: 'repo', path: target + hash };
}

/** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2. */
export function createSlugger(): (text: string) => string {
  const seen = new Map<string, number>();
  return (text: string) => {
    const base = text
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  };
}

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

const decodeEntities = (text: string) =>
  text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');

/** The plain text of inline tokens (for heading ids). */
function plainText(tokens: readonly Token[] | undefined): string {
  if (!tokens) return '';
  return tokens
    .map((t) => {
      if ('tokens' in t && t.tokens && t.tokens.length > 0) return plainText(t.tokens);
      if (t.type === 'html') return '';
      return 'text' in t ? decodeEntities(String(t.text)) : '';
    })
    .join('');
}

export interface RenderedDoc {
  html: string;
  headings: { depth: number; id: string; text: string }[];
}

/** Markdown to HTML for page `from` (repository path): app links, heading anchors, no raw HTML. */
export function renderDoc(markdown: string, from: string, docs: readonly Pick<DocPage, 'path' | 'slug'>[] = DOCS): RenderedDoc {
  const slug = createSlugger();
  const headings: RenderedDoc['headings'] = [];
  const marked = new Marked({ gfm: true, async: false });
  marked.use({
    renderer: {
      heading(this: { parser: { parseInline(tokens: Token[]): string } }, { tokens, depth }: Tokens.Heading) {
        const text = plainText(tokens);
        const id = slug(text);
        headings.push({ depth, id, text });
        return `<h${depth} id="${escapeHtml(id)}">${this.parser.parseInline(tokens)}<a class="heading-anchor" href="#${escapeHtml(id)}" aria-label="Link to this section">#</a></h${depth}>\n`;
      },
      link(this: { parser: { parseInline(tokens: Token[]): string } }, { href, title, tokens }: Tokens.Link) {
        const inner = this.parser.parseInline(tokens);
        const target = rewriteDocLink(href, from, docs);
        const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
        if (target.kind === 'repo') {
          return `<span class="repo-path" title="${escapeHtml(`In the repository: ${target.path}`)}">${inner}</span>`;
        }
        const rel = target.kind === 'external' ? ' rel="noopener noreferrer" target="_blank"' : '';
        return `<a href="${escapeHtml(target.href)}"${titleAttr}${rel}>${inner}</a>`;
      },
      image({ href, text }: Tokens.Image) {
        // Images in the docs would be repository files the server does not serve: show the text.
        return `<span class="repo-path" title="${escapeHtml(href)}">${escapeHtml(text)}</span>`;
      },
      html({ text }: Tokens.HTML | Tokens.Tag) {
        return escapeHtml(text);
      },
    },
  });
  const html = marked.parse(markdown) as string;
  return { html, headings };
}
