/**
 * JSON.parse, except that a number whose text a double cannot hold exactly (a BIGINT beyond 2^53,
 * a DECIMAL's digits, "1.10") is kept as its text, a string. A workspace's table result may carry
 * such numbers (contract: BIGINT and DECIMAL never pass through a JS number); the column's Spark
 * type then says what the value is (see result-values.ts). Node 20 has no JSON.parse source access.
 */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function parseLosslessJson(text: string): unknown {
  let out = "";
  let copiedTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) continue; // JSON.parse reports it
      const token = m[0];
      if (!roundTrips(token)) {
        out += text.slice(copiedTo, i) + `"${token}"`;
        copiedTo = i + token.length;
      }
      i += token.length - 1;
    }
  }
  return JSON.parse(copiedTo === 0 ? text : out + text.slice(copiedTo));
}

function roundTrips(token: string): boolean {
  const n = Number(token);
  return Number.isFinite(n) && String(n) === token && (!Number.isInteger(n) || Number.isSafeInteger(n));
}
