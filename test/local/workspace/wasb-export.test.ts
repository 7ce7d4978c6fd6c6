import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_HOST, containerSas, expectError, rows, startHarness, type Harness } from "../../support/local-workspace.js";

const KEY = (container: string) => `fs.azure.sas.${container}.${ACCOUNT_HOST}`;
const TARGET = (container: string, p: string) => `wasbs://${container}@${ACCOUNT_HOST}/${p}`;

const TYPED_SELECT = `SELECT id,
  9007199254740993L + id AS big,
  CAST('12345678901234567890.123456789012345678' AS DECIMAL(38,18)) AS dec,
  TIMESTAMP '2024-03-01 12:34:56.123456' AS ts,
  TIMESTAMP_NTZ '2024-03-01 12:34:56.654321' AS ntz,
  DATE '2024-02-29' AS d,
  X'00FF' AS bin,
  named_struct('city', 'Paris', 'zip', CAST(id AS STRING)) AS addr,
  array(1, 2, 3) AS arr,
  map('k', id) AS m
FROM range(3)`;

describe("INSERT OVERWRITE DIRECTORY to wasbs:// with the SAS in spark_conf", () => {
  let h: Harness;
  let ctx: string;
  const scratch = mkdtempSync(path.join(os.tmpdir(), "wasb-export-"));

  async function setSparkConf(conf: Record<string, string>) {
    issuedSas.push(...Object.values(conf));
    const r = await h.client.post("/api/2.1/clusters/update", { cluster_id: h.ws.clusterId, update_mask: "spark_conf", cluster: { spark_conf: conf } });
    expect(r.status).toBe(200);
    await h.client.waitForState("RUNNING");
    ctx = await h.client.createContext();
  }

  async function blobNames(container: string, prefix: string): Promise<string[]> {
    const names: string[] = [];
    for await (const b of h.blobService.getContainerClient(container).listBlobsFlat({ prefix })) names.push(b.name);
    return names.sort();
  }

  const logLines: string[] = [];
  const issuedSas: string[] = [];
  beforeAll(async () => {
    h = await startHarness({ logger: pino({ level: "debug" }, { write: (line: string) => void logLines.push(line) }) });
    await h.client.waitForState("RUNNING");
    ctx = await h.client.createContext();
  });
  afterAll(async () => {
    await h.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("fails with WASB's anonymous-access text when spark_conf has no SAS for the container", async () => {
    await h.blobService.getContainerClient("nokey").createIfNotExists();
    const summary = expectError(await h.client.sql(ctx, `INSERT OVERWRITE DIRECTORY '${TARGET("nokey", "out")}' USING PARQUET SELECT 1 AS a`));
    expect(summary).toContain(
      `Unable to access container 'nokey' in account '${ACCOUNT_HOST}' using anonymous credentials. No credentials found in the configuration. Public access is not permitted on this storage account.`,
    );
    expect(await blobNames("nokey", "")).toEqual([]);
  });

  it("writes Spark-named Parquet parts and _SUCCESS with a valid SAS, replacing what was there", async () => {
    const { sas } = await containerSas(h, "staging");
    await setSparkConf({ [KEY("staging")]: sas });
    const stale = h.blobService.getContainerClient("staging").getBlockBlobClient("adobe-managed-staging/run1/old.parquet");
    await stale.upload("x", 1);
    const done = await h.client.sql(ctx, `INSERT OVERWRITE DIRECTORY '${TARGET("staging", "adobe-managed-staging/run1")}' USING PARQUET ${TYPED_SELECT}`);
    expect(done.results).toMatchObject({ resultType: "table", data: [] });
    const names = await blobNames("staging", "adobe-managed-staging/run1/");
    expect(names).not.toContain("adobe-managed-staging/run1/old.parquet");
    expect(names).toContain("adobe-managed-staging/run1/_SUCCESS");
    const parts = names.filter((n) => n.endsWith(".parquet"));
    expect(parts.length).toBeGreaterThanOrEqual(1);
    for (const p of parts) expect(p).toMatch(/\/part-\d{5}-[0-9a-f-]{36}-c000\.snappy\.parquet$/);

    // read the files back: types and values survive without loss
    const local = parts.map((p, k) => {
      const file = path.join(scratch, `part-${k}.parquet`);
      return { p, file };
    });
    for (const { p, file } of local) {
      const buf = await h.blobService.getContainerClient("staging").getBlobClient(p).downloadToBuffer();
      writeFileSync(file, buf);
    }
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    try {
      const files = `[${local.map((l) => `'${l.file}'`).join(",")}]`;
      const schema = await conn.runAndReadAll(`SELECT name, type, logical_type, converted_type FROM parquet_schema(${files}) WHERE name IN ('big','dec','ts','ntz','d','bin')`);
      const byName = Object.fromEntries(schema.getRowObjectsJson().map((r) => [r.name, r]));
      expect(byName.big).toMatchObject({ type: "INT64" });
      expect(String(byName.dec.logical_type)).toContain("precision=38");
      expect(String(byName.dec.logical_type)).toContain("scale=18");
      expect(String(byName.ts.logical_type)).toContain("isAdjustedToUTC=1");
      expect(String(byName.ts.logical_type)).toContain("MICROS");
      expect(String(byName.ntz.logical_type)).toContain("isAdjustedToUTC=0");
      expect(byName.d.converted_type).toBe("DATE");
      expect(byName.bin.type).toBe("BYTE_ARRAY");
      await conn.run("SET TimeZone='UTC'");
      const values = await conn.runAndReadAll(
        `SELECT CAST(big AS VARCHAR) big, CAST("dec" AS VARCHAR) "dec", strftime(ts, '%Y-%m-%dT%H:%M:%S.%f') ts, CAST(ntz AS VARCHAR) ntz, CAST(d AS VARCHAR) d, hex(bin) bin, addr.city city, arr, m['k'] mk FROM read_parquet(${files}) ORDER BY id`,
      );
      const first = values.getRowObjectsJson()[0];
      expect(first).toMatchObject({
        big: "9007199254740993",
        dec: "12345678901234567890.123456789012345678",
        ts: "2024-03-01T12:34:56.123456",
        ntz: "2024-03-01 12:34:56.654321",
        d: "2024-02-29",
        bin: "00FF",
        city: "Paris",
      });
      const meta = await conn.runAndReadAll(`SELECT decode(value) v FROM parquet_kv_metadata(${files}) WHERE decode(key) = 'org.apache.spark.sql.parquet.row.metadata' LIMIT 1`);
      const sparkSchema = JSON.parse(String(meta.getRowObjectsJson()[0].v));
      expect(sparkSchema.fields.map((f: any) => [f.name, f.type])).toContainEqual(["dec", "decimal(38,18)"]);
      expect(sparkSchema.fields.map((f: any) => [f.name, f.type])).toContainEqual(["ts", "timestamp"]);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });

  it("takes the compression option and also reads the key under spark.hadoop.", async () => {
    const { sas } = await containerSas(h, "hadoopkey");
    await setSparkConf({ [`spark.hadoop.${KEY("hadoopkey")}`]: sas });
    const done = await h.client.sql(ctx, `INSERT OVERWRITE DIRECTORY '${TARGET("hadoopkey", "gz")}' USING PARQUET OPTIONS ('compression' = 'gzip') SELECT id FROM range(10)`);
    expect(done.results.resultType).toBe("table");
    const names = await blobNames("hadoopkey", "gz/");
    expect(names.some((n) => n.endsWith("-c000.gz.parquet"))).toBe(true);
  });

  it("surfaces the storage 403 once the SAS is revoked", async () => {
    const { sas, revoke } = await containerSas(h, "revoked");
    await setSparkConf({ [KEY("revoked")]: sas });
    expect((await h.client.sql(ctx, `INSERT OVERWRITE DIRECTORY '${TARGET("revoked", "a")}' USING PARQUET SELECT 1 AS x`)).results.resultType).toBe("table");
    await revoke();
    const summary = expectError(await h.client.sql(ctx, `INSERT OVERWRITE DIRECTORY '${TARGET("revoked", "a")}' USING PARQUET SELECT 1 AS x`));
    expect(summary).toContain("HTTP 403");
    expect(summary).toMatch(/Authoriz/);
    expect(summary).not.toContain(new URLSearchParams(sas).get("sig")!);
  });

  it("surfaces the storage 403 for an expired SAS", async () => {
    const { sas } = await containerSas(h, "expired", new Date(Date.now() - 60_000));
    await setSparkConf({ [KEY("expired")]: sas });
    const summary = expectError(await h.client.sql(ctx, `INSERT OVERWRITE DIRECTORY '${TARGET("expired", "a")}' USING PARQUET SELECT 1 AS x`));
    expect(summary).toContain("HTTP 403");
  });

  it("uses only the SAS of the target container, not another container's", async () => {
    const { sas } = await containerSas(h, "other");
    await setSparkConf({ [KEY("other")]: sas });
    const summary = expectError(await h.client.sql(ctx, `INSERT OVERWRITE DIRECTORY '${TARGET("staging", "x")}' USING PARQUET SELECT 1 AS x`));
    expect(summary).toContain("anonymous credentials");
  });

  it("refuses other formats, schemes and options by name", async () => {
    expect(expectError(await h.client.sql(ctx, `INSERT OVERWRITE DIRECTORY '${TARGET("other", "x")}' USING CSV SELECT 1`))).toContain("USING CSV");
    expect(expectError(await h.client.sql(ctx, `INSERT OVERWRITE DIRECTORY 'abfss://c@a.dfs.core.windows.net/x' USING PARQUET SELECT 1`))).toContain("abfss");
    expect(expectError(await h.client.sql(ctx, `INSERT OVERWRITE DIRECTORY '/tmp/x' USING PARQUET SELECT 1`))).toContain("local paths");
    expect(expectError(await h.client.sql(ctx, `INSERT OVERWRITE DIRECTORY '${TARGET("other", "x")}' USING PARQUET OPTIONS ('mergeSchema' = 'true') SELECT 1`))).toContain("mergeSchema");
    expect(rows(await h.client.sql(ctx, "SELECT 1 AS still_fine"))).toEqual([{ still_fine: 1 }]);
  });

  it("never writes a SAS token or signature to the log", () => {
    expect(logLines.some((l) => l.includes("INSERT OVERWRITE DIRECTORY wrote Parquet to Blob"))).toBe(true);
    for (const sas of issuedSas) {
      const sig = new URLSearchParams(sas).get("sig")!;
      for (const line of logLines) {
        expect(line).not.toContain(sig);
        expect(line).not.toContain(encodeURIComponent(sig));
      }
    }
  });
});
