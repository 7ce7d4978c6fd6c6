/**
 * Ingestion reads Parquet the way Spark writes it on a real cluster: INT96 timestamps, the legacy
 * decimal and list/map encodings, Spark's MAP and nested struct layouts, with the `_SUCCESS`,
 * `_started_*`, `_committed_*` markers and `.crc` files a Spark job leaves beside its part files.
 * The data files of Spark-written Delta fixtures are staged in Blob as a cluster stages an export,
 * listed and downloaded as a run does, ingested through the columns' suggested XDM fields (as
 * explore suggests them), and the dataset read back must equal each fixture's expected result.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ContainerClient } from "@azure/storage-blob";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newEmbeddedAccount } from "../../local/embedded-account.js";
import { type EmbeddedBlobService, startEmbeddedBlobService } from "../../local/azurite.js";
import { parseJsonType } from "../../src/databricks/spark-types.js";
import { type DuckType, openDeltaTable, parseDuckDbType, quoteIdent } from "../../src/delta/index.js";
import { embeddedBlobAccount } from "../../src/landing-zone/blob-account.js";
import { downloadStagedFiles, listStagedFiles, stagingPrefix } from "../../src/lake/staged-files.js";
import { DECIMAL_AS_NUMBER_MAX_PRECISION, xdmFieldFor } from "../../src/schemaregistry/databricks-to-xdm.js";
import { fixturePath, haveDeltaFixtures, manifest } from "../support/delta-fixtures.js";
import { ingestAndReadBack } from "../support/ingested.js";

const FIXTURES = [
  "parquet-all-types",
  "parquet-all-types-legacy-format",
  "kernel-timestamp-int96",
  "data-reader-map",
  "data-reader-nested-struct",
  "data-reader-array-primitives",
  "basic-decimal-table-legacy",
  "data-reader-timestamp_ntz",
];

describe.runIf(haveDeltaFixtures)("Spark-written Parquet, staged as a cluster stages it, ingested exactly", () => {
  let dir: string;
  let blob: EmbeddedBlobService;
  let container: ContainerClient;
  let instance: DuckDBInstance;
  let conn: Awaited<ReturnType<DuckDBInstance["connect"]>>;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "spark-parquet-"));
    const account = newEmbeddedAccount();
    blob = await startEmbeddedBlobService({ port: 0, accounts: [account] });
    container = embeddedBlobAccount(account.name, account.key, blob.url).service.getContainerClient("landing");
    await container.create();
    instance = await DuckDBInstance.create(":memory:");
    conn = await instance.connect();
    await conn.run("SET TimeZone = 'UTC'");
  });
  afterAll(async () => {
    conn?.closeSync();
    instance?.closeSync();
    await blob?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Uploads a table's live data files under a run's staging prefix, with Spark's markers beside them. */
  async function stageLikeSpark(name: string, files: string[]): Promise<string> {
    const prefix = stagingPrefix(`flow-${name}`, "run-1");
    const upload = (blobName: string, body: Buffer | string) => container.getBlockBlobClient(`${prefix}${blobName}`).upload(body, Buffer.byteLength(body));
    for (const file of files) {
      const base = path.basename(file);
      await upload(base, readFileSync(file));
      await upload(`.${base}.crc`, "crc");
    }
    await upload("_SUCCESS", "");
    await upload("_started_4242", "");
    await upload("_committed_4242", JSON.stringify({ added: files.map((f) => path.basename(f)), removed: [] }));
    await container.getBlockBlobClient(prefix.replace(/\/$/, "")).upload("", 0, { metadata: { hdi_isfolder: "true" } });
    return prefix;
  }

  const columnsOf = async (relation: string) =>
    ((await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${relation}`)).getRowObjectsJson() as Array<{ column_name: string; column_type: string }>).map(
      (c) => ({ name: c.column_name, type: c.column_type }),
    );

  /**
   * A value of the expected result as the suggested field holds it: binary as base64, a wide
   * DECIMAL (a string field) as its exact text, a Spark timestamp as an instant; members alike.
   */
  const asIngested = (sql: string, type: DuckType, depth = 0): string => {
    const x = `x${depth}`;
    switch (type.kind) {
      case "list":
      case "array":
        return `list_transform(${sql}, ${x} -> ${asIngested(x, type.element, depth + 1)})`;
      case "map":
        return `map_from_entries(list_transform(map_entries(${sql}), ${x} -> struct_pack(key := ${x}.key, value := ${asIngested(`${x}.value`, type.value, depth + 1)})))`;
      case "struct":
        return `CASE WHEN ${sql} IS NOT NULL THEN struct_pack(${type.fields.map(({ name, type: field }) => `${quoteIdent(name)} := ${asIngested(`struct_extract(${sql}, '${name}')`, field, depth)}`).join(", ")}) END`;
      case "primitive": {
        const precision = /^DECIMAL\((\d+),/.exec(type.name)?.[1];
        if (precision && Number(precision) > DECIMAL_AS_NUMBER_MAX_PRECISION) return `CAST(${sql} AS VARCHAR)`;
        if (type.name === "BLOB") return `to_base64(${sql})`;
        if (type.name === "TIMESTAMP") return `CAST(${sql} AS TIMESTAMPTZ)`;
        return sql;
      }
    }
  };

  for (const name of FIXTURES) {
    it(`${name}: every row and value as the fixture expects, no row error, markers ignored`, async () => {
      const entry = manifest.find((m) => m.name === name)!;
      expect(entry, `${name} is in the manifest`).toBeDefined();
      const table = openDeltaTable(fixturePath(entry.path));
      const snapshot = await table.snapshot();
      const dataFiles = snapshot.files.map((f) => path.join(fixturePath(entry.path), decodeURIComponent(f.path)));
      const prefix = await stageLikeSpark(name, dataFiles);

      const listed = await listStagedFiles(container, prefix);
      expect(listed.map((f) => path.basename(f.name)).sort()).toEqual(dataFiles.map((f) => path.basename(f)).sort());
      const caseDir = path.join(dir, name);
      const local = await downloadStagedFiles(container, listed, path.join(caseDir, "staged"));

      // the columns the files hold (a partition column lives in the folder names, which an export has not)
      const fields = (JSON.parse(snapshot.metadata.schemaString).fields as Array<{ name: string; type: unknown }>).filter(
        (f) => !snapshot.partitionColumns.includes(f.name),
      );
      const properties = Object.fromEntries(fields.map((f) => [f.name, xdmFieldFor(parseJsonType(f.type))]));
      const ingested = await ingestAndReadBack({
        files: local,
        rules: fields.map((f) => ({ sourceAttribute: f.name, destinationXdmPath: f.name })),
        schema: { properties },
        dir: caseDir,
        select: `to_json(struct_pack(${fields.map((f) => `${quoteIdent(f.name)} := ${quoteIdent(f.name)}`).join(", ")}))::VARCHAR AS row`,
      });
      expect(ingested.rowErrors).toEqual([]);
      expect(ingested.result.outputRecords).toBe(entry.expectedRows);

      const expectedRelation = `read_parquet('${fixturePath(entry.expectedPath!)}/*.parquet', hive_partitioning = false)`;
      const expectedColumns = (await columnsOf(expectedRelation)).filter((c) => fields.some((f) => f.name === c.name));
      const expectedRows = (await conn.runAndReadAll(
        `SELECT to_json(struct_pack(${fields.map((f) => `${quoteIdent(f.name)} := ${asIngested(quoteIdent(f.name), parseDuckDbType(expectedColumns.find((c) => c.name === f.name)!.type))}`).join(", ")}))::VARCHAR AS row FROM ${expectedRelation}`,
      )).getRowObjectsJson() as Array<{ row: string }>;
      const sorted = (rows: Array<Record<string, unknown>>) => rows.map((r) => String(r.row)).sort();
      expect(sorted(ingested.rows)).toEqual(sorted(expectedRows));
    });
  }
});
