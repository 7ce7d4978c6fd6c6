import type { ReadableStream as WebReadableStream } from "node:stream/web";

export interface ReadAtMost {
  /** at most `limit` bytes: the stream's whole body, or its first `limit` bytes when it ran past them */
  bytes: Uint8Array;
  /** the stream held more than `limit` bytes; the rest was not read */
  overflowed: boolean;
}

/**
 * Reads a body another host sends, never more than `limit` bytes of it plus one chunk: the stream is
 * cancelled as soon as the limit is passed, so a host answering without end cannot fill memory. The
 * caller decides whether a body past the limit is cut short or refused.
 */
export async function readAtMost(body: WebReadableStream<Uint8Array>, limit: number): Promise<ReadAtMost> {
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    while (size <= limit) {
      const { done, value } = await reader.read();
      if (done) return { bytes: joined(parts, size), overflowed: false };
      parts.push(value);
      size += value.byteLength;
    }
    return { bytes: joined(parts, limit), overflowed: true };
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function joined(parts: Uint8Array[], length: number): Uint8Array {
  const whole = Buffer.concat(parts);
  return new Uint8Array(whole.buffer, whole.byteOffset, Math.min(length, whole.byteLength));
}
