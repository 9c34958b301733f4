import { describe, expect, test } from 'vitest';
import { createLogger, redact } from '../src/logger.js';

function capture(level: 'debug' | 'info' = 'info', secrets: string[] = []) {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = createLogger({ level, secrets, write: (line) => (raw.push(line), lines.push(JSON.parse(line))) });
  return { logger, lines, raw };
}

describe('logger', () => {
  test('writes one JSON object per call, with message and fields', () => {
    const { logger, lines } = capture();
    logger.info('digest run', { channels: 3, posted: 2 });
    expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: 'digest run', channels: 3, posted: 2 })]);
  });

  test('drops lines below the level and honours setLevel', () => {
    const { logger, lines } = capture('info');
    logger.debug('hidden');
    logger.setLevel('debug');
    logger.debug('shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });

  test('never writes a Slack token or a configured secret, wherever it appears', () => {
    const { logger, raw } = capture('info', ['signing-secret-value']);
    logger.error('failed', { headers: { authorization: 'Bearer xoxb-123-456-abcdef' }, note: 'secret is signing-secret-value' });
    logger.warn('app token xapp-1-A0-123-abc leaked?', new Error('token xoxb-999-zzz'));
    const out = raw.join('\n');
    expect(out).not.toMatch(/xoxb-123|xapp-1-A0|xoxb-999|signing-secret-value/);
    expect(out).toContain('xoxb-[redacted]');
  });

  test('redact leaves ordinary text alone', () => {
    expect(redact('search for xoxo and box-b')).toBe('search for xoxo and box-b');
  });
});
