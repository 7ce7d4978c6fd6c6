import { ReadableStream } from "node:stream/web";
import { describe, expect, it } from "vitest";
import { readAtMost } from "./read-at-most.js";

/** A stream of `chunks` chunks of `size` bytes each (byte i of chunk c is c), counting what was pulled. */
function chunked(chunks: number, size: number) {
  const pulled = { count: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.count === chunks) return controller.close();
      controller.enqueue(new Uint8Array(size).fill(pulled.count++));
    },
    cancel() {
      pulled.cancelled = true;
    },
  });
  return { stream, pulled };
}

describe("readAtMost", () => {
  it("answers a body within the limit whole, the limit itself included", async () => {
    const { stream } = chunked(4, 10);
    const read = await readAtMost(stream, 40);
    expect(read.overflowed).toBe(false);
    expect(Array.from(read.bytes)).toEqual([0, 1, 2, 3].flatMap((c) => Array(10).fill(c)));
  });

  it("stops pulling once past the limit, answers the first limit bytes and says the body ran over", async () => {
    const { stream, pulled } = chunked(1_000_000, 1024);
    const read = await readAtMost(stream, 2500);
    expect(read.overflowed).toBe(true);
    expect(read.bytes.byteLength).toBe(2500);
    expect(read.bytes[2047]).toBe(1);
    expect(read.bytes[2048]).toBe(2);
    expect(pulled.count).toBeLessThan(10);
    expect(pulled.cancelled).toBe(true);
  });

  it("answers an empty body as empty", async () => {
    const read = await readAtMost(chunked(0, 1).stream, 10);
    expect(read).toEqual({ bytes: new Uint8Array(0), overflowed: false });
  });
});
