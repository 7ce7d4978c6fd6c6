import { describe, expect, it } from "vitest";
import type { SqlResult } from "../databricks/client.js";
import type { SparkType } from "../databricks/spark-types.js";
import { changedInstantsSql, changedKeyRange } from "./held-key-range.js";
import { type ChangeSqlDialect, keyedChangesSql } from "./net-changes.js";

const primitive = (name: "long" | "string" | "date" | "double" | "timestamp" | "timestamp_ntz" | "binary"): SparkType => ({ kind: "primitive", name });

/** The answer of changedKeyRangeSql: the keyed changes' count, then per key column its type and its lowest and highest value's text. */
function answer(changes: number, columns: Array<{ type: SparkType; low: string | null; high: string | null }>): SqlResult {
  const text: SparkType = primitive("string");
  const schema = [{ name: "_keyed_changes", type: primitive("long") }];
  const row: Array<string | number | null> = [changes];
  columns.forEach(({ type, low, high }, i) => {
    schema.push({ name: `_lowest_${i}`, type }, { name: `_lowest_${i}_text`, type: text }, { name: `_highest_${i}`, type }, { name: `_highest_${i}_text`, type: text });
    row.push(low, low, high, high);
  });
  return { schema, rows: [row], truncated: false };
}

/** The answer of changedInstantsSql: per TIMESTAMP key column (by its place in the key) its lowest and highest value's microseconds since the epoch, as text. */
function instants(columns: Record<number, { low: string | null; high: string | null }>): SqlResult {
  const schema: SqlResult["schema"] = [];
  const row: Array<string | null> = [];
  for (const [i, { low, high }] of Object.entries(columns)) {
    schema.push({ name: `_lowest_${i}_micros`, type: primitive("string") }, { name: `_highest_${i}_micros`, type: primitive("string") });
    row.push(low, high);
  }
  return { schema, rows: [row], truncated: false };
}

const dialect: ChangeSqlDialect = { quote: (name) => `\`${name}\``, rowText: (columns) => columns.join(", ") };

describe("the range of a change window's keys", () => {
  it("is none when the window changed no key", () => {
    expect(changedKeyRange(answer(0, [{ type: primitive("long"), low: null, high: null }]), ["id"])).toEqual({ changedKeys: false });
  });

  it("takes an answer without its one row for a workspace failure, not for a window that changed no key", () => {
    expect(() => changedKeyRange({ ...answer(0, []), rows: [] }, ["id"])).toThrow("0 rows");
  });

  it("writes each value as a quoted literal of its column's type", () => {
    const range = changedKeyRange(
      answer(3, [
        { type: primitive("string"), low: "a -- OR 1=1", high: "z; DROP TABLE t" },
        { type: { kind: "decimal", precision: 18, scale: 2 }, low: "-1.10", high: "2.00" },
        { type: primitive("date"), low: "2024-01-15", high: "2024-05-15" },
      ]),
      ["name", "amount`s", "day"],
    );
    expect(range).toEqual({
      changedKeys: true,
      predicate:
        "`name` >= 'a -- OR 1=1' AND `name` <= 'z; DROP TABLE t' AND " +
        "`amount``s` >= CAST('-1.10' AS decimal(18,2)) AND `amount``s` <= CAST('2.00' AS decimal(18,2)) AND " +
        "`day` >= CAST('2024-01-15' AS date) AND `day` <= CAST('2024-05-15' AS date)",
    });
  });

  // a cluster with spark.sql.parser.escapedStringLiterals reads 'A\'B' as A\'B, which sorts after A'B: that key would not be counted
  it.each([
    ["a quote", "o'brien"],
    ["a backslash", "back\\slash"],
    ["U+FFFD (bytes that were no UTF-8)", "caf\uFFFD"],
  ])("leaves a string key column unbounded when an end of its range holds %s", (_what, text) => {
    expect(changedKeyRange(answer(2, [{ type: primitive("string"), low: "a", high: text }]), ["name"])).toEqual({ changedKeys: true });
    expect(changedKeyRange(answer(2, [{ type: primitive("string"), low: text, high: "zz" }]), ["name"])).toEqual({ changedKeys: true });
  });

  it.each([
    ["a date Spark writes with a sign", primitive("date"), "+10000-01-01"],
    ["a date of the stand-in's era notation", primitive("date"), "0045-03-15 (BC)"],
    ["an integer in another notation", primitive("long"), "1e3"],
    ["a decimal in another notation", { kind: "decimal", precision: 10, scale: 2 } as SparkType, "1.5E+2"],
  ])("leaves a key column unbounded for %s, whose cast back could miss or fail", (_what, type, text) => {
    expect(changedKeyRange(answer(2, [{ type, low: text, high: text }]), ["k"])).toEqual({ changedKeys: true });
  });

  it("leaves floating-point and binary key columns unbounded, and a timestamp one whose instants were not read, and bounds the others", () => {
    const range = changedKeyRange(
      answer(2, [
        { type: primitive("double"), low: "0.5", high: "1.5" },
        { type: primitive("timestamp"), low: "2024-11-03 01:30:00", high: "2024-11-03 01:45:00" },
        { type: primitive("binary"), low: "AQ==", high: "Ag==" },
        { type: primitive("long"), low: "9007199254740993", high: "9007199254740995" },
      ]),
      ["ratio", "at", "bytes", "id"],
    );
    expect(range).toEqual({ changedKeys: true, predicate: "`id` >= CAST('9007199254740993' AS bigint) AND `id` <= CAST('9007199254740995' AS bigint)" });
    expect(changedKeyRange(answer(1, [{ type: primitive("double"), low: "0.5", high: "0.5" }]), ["ratio"])).toEqual({ changedKeys: true });
  });
});

