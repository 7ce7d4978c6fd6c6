/**
 * The rows each file of a scan lists (a deletion vector's rows to drop, or the change data feed's rows
 * to keep), packed into as few bit strings as DuckDB can test: a file's rows are a run of bits at its
 * place in one string (bit `first + i`: row i), tested per row with get_bit. get_bit takes an INTEGER,
 * so one string holds at most 2^31 - 1 bits, and a file whose list goes further cannot be read.
 *
 * One string for all files, not one per file: a file's own string taken out of a list copies it for
 * every row (minutes for a 2M-row file), and choosing among per-file columns with a CASE tests every
 * earlier file's branch for each row, quadratic in the files with deletion vectors.
 */
import { DuckDBBitValue } from "@duckdb/node-api";

/** Where a file's listed rows are: which string, its first bit there, and how many rows it covers (its last listed row + 1). */
export interface ListedRowsPlace {
  string: number;
  first: number;
  count: number;
}

export interface PackedListedRows {
  strings: DuckDBBitValue[];
  /** per file, in order; undefined where a file lists no row */
  places: (ListedRowsPlace | undefined)[];
}

/** The most bits one string holds: get_bit's INTEGER index reaches 2^31 - 2. */
export const MAX_STRING_BITS = 2 ** 31 - 1;

export function packListedRows(lists: readonly (readonly number[] | undefined)[], capacity = MAX_STRING_BITS): PackedListedRows {
  const places: (ListedRowsPlace | undefined)[] = [];
  const lengths: number[] = [];
  for (const rows of lists) {
    if (!rows?.length) {
      places.push(undefined);
      continue;
    }
    const count = rows.reduce((max, i) => Math.max(max, i), -1) + 1;
    if (count > capacity) throw new Error(`a deletion vector lists row ${count - 1}; rows past ${capacity - 1} of one file cannot be read`);
    if (lengths.length === 0 || lengths[lengths.length - 1] + count > capacity) lengths.push(0);
    const string = lengths.length - 1;
    places.push({ string, first: lengths[string], count });
    lengths[string] += count;
  }
  const strings = lengths.map((length) => emptyBits(length));
  lists.forEach((rows, file) => {
    const place = places[file];
    if (!place) return;
    const { data, padding } = strings[place.string];
    for (const row of rows!) {
      const offset = place.first + row + padding;
      data[1 + (offset >> 3)] |= 0x80 >> (offset & 7);
    }
  });
  return { strings: strings.map(({ data }) => new DuckDBBitValue(data)), places };
}

/** `length` zero bits in DuckDB's BIT layout: a first byte counting the padding bits, which are ones at the front of the second byte. */
function emptyBits(length: number): { data: Uint8Array; padding: number } {
  const padding = (8 - (length % 8)) % 8;
  const data = new Uint8Array(1 + Math.ceil(length / 8));
  data[0] = padding;
  if (data.length > 1) data[1] = (0xff << (8 - padding)) & 0xff;
  return { data, padding };
}
