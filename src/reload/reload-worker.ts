/**
 * The reload worker thread: reads the catalog source, and when it changed, parses it, indexes it,
 * orders it by date and persists the index snapshot — everything that costs seconds at 100,000
 * articles — away from the thread that answers Slack. One worker serves one reload and is then
 * stopped, so what it built does not outlive the reload. See protocol.ts.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { loadCatalog } from '../catalog/load.js';
import type { Article, Catalog } from '../catalog/types.js';
import { errorMessage } from '../errors.js';
import { abbreviationsOf, dateOrderOf, facetsOf, buildIndex, catalogSnapshotKey, packTexts, writeSnapshot, EMPTY_VOCABULARY, type PassageIndex, type Vocabulary } from '../search/index.js';
import { readStoredTexts } from '../store/stored-texts.js';
import { TERM_SEPARATOR, type FromWorker, type IndexTransfer, type LoadRequest, type Loaded, type PassageTransfer, type ToWorker } from './protocol.js';

if (parentPort === null) throw new Error('reload-worker.ts runs as a worker thread (new Worker(...)), not on its own');
const port = parentPort;

// On a busy machine the reload must lose the CPU to the thread answering Slack. On Linux a thread
// has a nice value of its own (setpriority on pid 0 is the calling thread); elsewhere it would be
// the whole process, so it is left alone there.
if (process.platform === 'linux') {
  try {
    setPriority(19);
  } catch {
    // Not allowed here (some containers): the reload just competes as an equal.
  }
}

/** Stands in for the catalog in service, which stays on the main thread: the loader only needs to know there is one. */
const IN_SERVICE: Catalog = Object.freeze({ articles: [], byId: new Map(), warnings: [], source: '', loadedAt: new Date(0) });

let pending: { id: number; articles: readonly Article[] } | undefined;

const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

port.on('message', (message: ToWorker) => {
  if (message.type === 'load') {
    load(message).catch((error: unknown) => {
      const err = error instanceof Error ? error : new Error(errorMessage(error));
      const { code, source } = err as Error & { code?: unknown; source?: unknown };
      send({
        type: 'failed',
        id: message.id,
        error: { name: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}), ...(typeof source === 'string' ? { source } : {}) },
      });
    });
  } else {
    const articles = pending?.id === message.id ? pending.articles.slice(message.from, message.from + message.count) : [];
    send({ type: 'chunk', id: message.id, articles });
  }
});

async function load(request: LoadRequest): Promise<void> {
  const { previous } = request;
  const loaded = await loadCatalog(request.source, {
    ...(request.fetchTimeoutMs !== undefined ? { fetchTimeoutMs: request.fetchTimeoutMs } : {}),
    ...(request.maxBytes !== undefined ? { maxBytes: request.maxBytes } : {}),
    ...(previous !== undefined ? { previous: { ...previous, catalog: IN_SERVICE } } : {}),
  });
  const meta = { etag: loaded.etag, body: loaded.body, fingerprint: loaded.fingerprint, skippedFiles: [...loaded.skippedFiles] };
  if (loaded.notModified) {
    send({ type: 'unchanged', id: request.id, ...meta });
    return;
  }
  const articles = loaded.articles;
  // The index needs only the vocabulary's multi-word names (indexed as compound terms).
  const vocabulary: Vocabulary = { ...EMPTY_VOCABULARY, phrases: request.phrases };
  let texts: Map<string, string> | undefined;
  let textsProblem: string | undefined;
  if (request.texts !== undefined && 'store' in request.texts) {
    try {
      texts = await readStoredTexts(request.texts.store);
    } catch (error) {
      textsProblem = errorMessage(error);
    }
  } else {
    texts = request.texts?.given;
  }
  const index = buildIndex(articles, { vocabulary, ...(texts ? { texts } : {}) });
  const { newestFirst, dateRank } = dateOrderOf(articles);
  const facets = facetsOf(articles);
  // Scanning every blurb for "(…)" costs ~100 ms at 100,000 articles: here, not on the thread that answers.
  const abbreviations = abbreviationsOf(articles);
  let snapshotProblem: string | undefined;
  if (request.snapshotPath !== undefined) {
    try {
      // With the catalog, keyed by the text's fingerprint: the next start (or a CLI run) skips parsing too.
      await writeSnapshot(request.snapshotPath, index, catalogSnapshotKey(loaded.fingerprint, vocabulary, texts), loaded);
    } catch (error) {
      snapshotProblem = errorMessage(error);
    }
  }
  if (index.terms.some((term) => term.includes(TERM_SEPARATOR))) throw new Error('reload worker: an index term holds a NUL character');
  const transfer: IndexTransfer = {
    documentCount: index.documentCount,
    fields: [...index.fields],
    terms: index.terms.join(TERM_SEPARATOR),
    offsets: index.offsets,
    docs: index.docs,
    freqs: index.freqs,
    fieldLengths: [...index.fieldLengths],
    averageFieldLength: Float64Array.from(index.averageFieldLength),
    ...(index.passages ? { passages: passageTransfer(index.passages) } : {}),
  };
  // Only with passages: the engine needs the texts for its snippets, packed to be transferred.
  const packed = index.passages && texts ? packTexts(articles, texts) : undefined;
  pending = { id: request.id, articles };
  const reply: Loaded = {
    type: 'loaded',
    id: request.id,
    ...meta,
    source: loaded.source,
    loadedAt: loaded.loadedAt.toISOString(),
    warnings: [...loaded.warnings],
    articleCount: articles.length,
    index: transfer,
    newestFirst,
    dateRank,
    facets,
    abbreviations,
    ...(packed ? { texts: packed } : {}),
    ...(textsProblem !== undefined ? { textsProblem } : {}),
    ...(snapshotProblem !== undefined ? { snapshotProblem } : {}),
  };
  // Moved, not copied: after this the worker's index is gone, which is fine, it is not used again.
  const buffers = new Set<ArrayBuffer>();
  const body = transfer.passages;
  const passageArrays = body ? [body.offsets, body.docs, body.freqs, body.lengths, body.passageArticle, body.firstPassage] : [];
  const textArrays = packed ? [packed.bytes, packed.starts] : [];
  for (const array of [transfer.offsets, transfer.docs, transfer.freqs, ...transfer.fieldLengths, newestFirst, dateRank, facets.authors.start, facets.authors.ids, facets.tags.start, facets.tags.ids, ...passageArrays, ...textArrays]) {
    if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  }
  send(reply, [...buffers]);
}

function passageTransfer(passages: PassageIndex): PassageTransfer {
  const { index, passageArticle, firstPassage } = passages;
  return {
    count: index.documentCount,
    offsets: index.offsets,
    docs: index.docs,
    freqs: index.freqs,
    lengths: index.fieldLengths[0]!,
    averageLength: index.averageFieldLength[0]!,
    passageArticle,
    firstPassage,
  };
}
