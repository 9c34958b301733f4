import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { readStoredTexts } from '../../src/store/stored-texts.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stored-texts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const config = (databasePath: string) => ({ databasePath, databaseUrl: undefined, databasePoolSize: 1 });

describe('readStoredTexts', () => {
  it('reads the texts the crawl stored, through a connection of its own', async () => {
    const path = join(dir, 'state.db');
    const store = await openStore(config(path));
    try {
      await store.saveArticleText({ url: 'https://e.com/a', outcome: 'fetched', at: new Date('2026-12-01T00:00:00Z'), text: 'Flame graphs show hot functions.' });
      await store.saveArticleText({ url: 'https://e.com/b', outcome: 'failed', at: new Date('2026-12-01T00:00:00Z'), reason: 'timeout' });
    } finally {
      await store.close();
    }
    expect(await readStoredTexts(config(path))).toEqual(new Map([['https://e.com/a', 'Flame graphs show hot functions.']]));
  });

  it('no database yet (nothing crawled, the bot never started): no texts, and no file created', async () => {
    const path = join(dir, 'missing', 'state.db');
    expect(await readStoredTexts(config(path))).toEqual(new Map());
    expect(existsSync(path)).toBe(false);
  });
});
