import { describe, expect, test } from 'vitest';
import { readCappedBody } from '../../src/util/capped-body.js';

/** A body of `chunks` chunks of 1 KB each, counting how many the reader pulled. */
function endless(chunks: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulled += 1;
      if (state.pulled > chunks) controller.close();
      else controller.enqueue(new Uint8Array(1024));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { response: new Response(stream), state };
}

describe('readCappedBody', () => {
  test('a body within the cap is read whole', async () => {
    const { response } = endless(3);
    const read = await readCappedBody(response, 4096);
    expect(read).toMatchObject({ kind: 'ok' });
    expect(read.kind === 'ok' && read.bytes.length).toBe(3072);
  });

  test('a huge body stops being read just past the cap, and the stream is cancelled', async () => {
    // A million chunks would be 1 GB: reading stops after the cap, so it is never buffered.
    const { response, state } = endless(1_000_000);
    const read = await readCappedBody(response, 10_000);
    expect(read).toEqual({ kind: 'too_large', received: 10_240 });
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(20);
  });

  test('a declared Content-Length over the cap is refused before reading', async () => {
    const response = new Response('x'.repeat(100), { headers: { 'content-length': '5000000' } });
    expect(await readCappedBody(response, 1000)).toEqual({ kind: 'declared_too_large', declared: 5_000_000 });
  });
});
