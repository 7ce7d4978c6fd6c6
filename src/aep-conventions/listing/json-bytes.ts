/**
 * A JSON answer as UTF-8 bytes assembled from its parts' text (a page: one part per item). A
 * page of 100 runs is ~150 kB: as one string from JSON.stringify it is a chain of pieces that
 * the reply flattens into a large-object string (to count its bytes) and then encodes again for
 * the socket; written part by part into one buffer it is encoded once, from small strings, and
 * the socket takes the buffer as it is. That was a quarter of a list request's CPU
 * (docs/benchmarks.md#list-endpoints--npm-run-benchapi-lists).
 */
import type { FastifyReply } from "fastify";

/** The parts' text, one after the other, as UTF-8. */
export function jsonBytes(parts: readonly string[]): Buffer {
  let length = 0;
  for (const part of parts) length += Buffer.byteLength(part);
  const bytes = Buffer.allocUnsafe(length);
  let at = 0;
  for (const part of parts) at += bytes.write(part, at);
  return bytes;
}

/** Sends JSON bytes as Fastify sends a serialized object (same content type), without serializing them again. */
export function sendJsonBytes(reply: FastifyReply, bytes: Buffer): FastifyReply {
  return reply.type("application/json; charset=utf-8").send(bytes);
}
