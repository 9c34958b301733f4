/**
 * A persisted search index — and, when written by a cold start (cold-start.ts), the catalog it was
 * built from — so a new process serves queries without parsing or re-indexing an unchanged catalog.
 *
 * File layout (little-endian): "CBSX", u32 header length, the JSON header (format version, the key
 * the snapshot was written for, terms, field statistics, the catalog section's length), the catalog
 * section (snapshot-catalog.ts; absent when written by `loadOrBuildSearchEngine`, ../cold-start.ts), then the postings
 * as raw typed arrays, each 4-byte aligned. Loading views those bytes instead of parsing them, which
 * is what makes a 100,000-article index ready in well under a second. (minisearch's own JSON
 * snapshot of the same index took over 10 s to load here; see frozen-index.ts for why the index is
 * not a MiniSearch.)
 *
 * It is reused only when format and key both match; otherwise (or when it is missing, truncated or
 * corrupt) the index is rebuilt and the file rewritten. A snapshot is a cache: losing it costs time,
 * never correctness, so no snapshot problem is fatal.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errorMessage } from '../../errors.js';
import { BODY_FIELD, dictionaryOf, type FrozenIndex } from './frozen-index.js';
import { SEARCH_OPTIONS } from './options.js';
import { decodeSnapshotCatalog, encodeSnapshotCatalog, type SnapshotCatalog } from './snapshot-catalog.js';
import { STOP_WORDS } from './text.js';

/**
 * Bump when what goes into the index changes in a way the key cannot see (tokenizer or parser
 * code, file layout), so old snapshots are rebuilt instead of silently half-matching.
 * 4: the catalog section; keyed by the loader's fingerprint (cold-start.ts).
 * 5: the passage index (articles' text); the key covers the texts (cold-start.ts).
 */
export const SNAPSHOT_FORMAT = 5;
const MAGIC = 'CBSX';

/** The JSON header of a snapshot file. */
export interface SnapshotHeader {
  format: number;
  /** What the snapshot is for: `catalogSnapshotKey(…)` (cold-start.ts), or `contentHash(articles)` when written without the catalog. */
  key: string;
  createdAt: string;
  /** Bytes of the catalog section after the header (a multiple of 4), 0 when there is none. */
  catalogBytes: number;
  documentCount: number;
  fields: string[];
  averageFieldLength: number[];
  terms: string[];
  offsetCount: number;
  postingCount: number;
  /** The passage index, when texts were indexed: its arrays follow the article index's. */
  passages: { count: number; averageLength: number; postingCount: number } | null;
}

/**
 * What the index depends on besides the articles: the file format and the index settings (fields,
 * stop words, and the vocabulary's multi-word names, which are indexed as compound terms). The
 * vocabulary is typed by that one field so that indexing/ need not import vocabulary.ts, which
 * imports indexing/ (the tokenizer).
 */
export function indexSettingsLine(vocabulary: { readonly phrases: readonly string[] }): string {
  return `format ${SNAPSHOT_FORMAT}\0${SEARCH_OPTIONS.index.fields.join(',')}\0${[...STOP_WORDS].join(',')}\0${vocabulary.phrases.join(',')}\n`;
}

