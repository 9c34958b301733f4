/**
 * The extraction worker thread: turns fetched bodies into main text (`extractText`) away from the
 * thread that answers Slack. Readability's work per page is milliseconds, but pages arrive in
 * bursts and a large one costs far more; here it never delays an answer. See worker-extractor.ts.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { errorMessage } from '../errors.js';
import { extractText } from './extract-text.js';

export interface ExtractRequest {
  id: number;
  body: string;
  contentType: string;
  maxChars: number;
}

export type ExtractReply = { id: number; text: string } | { id: number; error: string };

if (parentPort === null) throw new Error('extract-worker.ts runs as a worker thread (new Worker(...)), not on its own');
const port = parentPort;

// Crawling is background work: on Linux this thread yields the CPU to the one answering Slack.
if (process.platform === 'linux') {
  try {
    setPriority(19);
  } catch {
    // Not allowed here (some containers): it competes as an equal.
  }
}

port.on('message', (request: ExtractRequest) => {
  let reply: ExtractReply;
  try {
    reply = { id: request.id, text: extractText(request.body, request.contentType, { maxChars: request.maxChars }) };
  } catch (error) {
    reply = { id: request.id, error: errorMessage(error) };
  }
  port.postMessage(reply);
});
