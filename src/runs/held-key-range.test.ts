import { describe, expect, it } from "vitest";
import type { SqlResult } from "../databricks/client.js";
import type { SparkType } from "../databricks/spark-types.js";
import { changedKeyRange } from "./held-key-range.js";

const primitive = (name: "long" | "string" | "date" | "double" | "timestamp" | "binary"): SparkType => ({ kind: "primitive", name });

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

  it("leaves floating-point, timestamp and binary key columns unbounded, and bounds the others", () => {
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