const pad4 = (n: number) => (4 - (n % 4)) % 4;
const bytesOf = (array: Uint32Array | Uint16Array | Int32Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

/**
 * Write the index (and the catalog it was built from, when given: its articles must be the
 * index's documents, in order) atomically (temporary file, then rename), creating the folder if needed.
 */
export async function writeSnapshot(path: string, index: FrozenIndex, key: string, catalog?: SnapshotCatalog): Promise<void> {
  if (catalog !== undefined && catalog.articles.length !== index.documentCount) {
    throw new Error(`snapshot: ${catalog.articles.length} articles for an index of ${index.documentCount}`);
  }
  let catalogSection = catalog === undefined ? Buffer.alloc(0) : encodeSnapshotCatalog(catalog);
  catalogSection = Buffer.concat([catalogSection, Buffer.alloc(pad4(catalogSection.length), 0x20)]);
  const header: SnapshotHeader = {
    format: SNAPSHOT_FORMAT,
    key,
    createdAt: new Date().toISOString(),
    catalogBytes: catalogSection.length,
    documentCount: index.documentCount,
    fields: [...index.fields],
    averageFieldLength: [...index.averageFieldLength],
    terms: [...index.terms],
    offsetCount: index.offsets.length,
    postingCount: index.docs.length,
    passages: index.passages
      ? { count: index.passages.index.documentCount, averageLength: index.passages.index.averageFieldLength[0]!, postingCount: index.passages.index.docs.length }
      : null,
  };
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  json = Buffer.concat([json, Buffer.alloc(pad4(8 + json.length), 0x20)]);
  const prefix = Buffer.alloc(8);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(json.length, 4);
  const chunks: Buffer[] = [prefix, json, catalogSection, bytesOf(index.offsets), bytesOf(index.docs), bytesOf(index.freqs)];
  chunks.push(Buffer.alloc(pad4(index.freqs.byteLength)));
  for (const lengths of index.fieldLengths) {
    chunks.push(bytesOf(lengths), Buffer.alloc(pad4(lengths.byteLength)));
  }
  if (index.passages) {
    // Same layout for the passages (one field), then which article each passage belongs to.
    const { index: body, passageArticle, firstPassage } = index.passages;
    chunks.push(bytesOf(body.offsets), bytesOf(body.docs), bytesOf(body.freqs), Buffer.alloc(pad4(body.freqs.byteLength)));
    chunks.push(bytesOf(body.fieldLengths[0]!), Buffer.alloc(pad4(body.fieldLengths[0]!.byteLength)));
    chunks.push(bytesOf(passageArticle), bytesOf(firstPassage));
  }

  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const file = await open(temporary, 'w');
    try {
      await file.writev(chunks);
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export type SnapshotReadResult =
  /** `catalog` only when the snapshot has one (written with it) and it was asked for. */
  | { status: 'loaded'; index: FrozenIndex; catalog?: SnapshotCatalog }
  | { status: 'missing' }
  | { status: 'stale'; reason: string }
  | { status: 'corrupt'; reason: string };

export interface SnapshotWanted {
  /** The key it must have been written for. */
  key: string;
  /** The number of articles it must index; default: whatever it holds. */
  articleCount?: number;
  /** Decode the stored catalog too; a snapshot without one is then stale. Default false. */
  catalog?: boolean;
}

/** Parse snapshot bytes into an index; throws on any inconsistency. */
function decode(bytes: Buffer, wanted: SnapshotWanted): SnapshotReadResult {
  if (bytes.length < 8 || bytes.toString('latin1', 0, 4) !== MAGIC) return { status: 'corrupt', reason: 'not a search snapshot' };
  const headerLength = bytes.readUInt32LE(4);
  if (8 + headerLength > bytes.length) return { status: 'corrupt', reason: 'truncated header' };
  const header = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength)) as Partial<SnapshotHeader>;
  if (header.format !== SNAPSHOT_FORMAT) {
    return { status: 'stale', reason: `format ${String(header.format)}, expected ${SNAPSHOT_FORMAT}` };
  }
  if (header.key !== wanted.key) return { status: 'stale', reason: 'built from another catalog text or vocabulary' };
  if (wanted.catalog === true && !header.catalogBytes) return { status: 'stale', reason: 'written without the catalog' };
  const { documentCount, fields, averageFieldLength, terms, offsetCount, postingCount, catalogBytes } = header;
  const passages = header.passages ?? null;
  if (
    typeof documentCount !== 'number' ||
    (wanted.articleCount !== undefined && documentCount !== wanted.articleCount) ||
    typeof catalogBytes !== 'number' ||
    catalogBytes % 4 !== 0 ||
    !Array.isArray(fields) ||
    !Array.isArray(terms) ||
    !Array.isArray(averageFieldLength) ||
    typeof offsetCount !== 'number' ||
    typeof postingCount !== 'number' ||
    offsetCount !== terms.length * fields.length + 1 ||
    (passages !== null && (typeof passages.count !== 'number' || typeof passages.postingCount !== 'number' || typeof passages.averageLength !== 'number'))
  ) {
    return { status: 'corrupt', reason: 'inconsistent header' };
  }
  const freqBytes = postingCount * 2 + pad4(postingCount * 2);
  const lengthBytes = documentCount * 2 + pad4(documentCount * 2);
  const u16Bytes = (n: number) => n * 2 + pad4(n * 2);
  const passageBytes =
    passages === null ? 0 : (terms.length + 1) * 4 + passages.postingCount * 4 + u16Bytes(passages.postingCount) + u16Bytes(passages.count) + passages.count * 4 + (documentCount + 1) * 4;
  const expected = 8 + headerLength + catalogBytes + offsetCount * 4 + postingCount * 4 + freqBytes + fields.length * lengthBytes + passageBytes;
  if (bytes.length !== expected) return { status: 'corrupt', reason: `${bytes.length} bytes, expected ${expected}` };

  // Typed-array views need 4-byte alignment; a fresh read buffer has it, a pooled one may not.
  const buffer = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
  let at = buffer.byteOffset + 8 + headerLength + catalogBytes;
  const view = <T>(make: (b: ArrayBufferLike, offset: number, length: number) => T, count: number, size: number): T => {
    const array = make(buffer.buffer, at, count);
    at += count * size + pad4(count * size);
    return array;
  };
  const offsets = view((b, o, n) => new Uint32Array(b, o, n), offsetCount, 4);
  const docs = view((b, o, n) => new Uint32Array(b, o, n), postingCount, 4);
  const freqs = view((b, o, n) => new Uint16Array(b, o, n), postingCount, 2);
  const fieldLengths = fields.map(() => view((b, o, n) => new Uint16Array(b, o, n), documentCount, 2));
  if (offsets[offsets.length - 1] !== postingCount) return { status: 'corrupt', reason: 'postings do not add up' };
  const dictionary = dictionaryOf(terms);
  let index: FrozenIndex = {
    documentCount,
    fields,
    terms,
    dictionary,
    offsets,
    docs,
    freqs,
    fieldLengths,
    averageFieldLength: Float64Array.from(averageFieldLength),
  };
  if (passages !== null) {
    const bodyOffsets = view((b, o, n) => new Uint32Array(b, o, n), terms.length + 1, 4);
    const bodyDocs = view((b, o, n) => new Uint32Array(b, o, n), passages.postingCount, 4);
    const bodyFreqs = view((b, o, n) => new Uint16Array(b, o, n), passages.postingCount, 2);
    const bodyLengths = view((b, o, n) => new Uint16Array(b, o, n), passages.count, 2);
    const passageArticle = view((b, o, n) => new Uint32Array(b, o, n), passages.count, 4);
    const firstPassage = view((b, o, n) => new Uint32Array(b, o, n), documentCount + 1, 4);
    if (bodyOffsets[terms.length] !== passages.postingCount || firstPassage[documentCount] !== passages.count) {
      return { status: 'corrupt', reason: 'passages do not add up' };
    }
    const body: FrozenIndex = {
      documentCount: passages.count,
      fields: [BODY_FIELD],
      terms,
      dictionary,
      offsets: bodyOffsets,
      docs: bodyDocs,
      freqs: bodyFreqs,
      fieldLengths: [bodyLengths],
      averageFieldLength: Float64Array.of(passages.averageLength),
    };
    index = { ...index, passages: { index: body, passageArticle, firstPassage } };
  }
  if (!wanted.catalog) return { status: 'loaded', index };
  const catalog = decodeSnapshotCatalog(buffer.subarray(8 + headerLength, 8 + headerLength + catalogBytes));
  if (catalog.articles.length !== documentCount) return { status: 'corrupt', reason: 'catalog and index disagree' };
  return { status: 'loaded', index, catalog };
}

/** A snapshot file's bytes, or why there are none. */
export type SnapshotFile = { status: 'read'; bytes: Buffer } | { status: 'missing' } | { status: 'corrupt'; reason: string };

/** Read a snapshot file's bytes (to decode later: a caller may start this early). Never throws. */
export async function readSnapshotFile(path: string): Promise<SnapshotFile> {
  try {
    return { status: 'read', bytes: await readFile(path) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    return { status: 'corrupt', reason: `cannot be read: ${errorMessage(error)}` };
  }
}

/** Load the index (and catalog) from snapshot bytes if they were written for `wanted.key`. Never throws. */
export function decodeSnapshot(file: SnapshotFile, wanted: SnapshotWanted): SnapshotReadResult {
  if (file.status !== 'read') return file;
  try {
    return decode(file.bytes, wanted);
  } catch (error) {
    return { status: 'corrupt', reason: errorMessage(error) };
  }
}

/** Read a snapshot and load its index (and catalog) if it was written for `wanted.key`. Never throws. */
export async function readSnapshot(path: string, wanted: SnapshotWanted): Promise<SnapshotReadResult> {
  return decodeSnapshot(await readSnapshotFile(path), wanted);
}
