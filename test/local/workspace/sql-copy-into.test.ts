import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_HOST, containerSas, expectError, rows as resultRows, sqlSession, startHarness, type Harness } from "../../support/local-workspace.js";

/** COPY INTO on the local workspace: a folder's files loaded into a Delta table once each, their columns into the table's of their names. */
describe("COPY INTO on the local workspace", () => {
  const landing = mkdtempSync(path.join(os.tmpdir(), "copy-into-"));
  const outside = mkdtempSync(path.join(os.tmpdir(), "copy-into-outside-"));
  const { ok, sql, location } = sqlSession({ tableRoots: [landing] }, async (ok) => {
    await ok("CREATE TABLE readings (id BIGINT, value DECIMAL(10,2), note STRING)");
  });
  const refused = async (command: string) => expectError(await sql(command));
  const rows = () => ok("SELECT id, value, note FROM readings ORDER BY id");

  beforeAll(async () => {
    mkdirSync(path.join(landing, "csv"));
    writeFileSync(path.join(landing, "csv", "a.csv"), "id,value,note\n1,1.50,first\n2,2.25,\n");
    writeFileSync(path.join(landing, "csv", "b.csv"), "id,value,note\n3,3.00,third\n");
    writeFileSync(path.join(landing, "csv", "_ignored.csv"), "id,value,note\n99,9.99,hidden\n");
    mkdirSync(path.join(landing, "parquet"));
    const db = await DuckDBInstance.create();
    const conn = await db.connect();
    await conn.run(`COPY (SELECT 10::BIGINT AS id, 10.10::DECIMAL(10,2) AS value, 'p' AS note, 'x' AS extra) TO '${path.join(landing, "parquet", "p.parquet")}' (FORMAT parquet)`);
    conn.closeSync();
    writeFileSync(path.join(landing, "rows.json"), '{"id": 20, "note": "json"}\n{"id": 21, "value": 21.5}\n');
    mkdirSync(path.join(landing, "headerless"));
    writeFileSync(path.join(landing, "headerless", "h.csv"), "30,ada,7\n31,bob,8\n");
    mkdirSync(path.join(landing, "checked"));
    writeFileSync(path.join(landing, "checked", "1-good.csv"), "id,value,note\n40,1.00,fine\n41,2.00,fine\n");
    writeFileSync(path.join(landing, "checked", "2-bad.csv"), "id,value,note\n42,-5.00,negative\n");
  });

  it("loads a folder's CSV files by their header's names, once each: run again, it loads only new files", async () => {
    const [first] = await ok(`COPY INTO readings FROM '${path.join(landing, "csv")}' FILEFORMAT = CSV FORMAT_OPTIONS ('header' = 'true')`);
    expect(first).toEqual({ num_affected_rows: 3, num_inserted_rows: 3, num_skipped_corrupt_files: 0 });
    expect(await rows()).toEqual([
      { id: 1, value: "1.50", note: "first" },
      { id: 2, value: "2.25", note: null },
      { id: 3, value: "3.00", note: "third" },
    ]);
    const [again] = await ok(`COPY INTO readings FROM '${path.join(landing, "csv")}' FILEFORMAT = CSV FORMAT_OPTIONS ('header' = 'true')`);
    expect(again).toEqual({ num_affected_rows: 0, num_inserted_rows: 0, num_skipped_corrupt_files: 0 });
    writeFileSync(path.join(landing, "csv", "c.csv"), "id,value,note\n4,4.00,fourth\n");
    const [more] = await ok(`COPY INTO readings FROM '${path.join(landing, "csv")}' FILEFORMAT = CSV FORMAT_OPTIONS ('header' = 'true')`);
    expect(more.num_inserted_rows).toBe(1);
    const [history] = await ok("DESCRIBE HISTORY readings LIMIT 1");
    expect(history.operation).toBe("COPY INTO");
    const [forced] = await ok(`COPY INTO readings FROM '${path.join(landing, "csv")}' FILEFORMAT = CSV FILES = ('c.csv') FORMAT_OPTIONS ('header' = 'true') COPY_OPTIONS ('force' = 'true')`);
    expect(forced.num_inserted_rows).toBe(1);
    expect((await ok("SELECT count(*) AS n FROM readings WHERE id = 4"))[0].n).toBe(2);
  });

  it("loads JSON lines, a missing column NULL; a PATTERN picks the files", async () => {
    await ok(`COPY INTO readings FROM '${landing}' FILEFORMAT = JSON PATTERN = '*.json'`);
    expect(await ok("SELECT id, value, note FROM readings WHERE id >= 20 ORDER BY id")).toEqual([
      { id: 20, value: null, note: "json" },
      { id: 21, value: "21.50", note: null },
    ]);
  });

  it("refuses columns the table lacks unless mergeSchema, which adds them", async () => {
    const folder = path.join(landing, "parquet");
    expect(await refused(`COPY INTO readings FROM '${folder}' FILEFORMAT = PARQUET`)).toContain("[COPY_INTO_SCHEMA_MISMATCH_WITH_TARGET_TABLE] The files have columns `extra`");
    await ok(`COPY INTO readings FROM '${folder}' FILEFORMAT = PARQUET COPY_OPTIONS ('mergeSchema' = 'true')`);
    expect(await ok("SELECT id, extra FROM readings WHERE id = 10")).toEqual([{ id: 10, extra: "x" }]);
  });

  it("FROM (SELECT expressions FROM 'location') loads what the expressions make of the files' columns", async () => {
    const folder = path.join(landing, "headerless");
    const [loaded] = await ok(`COPY INTO readings FROM (SELECT CAST(_c0 AS BIGINT) AS id, upper(_c1) AS note, CAST(_c2 AS INT) * 1.5 AS value FROM '${folder}') FILEFORMAT = CSV`);
    expect(loaded.num_inserted_rows).toBe(2);
    expect(await ok("SELECT id, value, note FROM readings WHERE id IN (30, 31) ORDER BY id")).toEqual([
      { id: 30, value: "10.50", note: "ADA" },
      { id: 31, value: "12.00", note: "BOB" },
    ]);
    expect(await refused(`COPY INTO readings FROM (SELECT _c9 AS id FROM '${folder}') FILEFORMAT = CSV COPY_OPTIONS ('force' = 'true')`)).toContain("_c9");
    expect(await refused(`COPY INTO readings FROM (SELECT _c0 AS id FROM '${folder}' WHERE _c0 > 1) FILEFORMAT = CSV`)).toContain("WHERE");
  });

  it("BY POSITION and a column list put a headerless CSV's columns into the table's in order, identity columns left to number themselves", async () => {
    await ok("CREATE TABLE people (n BIGINT GENERATED ALWAYS AS IDENTITY, name STRING, score INT)");
    const folder = path.join(landing, "people");
    mkdirSync(folder);
    writeFileSync(path.join(folder, "p.csv"), "ada,7\nbob,8\n");
    await ok(`COPY INTO people BY POSITION FROM '${folder}' FILEFORMAT = CSV`);
    expect(await ok("SELECT n, name, score FROM people ORDER BY n")).toEqual([
      { n: 1, name: "ada", score: 7 },
      { n: 2, name: "bob", score: 8 },
    ]);
    writeFileSync(path.join(folder, "q.csv"), "9,cyd\n");
    await ok(`COPY INTO people (score, name) FROM '${folder}' FILEFORMAT = CSV`);
    expect(await ok("SELECT name, score FROM people WHERE n = 3")).toEqual([{ name: "cyd", score: 9 }]);
    writeFileSync(path.join(folder, "r.csv"), "1,2,3\n");
    expect(await refused(`COPY INTO people BY POSITION FROM '${folder}' FILEFORMAT = CSV`)).toContain("INSERT_COLUMN_ARITY_MISMATCH");
    expect(await refused(`COPY INTO people (score, nope) FROM '${folder}' FILEFORMAT = CSV`)).toContain("`nope`");
    expect(await refused(`COPY INTO people BY POSITION FROM '${folder}' FILEFORMAT = CSV FORMAT_OPTIONS ('header' = 'true')`)).toContain("headerless CSV");
  });

  it("VALIDATE checks the rows as the load would and writes nothing; n ROWS checks and answers the first n", async () => {
    await ok("CREATE TABLE checked (id BIGINT NOT NULL, value DECIMAL(10,2), note STRING)");
    await ok("ALTER TABLE checked ADD CONSTRAINT positive CHECK (value > 0)");
    const folder = path.join(landing, "checked");
    const version = async () => Number((await ok("DESCRIBE HISTORY checked LIMIT 1"))[0].version);
    const before = await version();
    const filesBefore = Number((await ok("DESCRIBE DETAIL checked"))[0].numFiles);
    const format = "FILEFORMAT = CSV FORMAT_OPTIONS ('header' = 'true')";
    expect(await refused(`COPY INTO checked FROM '${folder}' ${format} VALIDATE ALL`)).toContain("DELTA_VIOLATE_CONSTRAINT_WITH_VALUES");
    const preview = await ok(`COPY INTO checked FROM '${folder}' ${format} VALIDATE 2 ROWS`);
    expect(preview).toEqual([
      { id: 40, value: "1.00", note: "fine" },
      { id: 41, value: "2.00", note: "fine" },
    ]);
    expect(await version()).toBe(before);
    expect(Number((await ok("DESCRIBE DETAIL checked"))[0].numFiles)).toBe(filesBefore);
    expect(readdirSync(await location("checked")).filter((f) => f.endsWith(".parquet"))).toEqual([]);
    // validated files are not loaded: the load that follows takes them
    expect((await ok(`COPY INTO checked FROM '${folder}' ${format} FILES = ('1-good.csv')`))[0].num_inserted_rows).toBe(2);
  });

  it("reads only where tables may live, and refuses a format it does not read", async () => {
    writeFileSync(path.join(outside, "secret.csv"), "id\n1\n");
    expect(await refused(`COPY INTO readings FROM '${outside}' FILEFORMAT = CSV`)).toContain(outside);
    expect(await refused(`COPY INTO readings FROM '${landing}' FILEFORMAT = AVRO`)).toContain("FILEFORMAT = AVRO");
    expect(await refused(`COPY INTO readings FROM '${path.join(landing, "nowhere")}' FILEFORMAT = CSV`)).toContain("PATH_NOT_FOUND");
  });
});

