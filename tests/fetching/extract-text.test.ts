import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/fetching/index.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), 'utf8');
const html = (body: string) => extractText(body, 'text/html', { maxChars: 100_000 });

describe('extractText', () => {
  it('keeps a blog article and drops the nav, cookie banner, sidebar "recent posts", comments and footer', () => {
    const text = html(fixture('blog-post.html'));
    expect(text).toContain('which functions are burning the most CPU');
    expect(text).toContain('Reading a flame graph');
    expect(text).toContain('Reproduce production traffic');
    // Code keeps its lines.
    expect(text).toContain('perf record -F 99 -g -- ./server\nperf script');
    for (const chrome of ['cookie policy', 'Accept all', 'Recent posts', 'Cutting our Kubernetes bill', 'Newsletter', 'All rights reserved', 'Privacy policy', 'Subscribe', 'analytics', '.sidebar']) {
      expect(text).not.toContain(chrome);
    }
  });

  it('keeps paragraph breaks as blank lines, so passages can be cut along them', () => {
    const paragraphs = html(fixture('blog-post.html')).split('\n\n');
    expect(paragraphs.some((p) => p.startsWith('When a service gets slow'))).toBe(true);
    expect(paragraphs.some((p) => p.startsWith('On Linux, perf record -g collects'))).toBe(true);
    expect(paragraphs.every((p) => p.trim() === p && p.length > 0)).toBe(true);
  });

  it('reads a page without <article> or <main> (a wiki made of divs) and drops its role-marked chrome', () => {
    const text = html(fixture('docs-page.html'));
    expect(text).toContain('fails at link time with "undefined symbol"');
    expect(text).toContain('disable the default features');
    for (const chrome of ['Start here', 'Search the wiki', 'stores a cookie', 'Maintained by the platform team']) expect(text).not.toContain(chrome);
  });

  it('falls back to the body minus chrome when Readability finds no article (a short page)', () => {
    const text = html('<html><body><nav><a href="/">Home</a> Menu</nav><p>Only two sentences here. Still worth indexing.</p><footer>Footer text</footer></body></html>');
    expect(text).toBe('Only two sentences here. Still worth indexing.');
  });

  it('caps the text at maxChars, cut at a boundary', () => {
    const long = `<html><body><article>${Array.from({ length: 400 }, (_, i) => `<p>Paragraph ${i} has a handful of ordinary words in it to make length.</p>`).join('')}</article></body></html>`;
    const text = extractText(long, 'text/html', { maxChars: 5_000 });
    expect(text.length).toBeLessThanOrEqual(5_000);
    expect(text.length).toBeGreaterThan(4_000);
    expect(text.endsWith('length.')).toBe(true);
  });

  it('survives a page nested far deeper than any call stack', () => {
    const depth = 50_000;
    const text = html(`<html><body>${'<div>'.repeat(depth)}<p>Deep text.</p>${'</div>'.repeat(depth)}</body></html>`);
    expect(text).toContain('Deep text.');
  });

  it('keeps plain text and markdown as written, minus a front matter block', () => {
    expect(extractText('Line one\r\n\r\n\r\n\r\nLine two   \n', 'text/plain', { maxChars: 1000 })).toBe('Line one\n\nLine two');
    expect(extractText('---\ntitle: x\n---\n# Heading\n\nBody text.', 'text/markdown', { maxChars: 1000 })).toBe('# Heading\n\nBody text.');
  });
});
