/**
 * Spark functions of arrays and numbers DuckDB lacks, as macros the translator renames calls to (FUNCTION_RENAMES):
 * array_insert, arrays_zip and width_bucket.
 */
import { INDEX_OF_ZERO } from "./spark-functions.js";

/** arrays_zip(a1, …) of up to this many arrays */
const ZIP_ARITY = 16;

export const COLLECTION_MACROS: readonly string[] = [
  // arrays_zip's pairs (triples, …) of elements as sql/constructor-calls.ts names their fields, NULL where any array is (list_zip takes it as empty)
  `CREATE OR REPLACE MACRO spark_arrays_zip${Array.from({ length: ZIP_ARITY }, (_, n) => {
    const arrays = Array.from({ length: n + 1 }, (_, k) => `a${k}`);
    return `${n > 0 ? "," : ""} (${arrays.join(", ")}) AS CASE WHEN ${arrays.map((a) => `${a} IS NOT NULL`).join(" AND ")} THEN list_zip(${arrays.join(", ")}) END`;
  }).join("")}`,
  // array_insert(a, p, e): e at position p (from 1; -1 is after the last element), NULLs filling a gap either side, as Spark 3.5 inserts
  `CREATE OR REPLACE MACRO spark_array_insert(a, p, e) AS CASE WHEN a IS NULL OR p IS NULL THEN NULL WHEN p = 0 THEN ${INDEX_OF_ZERO} ` +
    "WHEN p > len(a) THEN list_append(list_resize(a, p - 1), e) " +
    "WHEN p > 0 THEN list_concat(a[1:p - 1], [e], a[p:]) " +
    "WHEN len(a) + p + 1 >= 0 THEN list_concat(a[1:len(a) + p + 1], [e], a[len(a) + p + 2:]) " +
    "ELSE list_concat([e], list_resize(a[1:0], -(len(a) + p + 1)), a) END",
  // width_bucket(v, min, max, n): the bucket of v among n equal ones from min to max (max may be below min), 0 before them and n + 1
  // after, a BIGINT; NULL for n below 1, a NaN v or bounds that are equal or not finite. Intervals are measured in seconds. The
  // arguments are read once, through a lambda
  "CREATE OR REPLACE MACRO spark_width_bucket_of(v, lo, hi, n) AS list_transform([{'v': v, 'lo': lo, 'hi': hi, 'n': CAST(n AS BIGINT)}], " +
    "w -> CASE WHEN w.n <= 0 OR isnan(w.v) OR w.lo = w.hi OR NOT isfinite(w.lo) OR NOT isfinite(w.hi) THEN NULL " +
    "WHEN w.lo < w.hi THEN CASE WHEN w.v < w.lo THEN 0 WHEN w.v >= w.hi THEN w.n + 1 ELSE CAST(trunc(w.n * (w.v - w.lo) / (w.hi - w.lo)) AS BIGINT) + 1 END " +
    "ELSE CASE WHEN w.v > w.lo THEN 0 WHEN w.v <= w.hi THEN w.n + 1 ELSE CAST(trunc(w.n * (w.lo - w.v) / (w.lo - w.hi)) AS BIGINT) + 1 END END)[1]",
  "CREATE OR REPLACE MACRO spark_width_bucket(v, lo, hi, n) AS spark_width_bucket_of(CAST(v AS DOUBLE), CAST(lo AS DOUBLE), CAST(hi AS DOUBLE), n), " +
    "(v INTERVAL, lo INTERVAL, hi INTERVAL, n) AS spark_width_bucket_of(epoch(v), epoch(lo), epoch(hi), n)",
];
