/**
 * Batch ids shaped like AEP's (01EF01X41KJD82Y9ZX6ET54PCZ): 26 characters of Crockford base32,
 * 48 bits of milliseconds then 80 random bits, so ids sort by creation time.
 */
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newBatchId(now = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = randomBytes(16);
  let rest = "";
  for (let i = 0; i < 16; i++) rest += ALPHABET[random[i] % 32];
  return time + rest;
}
