/**
 * The load generator of the Slack bench's burst case, in its own process so that reading the acks
 * never waits behind the fake Slack (which records the answers in the benchmark process).
 *
 *   node --import tsx bench/lib/burst-client.ts <events url> <signing secret> <size> <response url prefix>
 *
 * Sends `size` signed /catalog requests in one synchronous loop (bodies and signatures made first),
 * each on a new connection, and prints one JSON line: `{ startedAt, acks: [ms…], failed }`, where an
 * ack is request() called → response status received.
 */
import { Agent, request } from 'node:http';
import { commandBody, FORM, slackSignature } from '../../tests/helpers/signed-request.js';

const QUERIES = ['dynamodb', 'multi-tenant saas', 'tag:saas latest', 'author:golding', 'tenant isolation', 'eks', 'serverless', 'iam policies per tenant'];

export interface BurstClientReport {
  /** Wall clock (ms since epoch) when the first request was sent. */
  startedAt: number;
  /** Per acknowledged request, ms from send to status. */
  acks: number[];
  /** Per request, ms from send to its TCP connection being established (slow ones mean a full accept queue). */
  connects: number[];
  failed: number;
  /** ms from the first send to the last answer received. */
  spanMs: number;
}

async function main(): Promise<void> {
  const [url, secret, sizeText, responsePrefix] = process.argv.slice(2);
  if (!url || !secret || !sizeText || !responsePrefix) throw new Error('usage: burst-client <url> <secret> <size> <response url prefix>');
  const target = new URL(url);
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const ts = Math.floor(Date.now() / 1000);
  const prepared = Array.from({ length: Number(sizeText) }, (_, i) => {
    const body = commandBody({ text: QUERIES[i % QUERIES.length]!, response_url: `${responsePrefix}${i}`, user_id: 'U0BENCH' });
    return { body, signature: slackSignature(secret, ts, body) };
  });
  const acks: number[] = [];
  const connects: number[] = [];
  let failed = 0;
  const startedAt = Date.now();
  const started = performance.now();
  await Promise.all(
    prepared.map(
      ({ body, signature }) =>
        new Promise<void>((resolve) => {
          const sent = performance.now();
          const headers = { 'content-type': FORM, 'content-length': Buffer.byteLength(body), 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature };
          const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers }, (res) => {
            res.resume();
            res.on('end', () => {
              if (res.statusCode === 200) acks.push(performance.now() - sent);
              else failed++;
              resolve();
            });
          });
          req.on('socket', (socket) => socket.once('connect', () => connects.push(performance.now() - sent)));
          req.on('error', () => {
            failed++;
            resolve();
          });
          req.end(body);
        }),
    ),
  );
  const report: BurstClientReport = { startedAt, acks, connects, failed, spanMs: performance.now() - started };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  agent.destroy();
}

void main();
