/**
 * The part of a file a `Range` asks for (RFC 9110 §14): one range of bytes, `bytes=a-b`, `bytes=a-`
 * or `bytes=-n`. Anything else, a malformed value or several ranges, is ignored as the RFC lets a
 * server do, and the file is answered whole.
 */

/** bytes start..end of a file, both included */
export interface ByteRange {
  start: number;
  end: number;
}

/** the whole file, one part of it, or a range that holds none of its bytes (answered 416) */
export type RangeAnswer = { kind: "whole" } | { kind: "part"; range: ByteRange } | { kind: "unsatisfiable" };

const WHOLE: RangeAnswer = { kind: "whole" };
const ONE_RANGE = /^bytes=[ \t]*(\d*)-(\d*)[ \t]*$/i;

/** What to answer for the `Range` value `spec` (undefined: none was sent) on a file of `size` bytes. */
export function rangeOf(spec: string | undefined, size: number): RangeAnswer {
  const match = spec === undefined ? null : ONE_RANGE.exec(spec);
  if (!match) return WHOLE;
  const [, first, last] = match;
  if (first === "") {
    if (last === "") return WHOLE;
    const suffix = Number(last);
    if (suffix === 0) return { kind: "unsatisfiable" };
    // an empty file has no last bytes to name in a Content-Range: it is answered whole (no bytes)
    if (size === 0) return WHOLE;
    return { kind: "part", range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return WHOLE;
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "part", range: { start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) } };
}