describe("COPY INTO from a wasbs:// folder", () => {
  let h: Harness;
  let ctx: string;
  const sql = (command: string) => h.client.sql(ctx, command);
  const ok = async (command: string) => resultRows(await sql(command));
  const FOLDER = `wasbs://landing@${ACCOUNT_HOST}/daily`;

  beforeAll(async () => {
    h = await startHarness();
    await h.client.waitForState("RUNNING");
    ctx = await h.client.createContext();
    const container = h.blobService.getContainerClient("landing");
    await container.createIfNotExists();
    const put = (name: string, text: string) => container.getBlockBlobClient(name).upload(text, Buffer.byteLength(text));
    await put("daily/a.csv", "id,note\n1,from blob\n");
    await put("daily/2024/b.csv", "id,note\n2,nested\n");
    await put("daily/_SUCCESS", "");
    await put("elsewhere/c.csv", "id,note\n3,not in the folder\n");
    await ok("CREATE TABLE landed (id BIGINT, note STRING)");
  });
  afterAll(() => h?.close());

  it("needs the container's credential in the cluster's Spark config, then loads the folder's files once each", async () => {
    expect(expectError(await sql(`COPY INTO landed FROM '${FOLDER}' FILEFORMAT = CSV FORMAT_OPTIONS ('header' = 'true')`))).toContain("anonymous credentials");
    const { sas } = await containerSas(h, "landing");
    await h.client.post("/api/2.1/clusters/update", { cluster_id: h.ws.clusterId, update_mask: "spark_conf", cluster: { spark_conf: { [`fs.azure.sas.landing.${ACCOUNT_HOST}`]: sas } } });
    await h.client.waitForState("RUNNING");
    ctx = await h.client.createContext();
    const [first] = await ok(`COPY INTO landed FROM '${FOLDER}' FILEFORMAT = CSV FORMAT_OPTIONS ('header' = 'true')`);
    expect(first.num_inserted_rows).toBe(2);
    expect(await ok("SELECT id, note FROM landed ORDER BY id")).toEqual([
      { id: 1, note: "from blob" },
      { id: 2, note: "nested" },
    ]);
    const [again] = await ok(`COPY INTO landed FROM '${FOLDER}/' FILEFORMAT = CSV FORMAT_OPTIONS ('header' = 'true')`);
    expect(again.num_inserted_rows).toBe(0);
    const [history] = await ok("DESCRIBE HISTORY landed LIMIT 1");
    expect(JSON.parse((history.operationParameters as Record<string, string>).files)).toEqual([`${FOLDER}/2024/b.csv`, `${FOLDER}/a.csv`]);
    expect(expectError(await sql(`COPY INTO landed FROM 'wasbs://landing@${ACCOUNT_HOST}/nowhere' FILEFORMAT = CSV`))).toContain("PATH_NOT_FOUND");
  });
});
