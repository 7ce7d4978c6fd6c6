/**
 * Staged Parquet that Spark wrote in its legacy (Julian) calendar: a date before 1582-10-15 there is
 * stored days away from the one the table holds, and DuckDB reads it as stored. Such a file is
 * refused with the column and the cluster setting to change; nothing of the window is committed.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ancientValueCondition, datesAndTimestamps, openDeltaTable, parseDuckDbType } from "../../src/delta/index.js";
import type { MappingRule } from "../../src/dataprep/mapping-sql.js";
import { ingestStaged } from "../../src/lake/ingest.js";
import { ingestRequest } from "../support/ingested.js";
import { useScratchDuckDb } from "../support/scratch-duckdb.js";
import { LegacyCalendarError } from "../../src/lake/legacy-calendar.js";
import type { DatasetSchema } from "../../src/schemaregistry/xdm-fields.js";

const schema: DatasetSchema = {
  properties: { _id: { type: "string" }, born: { type: "string", format: "date" }, seen: { type: "string", format: "date-time" } },
};
const rules: MappingRule[] = [
  { sourceAttribute: "id", destinationXdmPath: "_id" },
  { sourceAttribute: "born", destinationXdmPath: "born" },
  { sourceAttribute: "seen", destinationXdmPath: "seen" },
];

const scratch = useScratchDuckDb("legacy-calendar");

/** A staged file of (id, born, seen) rows with Spark's footer keys `marks` (key → value). */
async function stagedFile(name: string, values: string, marks: Record<string, string>): Promise<string> {
  const file = path.join(scratch.dir, name);
  const metadata = Object.entries(marks).map(([k, v]) => `'${k}': '${v}'`).join(", ");
  await scratch.conn.run(
    `COPY (SELECT * FROM (VALUES ${values}) AS t(id, born, seen)) TO '${file}' (FORMAT PARQUET${metadata ? `, KV_METADATA {${metadata}}` : ""})`,
  );
  return file;
}

const request = (name: string, files: string[]) => ingestRequest(path.join(scratch.dir, name), files, { rules, schema });

async function datasetRows(name: string): Promise<unknown[][]> {
  const table = openDeltaTable(path.join(scratch.dir, name, "dataset"));
  const relation = await table.scanRelation(scratch.conn, await table.snapshot());
  return (await scratch.conn.runAndReadAll(`SELECT _id, CAST(born AS VARCHAR), strftime(seen, '%Y-%m-%d %H:%M:%S.%f') FROM ${relation} ORDER BY _id`)).getRowsJson();
}

const SPARK_3 = { "org.apache.spark.version": "3.5.0" };
const LEGACY_DATES = { ...SPARK_3, "org.apache.spark.legacyDateTime": "" };
// 1500-03-01 as Spark's LEGACY mode stores it: the Julian calendar's 1500-03-01, ten days after the Gregorian one
const SHIFTED_ROW = "('julian', DATE '1500-03-11', TIMESTAMPTZ '2024-01-01 00:00:00+00')";
const MODERN_ROWS = "('a', DATE '1970-01-02', TIMESTAMPTZ '2024-01-01 00:00:00.000001+00'), ('b', NULL, NULL)";

