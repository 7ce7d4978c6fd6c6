/**
 * Etags and ids as AEP shows them (docs/api/conventions.md#etags-and-if-match): an etag is a
 * quoted UUID-like string that changes on every update (`"0c0099f4-0000-0200-0000-67da91710000"`);
 * clients send it back in If-Match quoted or not, as a header or (Postman) as the `if-match` query
 * parameter.
 */
import { randomBytes, randomUUID } from "node:crypto";

export function newEtag(now: number = Date.now()): string {
  const seconds = Math.floor(now / 1000).toString(16).padStart(8, "0").slice(-8);
  // 12 random hex digits from a UUID's first two groups: randomUUID draws from a pool, where each
  // randomBytes call asks the kernel (a run's claim and finish took 24 µs of CPU for their etags)
  const random = randomUUID();
  return `"${random.slice(0, 8)}-0000-0200-0000-${seconds}${random.slice(9, 13)}"`;
}

/** `"abc"`, `abc`, `W/"abc"` → `abc` */
export function bareEtag(value: string): string {
  return value.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
}

export function sameEtag(given: string, current: string): boolean {
  return bareEtag(given) === bareEtag(current);
}

export const newFlowServiceId = (): string => randomUUID();
export const newHexId = (bytes: number): string => randomBytes(bytes).toString("hex");
