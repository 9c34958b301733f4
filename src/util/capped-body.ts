/**
 * A response body read up to a byte cap, shared by the catalog loader (a catalog URL) and the page
 * fetcher (article pages): both refuse what is declared too large before reading, and stop reading
 * (cancelling, which drops the connection) as soon as the cap is passed, so an endless or huge body
 * is never buffered.
 */

/** The body's bytes, or how far it got: over the cap as declared, or after receiving `received` bytes. */
export type CappedBody = { kind: 'ok'; bytes: Buffer } | { kind: 'declared_too_large'; declared: number } | { kind: 'too_large'; received: number };

export async function readCappedBody(response: Response, maxBytes: number): Promise<CappedBody> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'declared_too_large', declared };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { kind: 'too_large', received: total };
      }
      chunks.push(value);
    }
  }
  return { kind: 'ok', bytes: Buffer.concat(chunks) };
}
