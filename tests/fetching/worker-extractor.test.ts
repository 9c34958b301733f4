import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerExtractor, extractText, type WorkerExtractor } from '../../src/fetching/index.js';

const blog = readFileSync(new URL('../fixtures/pages/blog-post.html', import.meta.url), 'utf8');
const docs = readFileSync(new URL('../fixtures/pages/docs-page.html', import.meta.url), 'utf8');

let extractor: WorkerExtractor | undefined;
afterEach(async () => {
  await extractor?.close();
  extractor = undefined;
});

describe('createWorkerExtractor', () => {
  it('gives the same text as extractText, for pages sent together, each to its own caller', async () => {
    extractor = createWorkerExtractor();
    const options = { maxChars: 100_000 };
    const [a, b, c] = await Promise.all([
      extractor.extract(blog, 'text/html', options),
      extractor.extract(docs, 'text/html', options),
      extractor.extract('plain\r\n\r\n\r\ntext', 'text/plain', options),
    ]);
    expect(a).toBe(extractText(blog, 'text/html', options));
    expect(b).toBe(extractText(docs, 'text/html', options));
    expect(c).toBe('plain\n\ntext');
  });

  it('fails a page whose extraction outlasts its time instead of waiting on it', async () => {
    extractor = createWorkerExtractor({ timeoutMs: 1 });
    await expect(extractor.extract(blog, 'text/html', { maxChars: 100_000 })).rejects.toThrow(/longer than 1 ms/);
  });
});
