import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/cli/progress.js';

describe('progressReporter', () => {
  it('writes a line when it starts and one per 10 % when stderr is not a terminal', () => {
    const out: string[] = [];
    const progress = progressReporter((t) => out.push(t), false, 'crawl');
    for (let done = 1; done <= 200; done += 1) progress.update(done, 200);
    progress.finish();
    expect(out).toEqual(['crawl: 0% (1/200)\n', ...Array.from({ length: 10 }, (_, i) => `crawl: ${(i + 1) * 10}% (${(i + 1) * 20}/200)\n`)]);
  });

  it('redraws one bar in place on a terminal and ends its line when finished', () => {
    const out: string[] = [];
    const progress = progressReporter((t) => out.push(t), true, 'crawl');
    progress.update(1, 4);
    progress.update(4, 4);
    progress.finish();
    expect(out[0]).toBe(`\rcrawl [########${'.'.repeat(22)}] 25% 1/4`);
    expect(out.at(-2)).toBe(`\rcrawl [${'#'.repeat(30)}] 100% 4/4`);
    expect(out.at(-1)).toBe('\n');
  });
});
