/**
 * The README's sample card is the shell's real output, so it cannot drift: the block after
 * `<!-- shell output: <line> -->` must be what `catalog-bot shell` prints for <line> with the bundled
 * catalog. After a deliberate change of the rendering, regenerate it:
 * `UPDATE_README=1 npx vitest run tests/docs/readme-card.test.ts`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { runShell } from '../../src/shell/shell.js';
import { loadConversationRuntime, type ConversationRuntime } from '../../src/slack/conversation/runtime.js';

const README = new URL('../../README.md', import.meta.url);
const SAMPLE = /<!-- shell output: (.+?) -->\n```\n([\s\S]*?)```\n/;

let dir: string;
let runtime: ConversationRuntime;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'readme-card-'));
  runtime = await loadConversationRuntime(loadConfig({ INDEX_SNAPSHOT_PATH: join(dir, 'index.snapshot'), CATALOG_FULL_TEXT: 'off' }), silentLogger);
});
afterAll(() => {
  runtime.close();
  rmSync(dir, { recursive: true, force: true });
});

async function shellOutput(line: string): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (d: Buffer) => (text += d.toString()));
  input.end(`${line}\n`);
  await runShell({ input, output, deps: runtime.handlerDeps });
  return text.trim() + '\n';
}

describe('README.md', () => {
  it('shows a result card exactly as the shell prints it today', async () => {
    const readme = readFileSync(README, 'utf8');
    const sample = SAMPLE.exec(readme);
    expect(sample, 'README.md has a <!-- shell output: … --> block').not.toBeNull();
    const [, line, shown] = sample!;
    const actual = await shellOutput(line!);
    expect(actual).toMatch(/\[Share 1\]/);
    if (process.env.UPDATE_README === '1' && shown !== actual) {
      writeFileSync(README, readme.replace(SAMPLE, `<!-- shell output: ${line} -->\n\`\`\`\n${actual}\`\`\`\n`));
      return;
    }
    expect(shown).toBe(actual);
  });
});
