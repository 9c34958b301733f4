/**
 * robots.txt, read once per host per crawl and obeyed for our token and `*` (robots-parser, which
 * follows RFC 9309's matching: longest rule wins, `*` and `$` patterns). As RFC 9309 says: a
 * robots.txt that is missing (4xx) allows everything; one that cannot be read (5xx, timeout,
 * network) disallows everything for now, so a site whose robots.txt is down is not crawled blind.
 */
import robotsParserModule from 'robots-parser';
import { fetchPage } from './fetch-page.js';
import { robotsToken } from './user-agent.js';

/** RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt. */
const ROBOTS_MAX_BYTES = 512 * 1024;

export type RobotsVerdict =
  | { kind: 'rules'; allows(url: string): boolean; crawlDelayMs: number }
  | { kind: 'unreachable'; detail: string };

export interface RobotsOptions {
  userAgent: string;
  timeoutMs: number;
  maxCrawlDelayMs: number;
  signal?: AbortSignal;
}

interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}
// The package is CommonJS (`module.exports = fn`) with a typing that says `export default`: at
// run time Node's default import is the function itself.
const robotsParser = robotsParserModule as unknown as (url: string, text: string) => Robot;

const ALLOW_ALL: RobotsVerdict = { kind: 'rules', allows: () => true, crawlDelayMs: 0 };

/** The robots.txt of each origin, fetched on first use and shared by every page of that origin. */
export class RobotsCache {
  private readonly verdicts = new Map<string, Promise<RobotsVerdict>>();

  constructor(private readonly options: RobotsOptions) {}

  verdict(origin: string): Promise<RobotsVerdict> {
    let verdict = this.verdicts.get(origin);
    if (!verdict) {
      verdict = this.read(origin);
      this.verdicts.set(origin, verdict);
    }
    return verdict;
  }

  private async read(origin: string): Promise<RobotsVerdict> {
    const robotsUrl = `${origin}/robots.txt`;
    const response = await fetchPage(robotsUrl, {
      userAgent: this.options.userAgent,
      timeoutMs: this.options.timeoutMs,
      maxBytes: ROBOTS_MAX_BYTES,
      maxRedirects: 5,
      acceptTypes: 'any',
      ...(this.options.signal ? { signal: this.options.signal } : {}),
    });
    if (response.kind === 'aborted') return { kind: 'unreachable', detail: 'crawl stopped' };
    if (response.kind === 'refused') return ALLOW_ALL; // never: robots.txt is fetched without mayFollow
    if (response.kind === 'not-modified') return ALLOW_ALL;
    if (response.kind === 'failed') {
      // 4xx: there is no robots.txt, so nothing is disallowed (RFC 9309 §2.3.1.3); 429 is "try later".
      const status = /^http_(\d+)$/.exec(response.reason)?.[1];
      if (status !== undefined && Number(status) >= 400 && Number(status) < 500) return ALLOW_ALL;
      return { kind: 'unreachable', detail: `robots.txt: ${response.detail}` };
    }
    return parseRobots(robotsUrl, response.body, this.options.userAgent, this.options.maxCrawlDelayMs);
  }
}

export function parseRobots(robotsUrl: string, text: string, userAgent: string, maxCrawlDelayMs: number): RobotsVerdict {
  const robot = robotsParser(robotsUrl, text);
  const token = robotsToken(userAgent);
  const delaySeconds = Number(robot.getCrawlDelay(token) ?? 0);
  const crawlDelayMs = Number.isFinite(delaySeconds) && delaySeconds > 0 ? Math.min(delaySeconds * 1000, maxCrawlDelayMs) : 0;
  // `undefined` means the URL is not on this robots.txt's host: not ours to refuse.
  return { kind: 'rules', allows: (url) => robot.isAllowed(url, token) !== false, crawlDelayMs };
}