describe("the range of a change window's timestamp keys", () => {
  const feed = "table_changes('db.t', 3, 5)";

  it("reads the instants of the TIMESTAMP key columns only, as text, over the same keyed changes", () => {
    const range = answer(2, [
      { type: primitive("long"), low: "1", high: "2" },
      { type: primitive("timestamp"), low: "2024-11-03 01:30:00", high: "2024-11-03 01:30:00" },
      { type: primitive("timestamp_ntz"), low: "2024-11-03 01:30:00", high: "2024-11-03 01:30:00" },
    ]);
    expect(changedInstantsSql(dialect, feed, ["id", "at", "local"], range)).toBe(
      "SELECT CAST(unix_micros(min(`at`)) AS STRING) AS _lowest_1_micros, CAST(unix_micros(max(`at`)) AS STRING) AS _highest_1_micros " +
        keyedChangesSql(dialect, feed, ["id", "at", "local"]),
    );
  });

  it("sends no second statement when no key column is a TIMESTAMP, or the window changed no key", () => {
    const range = answer(2, [{ type: primitive("timestamp_ntz"), low: "2024-11-03 01:30:00", high: "2024-11-03 01:30:00" }]);
    expect(changedInstantsSql(dialect, feed, ["local"], range)).toBeUndefined();
    expect(changedInstantsSql(dialect, feed, ["at"], answer(0, [{ type: primitive("timestamp"), low: null, high: null }]))).toBeUndefined();
  });

  it("bounds a TIMESTAMP column by its instants to the microsecond, and a TIMESTAMP_NTZ column by its text, which has no time zone", () => {
    const range = changedKeyRange(
      answer(2, [
        // the same wall-clock text twice: the session's zone went back an hour between them
        { type: primitive("timestamp"), low: "2024-11-03 01:30:00", high: "2024-11-03 01:30:00" },
        { type: primitive("timestamp_ntz"), low: "1969-12-31 23:59:59.999999", high: "2024-11-03 01:30:00.1" },
      ]),
      ["at", "local"],
      instants({ 0: { low: "1730611800000000", high: "1730615400000001" } }),
    );
    expect(range).toEqual({
      changedKeys: true,
      predicate:
        "`at` >= timestamp_micros(1730611800000000) AND `at` <= timestamp_micros(1730615400000001) AND " +
        "`local` >= CAST('1969-12-31 23:59:59.999999' AS timestamp_ntz) AND `local` <= CAST('2024-11-03 01:30:00.1' AS timestamp_ntz)",
    });
    expect(changedKeyRange(answer(1, [{ type: primitive("timestamp"), low: "x", high: "x" }]), ["at"], instants({ 0: { low: "-1", high: "-1" } }))).toEqual({
      changedKeys: true,
      predicate: "`at` >= timestamp_micros(-1) AND `at` <= timestamp_micros(-1)",
    });
  });

  it.each([
    ["an instant that is no integer", primitive("timestamp"), "2024-11-03 01:30:00", "1730611800000000) OR (1=1"],
    ["a TIMESTAMP_NTZ past the year 9999, which Spark writes with a sign", primitive("timestamp_ntz"), "+10000-01-01 00:00:00", ""],
    ["a TIMESTAMP_NTZ of the stand-in's era notation", primitive("timestamp_ntz"), "0045-03-15 00:00:00 (BC)", ""],
  ])("leaves a key column unbounded for %s", (_what, type, text, micros) => {
    expect(changedKeyRange(answer(2, [{ type, low: text, high: text }]), ["at"], instants({ 0: { low: "0", high: micros } }))).toEqual({ changedKeys: true });
  });

  it("takes an instants answer without its one row for a workspace failure", () => {
    const range = answer(2, [{ type: primitive("timestamp"), low: "x", high: "x" }]);
    expect(() => changedKeyRange(range, ["at"], { ...instants({ 0: { low: "0", high: "1" } }), rows: [] })).toThrow("instants came back as 0 rows");
  });
});
