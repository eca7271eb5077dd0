import { describe, expect, it } from 'vitest';
import { DOCS, buildDocs, createSlugger, findDoc, renderDoc, resolveRepoPath, rewriteDocLink, slugForPath } from './docs';

const pages = [
  { path: 'docs/limits.md', slug: 'limits' },
  { path: 'docs/api.md', slug: 'api' },
  { path: 'clients/python/README.md', slug: 'python' },
];

describe('bundled docs', () => {
  it('include docs/*.md and the Python SDK README, with dot-free slugs and titles', () => {
    const slugs = DOCS.map((d) => d.slug);
    for (const slug of ['limits', 'authentication', 'getting-started', 'performance', 'python']) expect(slugs).toContain(slug);
    for (const d of DOCS) {
      expect(d.slug).not.toContain('.');
      expect(d.markdown.length).toBeGreaterThan(100);
      expect(d.title).not.toBe('');
    }
    expect(findDoc('python')?.path).toBe('clients/python/README.md');
    expect(findDoc('limits')?.path).toBe('docs/limits.md');
  });

  it('orders pages for students first and names them by their first heading', () => {
    const built = buildDocs({ '../../../docs/zeta.md': '# Zeta\n', '../../../docs/limits.md': 'intro\n\n# Limits `here`\n' });
    expect(built.map((d) => [d.slug, d.title, d.path])).toEqual([
      ['limits', 'Limits here', 'docs/limits.md'],
      ['zeta', 'Zeta', 'docs/zeta.md'],
    ]);
    expect(slugForPath('docs/Getting Started.md')).toBe('getting-started');
  });
});

describe('doc links', () => {
  it('resolves repository paths', () => {
    expect(resolveRepoPath('docs/api.md', 'limits.md')).toBe('docs/limits.md');
    expect(resolveRepoPath('docs/api.md', '../clients/python/README.md')).toBe('clients/python/README.md');
    expect(resolveRepoPath('clients/python/README.md', '../../docs/./api.md')).toBe('docs/api.md');
    expect(resolveRepoPath('docs/api.md', '../../../../etc/passwd')).toBe('etc/passwd');
  });

  it('turns links between docs into app routes, keeping anchors', () => {
    expect(rewriteDocLink('limits.md', 'docs/api.md', pages)).toEqual({ kind: 'app', href: '/docs/limits' });
    expect(rewriteDocLink('api.md#bot-tokens', 'docs/limits.md', pages)).toEqual({ kind: 'app', href: '/docs/api#bot-tokens' });
    expect(rewriteDocLink('./limits.md#rates', 'docs/api.md', pages)).toEqual({ kind: 'app', href: '/docs/limits#rates' });
    expect(rewriteDocLink('../clients/python/README.md', 'docs/api.md', pages)).toEqual({ kind: 'app', href: '/docs/python' });
    expect(rewriteDocLink('../../docs/limits.md', 'clients/python/README.md', pages)).toEqual({ kind: 'app', href: '/docs/limits' });
    expect(rewriteDocLink('#local', 'docs/api.md', pages)).toEqual({ kind: 'app', href: '#local' });
    expect(rewriteDocLink('/docs/api', 'docs/limits.md', pages)).toEqual({ kind: 'app', href: '/docs/api' });
  });

  it('keeps web links, shows other repository files as paths, drops script links', () => {
    expect(rewriteDocLink('https://example.com/x', 'docs/api.md', pages)).toEqual({ kind: 'external', href: 'https://example.com/x' });
    expect(rewriteDocLink('../backend/src/app/main.cpp', 'docs/api.md', pages)).toEqual({ kind: 'repo', path: 'backend/src/app/main.cpp' });
    expect(rewriteDocLink('missing.md#x', 'docs/api.md', pages)).toEqual({ kind: 'repo', path: 'docs/missing.md#x' });
    expect(rewriteDocLink('javascript:alert(1)', 'docs/api.md', pages).kind).toBe('repo');
  });
});

describe('rendering', () => {
  it('gives headings GitHub ids with anchors, repeats numbered', () => {
    const slug = createSlugger();
    expect(slug('Bot tokens (both modes)')).toBe('bot-tokens-both-modes');
    expect(slug('Rate limits: `mutate` & co.')).toBe('rate-limits-mutate--co');
    expect(slug('Bot tokens (both modes)')).toBe('bot-tokens-both-modes-1');
    const { html, headings } = renderDoc('# Title\n\n## Rate *limits*\n\n## Rate limits\n', 'docs/limits.md', pages);
    expect(headings.map((h) => h.id)).toEqual(['title', 'rate-limits', 'rate-limits-1']);
    expect(html).toContain('<h2 id="rate-limits">Rate <em>limits</em><a class="heading-anchor" href="#rate-limits"');
  });

  it('rewrites links in rendered markdown and escapes raw HTML', () => {
    const { html } = renderDoc(
      'See [limits](limits.md#rates), [the SDK](../clients/python/README.md), [main](../backend/main.cpp) and [web](https://example.com).\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n',
      'docs/api.md',
      pages,
    );
    expect(html).toContain('<a href="/docs/limits#rates">limits</a>');
    expect(html).toContain('<a href="/docs/python">the SDK</a>');
    expect(html).toContain('<span class="repo-path" title="In the repository: backend/main.cpp">main</span>');
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer" target="_blank">web</a>');
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;');
  });

  it('renders every bundled page with its relative links resolved', () => {
    for (const doc of DOCS) {
      const { html, headings } = renderDoc(doc.markdown, doc.path);
      expect(headings.length, doc.path).toBeGreaterThan(0);
      expect(html).not.toMatch(/href="[^"#/][^"]*\.md/);
    }
  });

  it('every link between bundled pages lands on a page and, with an anchor, on one of its headings', () => {
    const ids = new Map(DOCS.map((d) => [d.slug, new Set(renderDoc(d.markdown, d.path).headings.map((h) => h.id))]));
    const broken: string[] = [];
    for (const doc of DOCS) {
      const { html } = renderDoc(doc.markdown, doc.path);
      for (const [, href] of html.matchAll(/<a href="([^"]+)"/g)) {
        const link = href.replaceAll('&amp;', '&');
        const local = /^#(.+)$/.exec(link);
        const app = /^\/docs\/([^#]+)(?:#(.+))?$/.exec(link);
        const [slug, anchor] = local ? [doc.slug, local[1]] : app ? [app[1], app[2]] : [null, null];
        if (slug === null) continue;
        if (!ids.has(slug)) broken.push(`${doc.path}: ${link} (no such page)`);
        else if (anchor && !ids.get(slug)!.has(decodeURIComponent(anchor))) broken.push(`${doc.path}: ${link} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
