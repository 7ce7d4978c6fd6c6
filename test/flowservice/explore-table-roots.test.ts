import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabricksClient } from "../../src/databricks/client.js";
import { openDeltaTable } from "../../src/delta/index.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, createConnection, FS, waitForCluster } from "../support/aep-calls.js";

/** A small Delta table written by the project's own writer, as the lake keeps a dataset. */
async function writeDeltaTable(folder: string, rows: number): Promise<void> {
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  try {
    const table = openDeltaTable(folder);
    await table.create({ schema: { type: "struct", fields: [{ name: "secret", type: "long", nullable: true, metadata: {} }] } });
    await table.append(conn, `SELECT range AS secret FROM range(${rows})`);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

describe("path-based tables of the local workspace stay inside its warehouse and the listed roots", () => {
  let system: TestSystem;
  /** a folder the operator lists; it holds the test's data folder too, which must stay out of reach */
  const listedRoot = tmpdir();
  const external = mkdtempSync(path.join(listedRoot, "table-roots-"));
  let devConnection: string;
  let prodDatasetFolder: string;

  const explore = (object: string) =>
    call(system, "GET", `${FS}/connections/${devConnection}/explore?objectType=table&preview=true&object=${encodeURIComponent(object)}`, { sandbox: "dev" });

  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 20 }, env: { DATABRICKS_LOCAL_TABLE_ROOTS: listedRoot } });
    await waitForCluster(system, "RUNNING");
    prodDatasetFolder = path.join(system.lakeDir, "datasets", "6a1b2c3d4e5f6a7b8c9d0e1f");
    await writeDeltaTable(prodDatasetFolder, 3);
    await writeDeltaTable(path.join(external, "shared"), 5);
    devConnection = await createConnection(system, {}, "dev");
  });
  afterAll(async () => {
    await system?.close();
    rmSync(external, { recursive: true, force: true });
  });

  it("refuses a dev sandbox's explore of a prod dataset's Delta folder, naming the allowed roots", async () => {
    const { status, body } = await explore(`delta.\`${prodDatasetFolder}\``);
    expect(status).toBe(400);
    expect(body.title ?? body.message).toBeDefined();
    const text = JSON.stringify(body);
    expect(text).toContain("INSUFFICIENT_PERMISSIONS");
    expect(text).toContain(listedRoot);
    expect(text).not.toContain('"secret"');
  });

  it("refuses the same folder reached as file:, through .. or through a symbolic link inside a listed root", async () => {
    const link = path.join(external, "link-to-lake");
    symlinkSync(prodDatasetFolder, link);
    for (const object of [
      `delta.\`file:${prodDatasetFolder}\``,
      `delta.\`${path.join(external, "..", path.relative(path.dirname(external), prodDatasetFolder))}\``,
      `delta.\`${link}\``,
    ]) {
      const { status, text } = await explore(object);
      expect({ object, status }).toEqual({ object, status: 400 });
      expect(text).toContain("INSUFFICIENT_PERMISSIONS");
    }
  });

  it("previews a Delta table under a listed root", async () => {
    const { status, body } = await explore(`delta.\`${path.join(external, "shared")}\``);
    expect(status).toBe(200);
    expect(body.data).toHaveLength(5);
  });

  it("refuses CREATE TABLE … LOCATION in the service's data folder, takes one under a listed root", async () => {
    const cluster = new DatabricksClient({ domain: system.workspace!.url, accessToken: system.workspace!.token }).cluster(system.workspace!.clusterId);
    await cluster.session(
      async (sql) => {
        await expect(sql.run(`CREATE TABLE demo.stolen USING DELTA LOCATION '${prodDatasetFolder}'`)).rejects.toThrow(/INSUFFICIENT_PERMISSIONS/);
        const keys = path.join(system.dataDir, "keys", "elsewhere");
        mkdirSync(path.dirname(keys), { recursive: true });
        await expect(sql.run(`CREATE TABLE demo.planted (id BIGINT) USING DELTA LOCATION '${keys}'`)).rejects.toThrow(/INSUFFICIENT_PERMISSIONS/);
        await sql.run(`CREATE TABLE demo.shared USING DELTA LOCATION '${path.join(external, "shared")}'`);
        expect((await sql.run("SELECT count(*) AS n FROM demo.shared")).rows).toEqual([[5]]);
      },
      { timeoutMs: 30_000 },
    );
  });
});
