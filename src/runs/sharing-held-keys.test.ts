import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { SharedFile, SharedMetadata } from "../delta-sharing/index.js";
import { filesHoldingChangedKeys } from "./sharing-held-keys.js";

const metadataOf = (type: string, extra: Partial<SharedMetadata> = {}): SharedMetadata => ({
  id: "t",
  schemaString: JSON.stringify({ type: "struct", fields: [{ name: "order_id", type, nullable: true, metadata: {} }, { name: "status", type: "string", nullable: true, metadata: {} }] }),
  partitionColumns: [],
  configuration: {},
  ...extra,
});

/** A file whose stats give the key's minimum and maximum as written (raw JSON text), or no stats. */
const file = (id: string, min?: string, max?: string): SharedFile => ({
  id,
  url: `https://files/${id}`,
  partitionValues: {},
  size: 1,
  ...(min === undefined ? {} : { stats: `{"numRecords":2,"minValues":{"order_id":${min}},"maxValues":{"order_id":${max}}}` }),
});

describe("the pinned files a change window's key check downloads", () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
    conn = await instance.connect();
  });
  afterAll(() => {
    conn.closeSync();
    instance.closeSync();
  });

  const changes = (values: string[], type: string) => `(SELECT * FROM (VALUES ${values.map((v) => `(CAST(${v} AS ${type}))`).join(", ")}) AS c(order_id))`;
  const chosen = async (values: string[], type: string, metadata: SharedMetadata, files: SharedFile[]) =>
    (await filesHoldingChangedKeys(conn, changes(values, type === "long" ? "BIGINT" : "VARCHAR"), ["order_id"], metadata, files)).map((f) => f.id);

  it("keeps the files whose key range holds a changed key, and those whose stats do not say exactly", async () => {
    const files = [file("low", "1", "10"), file("middle", "11", "20"), file("high", "100", "200"), file("none"), file("huge", "9007199254740993", "9007199254740999")];
    expect(await chosen(["5", "150", "NULL"], "long", metadataOf("long"), files)).toEqual(["low", "high", "none", "huge"]);
  });

  it("keeps no file when the window changed no key: none to count", async () => {
    const files = [file("low", "1", "10"), file("none")];
    expect(await chosen(["NULL"], "long", metadataOf("long"), files)).toEqual([]);
    expect(await chosen(["NULL"], "double", metadataOf("double"), files)).toEqual([]);
    expect(await chosen(["150"], "double", metadataOf("double"), files)).toEqual(["low", "none"]);
  });

  it("compares strings as DuckDB orders them, and keeps a file whose maximum Delta may have cut", async () => {
    const cut = "x".repeat(32);
    const files = [file("a-c", '"apple"', '"cherry"'), file("d-f", '"date"', '"fig"'), file("cut", '"x"', `"${cut}"`)];
    expect(await chosen(["'elder'"], "string", metadataOf("string"), files)).toEqual(["d-f", "cut"]);
    // past the cut maximum, yet maybe within the file's values
    expect(await chosen([`'${cut}z'`], "string", metadataOf("string"), files)).toEqual(["cut"]);
  });

  it("keeps every file when the key is of a type whose stats are not exact", async () => {
    const files = [file("low", "1", "10"), file("high", "100", "200")];
    expect(await chosen(["150"], "long", metadataOf("double"), files)).toEqual(["low", "high"]);
  });

  it("rules files out by every key column: a composite key whose first column's stats say nothing is narrowed by the next", async () => {
    const both = (id: string, status: [string, string], partition: string): SharedFile => ({
      id,
      url: `https://files/${id}`,
      partitionValues: { status: partition },
      size: 1,
      stats: `{"numRecords":2,"minValues":{"order_id":1.5,"status":"${status[0]}"},"maxValues":{"order_id":9.5,"status":"${status[1]}"}}`,
    });
    const files = [both("a-c", ["a", "c"], "x"), both("d-f", ["d", "f"], "y"), both("p-z", ["p", "z"], "y")];
    const composite = `(SELECT * FROM (VALUES (CAST(5 AS DOUBLE), 'e'), (CAST(6 AS DOUBLE), NULL)) AS c(order_id, status))`;
    const chosenBy = async (metadata: SharedMetadata) => (await filesHoldingChangedKeys(conn, composite, ["order_id", "status"], metadata, files)).map((f) => f.id);
    // order_id (a double) rules none out; status by its stats, or by its partition value
    expect(await chosenBy(metadataOf("double"))).toEqual(["d-f"]);
    expect(await chosenBy(metadataOf("double", { partitionColumns: ["status"] }))).toEqual([]);
  });

  it("keeps, when the key partitions the table, the files whose partition value is a changed key, and those whose value is not given", async () => {
    const partition = (id: string, values: Record<string, string | null>): SharedFile => ({ id, url: `https://files/${id}`, partitionValues: values, size: 1 });
    const byId = [partition("5", { order_id: "5" }), partition("150", { ORDER_ID: "150" }), partition("null", { order_id: null }), partition("empty", { order_id: "" }), partition("other", {})];
    expect(await chosen(["150", "NULL"], "long", metadataOf("long", { partitionColumns: ["order_id"] }), byId)).toEqual(["150", "other"]);
    const long = "x".repeat(40);
    const byName = [partition("long", { order_id: long }), partition("short", { order_id: "a" })];
    expect(await chosen([`'${long}'`], "string", metadataOf("string", { partitionColumns: ["order_id"] }), byName)).toEqual(["long"]);
    const mapped = metadataOf("long", { partitionColumns: ["order_id"], configuration: { "delta.columnMapping.mode": "name" } });
    const schema = JSON.parse(mapped.schemaString);
    schema.fields[0].metadata = { "delta.columnMapping.physicalName": "col-1" };
    const physical = [partition("7", { "col-1": "7" }), partition("8", { "col-1": "8" })];
    expect(await chosen(["8"], "long", { ...mapped, schemaString: JSON.stringify(schema) }, physical)).toEqual(["8"]);
  });
});