describe("ingesting staged files written in Spark's legacy calendar", () => {
  it("refuses a marked file holding an ancient date, naming the column and the setting, and commits nothing", async () => {
    const files = [await stagedFile("modern.parquet", MODERN_ROWS, SPARK_3), await stagedFile("legacy.parquet", `${SHIFTED_ROW}, ${MODERN_ROWS}`, LEGACY_DATES)];
    const refused = await ingestStaged(request("refused", files)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LegacyCalendarError);
    expect((refused as Error).message).toContain("column born holds dates before 1582-10-15");
    expect((refused as Error).message).toContain("spark.sql.parquet.datetimeRebaseModeInWrite");
    expect((refused as Error).message).not.toContain("seen");
    expect(await openDeltaTable(path.join(scratch.dir, "refused", "dataset")).exists()).toBe(false);
  });

  it("refuses the INT96 mark and a file of a Spark before 3.0 (which never marked) the same way, timestamps before 1900 included", async () => {
    const int96 = await stagedFile("int96.parquet", "('old', DATE '2000-01-01', TIMESTAMPTZ '1899-12-31 23:59:59+00')", { ...SPARK_3, "org.apache.spark.legacyINT96": "" });
    expect(((await ingestStaged(request("int96", [int96])).catch((e: unknown) => e)) as Error).message).toContain("column seen holds");
    const spark2 = await stagedFile("spark2.parquet", SHIFTED_ROW, { "org.apache.spark.version": "2.4.8" });
    expect(await ingestStaged(request("spark2", [spark2])).catch((e: unknown) => e)).toBeInstanceOf(LegacyCalendarError);
  });

  it("ingests a marked file whose values all lie past the lines exactly, not renamed (the new footer would lose the mark)", async () => {
    const marked = await ingestStaged(request("marked-modern", [await stagedFile("marked-modern.parquet", MODERN_ROWS, LEGACY_DATES)]));
    expect(marked).toMatchObject({ committed: true, outputRecords: 2, renamedFiles: 0 });
    const expected = [["a", "1970-01-02", "2024-01-01 00:00:00.000001"], ["b", null, null]];
    expect(await datasetRows("marked-modern")).toEqual(expected);
    // the same file without the mark is a pure rename of its columns
    const plain = await ingestStaged(request("plain-modern", [await stagedFile("plain-modern.parquet", MODERN_ROWS, SPARK_3)]));
    expect(plain).toMatchObject({ committed: true, outputRecords: 2, renamedFiles: 1 });
    expect(await datasetRows("plain-modern")).toEqual(expected);
  });

  it("ingests an unmarked file's ancient values as they are: Spark 3 wrote them in the proleptic Gregorian calendar", async () => {
    const file = await stagedFile("corrected.parquet", "('first', DATE '0001-01-01', TIMESTAMPTZ '1066-10-14 09:00:00.000001+00')", SPARK_3);
    expect(await ingestStaged(request("corrected", [file]))).toMatchObject({ committed: true, outputRecords: 1 });
    expect(await datasetRows("corrected")).toEqual([["first", "0001-01-01", "1066-10-14 09:00:00.000001"]]);
  });
});

describe("the condition that finds an ancient date or timestamp at any depth", () => {
  const holds = async (type: string, value: string) => {
    const condition = ancientValueCondition("v", parseDuckDbType(type), datesAndTimestamps);
    const [[result]] = (await scratch.conn.runAndReadAll(`SELECT coalesce(${condition}, false) FROM (SELECT CAST(${value} AS ${type}) AS v)`)).getRowsJson();
    return result;
  };

  it("looks into members, elements, map keys and values, and skips NULLs", async () => {
    expect(await holds("DATE", "DATE '1582-10-14'")).toBe(true);
    expect(await holds("DATE", "DATE '1582-10-15'")).toBe(false);
    expect(await holds("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ '1899-12-31 23:59:59.999999+00'")).toBe(true);
    expect(await holds("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ '1900-01-01 00:00:00+00'")).toBe(false);
    expect(await holds("STRUCT(a INTEGER, b STRUCT(c DATE[]))", "{'a': 1, 'b': {'c': [DATE '2000-01-01', NULL, DATE '1000-01-01']}}")).toBe(true);
    expect(await holds("STRUCT(a INTEGER, b STRUCT(c DATE[]))", "{'a': 1, 'b': {'c': [DATE '2000-01-01', NULL]}}")).toBe(false);
    expect(await holds("STRUCT(a INTEGER, b STRUCT(c DATE[]))", "{'a': 1, 'b': NULL}")).toBe(false);
    expect(await holds("MAP(DATE, INTEGER)", "MAP {DATE '0001-01-01': 1}")).toBe(true);
    expect(await holds("MAP(VARCHAR, TIMESTAMP[])", "MAP {'k': [TIMESTAMP '1800-01-01 00:00:00']}")).toBe(true);
    expect(await holds("MAP(VARCHAR, TIMESTAMP[])", "MAP {'k': [TIMESTAMP '2000-01-01 00:00:00']}")).toBe(false);
    expect(ancientValueCondition("v", parseDuckDbType("STRUCT(a VARCHAR, b DOUBLE[])"), datesAndTimestamps)).toBeUndefined();
  });
});
