import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; bytes: Buffer } | { ok: false; tooLarge: true };

/**
 * Reads a request body up to `max` bytes. Beyond that it keeps reading (so the client gets the answer, not a
 * connection reset) but keeps nothing, and says the body was too large.
 */
export function readBody(req: IncomingMessage, max: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        tooLarge = true;
        chunks.length = 0;
      } else if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? { ok: false, tooLarge: true } : { ok: true, bytes: Buffer.concat(chunks, size) }));
    req.on('error', reject);
  });
}
