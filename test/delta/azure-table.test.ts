import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AzureBlobTableStorage, openDeltaTable, type TableStorage } from "../../src/delta/index.js";
import { ID_AND_GROUP_SCHEMA, rows, useWorkspace } from "../support/delta-tables.js";
import { useAzuriteContainer } from "../support/azurite-lake.js";

const { conn } = useWorkspace();
const azurite = useAzuriteContainer();
const scratch: string[] = [];
afterAll(() => Promise.all(scratch.map((d) => rm(d, { recursive: true, force: true }))));
const localFolder = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "azure-table-"));
  scratch.push(dir);
  return dir;
};

/** A writer on its own "host": its own storage object and its own local copies. */
const host = async (folder: string): Promise<TableStorage> => new AzureBlobTableStorage(azurite.container, folder, { cacheFolder: await localFolder() });

const logEntries = async (folder: string) => {
  const names: string[] = [];
  for await (const blob of azurite.container.listBlobsFlat({ prefix: `${folder}/_delta_log/` })) names.push(blob.name.slice(folder.length + "/_delta_log/".length));
  return names.sort();
};
const rowsOf = (n: number, from: number) => `SELECT (${from} + range)::BIGINT AS id, 'g' || (range % 3) AS grp FROM range(${n})`;

describe("a Delta table in Azure Blob Storage (Azurite)", () => {
  it("lets racing writers each commit once: one wins a version, the others retry on the next; no log entry is overwritten", async () => {
    const folder = azurite.freshFolder();
    await openDeltaTable(await host(folder)).create({ schema: ID_AND_GROUP_SCHEMA });
    const writers = await Promise.all(Array.from({ length: 5 }, () => host(folder)));
    const results = await Promise.all(writers.map((w, i) => openDeltaTable(w).appendOnce(conn, rowsOf(10, i * 100), { appId: `flow-${i}`, version: 1 })));

    expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(results.every((r) => !r.alreadyCommitted)).toBe(true);
    expect(await logEntries(folder)).toEqual([0, 1, 2, 3, 4, 5].map((v) => `${String(v).padStart(20, "0")}.json`));
    const table = openDeltaTable(await host(folder));
    const history = await table.history();
    // every commit but the first to win read version 0 and committed later: they lost and retried
    expect(history.filter((c) => c.operation === "WRITE").map((c) => c.readVersion).sort()).toEqual([0, 1, 2, 3, 4]);
    const snapshot = await table.snapshot();
    expect(Object.fromEntries(Object.entries(snapshot.transactions).map(([k, t]) => [k, t.version]))).toEqual({ "flow-0": 1, "flow-1": 1, "flow-2": 1, "flow-3": 1, "flow-4": 1 });
    expect(await rows(conn, `SELECT count(*)::INT AS n, count(DISTINCT id)::INT AS d FROM ${await table.scanRelation(conn, snapshot)}`)).toEqual([{ n: 50, d: 50 }]);
  });

  it("commits a batch replayed on two hosts at once exactly once", async () => {
    const folder = azurite.freshFolder();
    await openDeltaTable(await host(folder)).create({ schema: ID_AND_GROUP_SCHEMA });
    const [a, b] = await Promise.all([host(folder), host(folder)]);
    const txn = { appId: "flow-x", version: 7 };
    const results = await Promise.all([openDeltaTable(a).appendOnce(conn, rowsOf(25, 0), txn), openDeltaTable(b).appendOnce(conn, rowsOf(25, 0), txn)]);

    expect(results.map((r) => r.alreadyCommitted).sort()).toEqual([false, true]);
    expect(results[0].version).toBe(results[1].version);
    const table = openDeltaTable(await host(folder));
    expect(await table.latestVersion()).toBe(1);
    expect(await rows(conn, `SELECT count(*)::INT AS n FROM ${await table.scanRelation(conn, await table.snapshot())}`)).toEqual([{ n: 25 }]);
    // the loser's data files were taken back: the table holds only what its log names
    expect(await table.unreferencedFiles()).toEqual([]);
  });

  it("stays a plain Delta table: checkpoints every 10 commits, and the files copied out read the same with this reader and with DuckDB", async () => {
    const folder = azurite.freshFolder();
    const storage = await host(folder);
    const table = openDeltaTable(storage);
    await table.create({ schema: ID_AND_GROUP_SCHEMA, partitionColumns: ["grp"] });
    for (let i = 0; i < 10; i++) await table.appendOnce(conn, rowsOf(4, i * 10), { appId: "flow", version: i });
    const entries = await logEntries(folder);
    expect(entries).toContain("00000000000000000010.checkpoint.parquet");
    expect(JSON.parse((await storage.read("_delta_log/_last_checkpoint"))!.toString()).version).toBe(10);

    // a copy of the container folder, as any other Delta reader would see the files
    const copy = await localFolder();
    for await (const blob of azurite.container.listBlobsFlat({ prefix: `${folder}/` })) {
      const local = path.join(copy, blob.name.slice(folder.length + 1));
      await mkdir(path.dirname(local), { recursive: true });
      await azurite.container.getBlobClient(blob.name).downloadToFile(local);
    }
    // ids i*10 + 0..3 for i = 0..9
    const expected = [{ n: 40, total: 4 * (10 * 45) + 10 * (0 + 1 + 2 + 3) }];
    const remote = await rows(conn, `SELECT count(*)::INT AS n, sum(id)::INT AS total FROM ${await table.scanRelation(conn, await table.snapshot())}`);
    const local = openDeltaTable(copy);
    const fromCopy = await rows(conn, `SELECT count(*)::INT AS n, sum(id)::INT AS total FROM ${await local.scanRelation(conn, await local.snapshot())}`);
    const dataFiles = (await local.snapshot()).files.map((f) => `'${path.join(copy, decodeURIComponent(f.path))}'`);
    const byDuckDb = await rows(conn, `SELECT count(*)::INT AS n, sum(id)::INT AS total FROM read_parquet([${dataFiles.join(", ")}])`);
    expect(remote).toEqual(expected);
    expect(fromCopy).toEqual(expected);
    expect(byDuckDb).toEqual(expected);
  });

  it("keeps local copies of what it read only while they are used: one idle for a day is removed, one read again stays", async () => {
    const folder = azurite.freshFolder();
    const cache = await localFolder();
    const storage = new AzureBlobTableStorage(azurite.container, folder, { cacheFolder: cache });
    const table = openDeltaTable(storage);
    await table.create({ schema: ID_AND_GROUP_SCHEMA });
    for (let i = 0; i < 2; i++) await table.appendOnce(conn, rowsOf(3, i * 10), { appId: "flow", version: i });
    const dataFiles = (await table.snapshot()).files.map((f) => decodeURIComponent(f.path));
    const copies = await Promise.all(dataFiles.map((f) => storage.localFile(f)));
    const dayAgo = Date.now() - 24 * 3_600_000;
    expect(await storage.removeStaleCopies(dayAgo)).toBe(0);

    const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000);
    for (const copy of copies) await utimes(copy, twoDaysAgo, twoDaysAgo);
    await storage.localFile(dataFiles[0]); // read again: used now
    expect(await storage.removeStaleCopies(dayAgo)).toBe(1);
    expect(existsSync(copies[0])).toBe(true);
    expect(existsSync(copies[1])).toBe(false);
    // a removed copy is fetched again when the table is read
    expect(await rows(conn, `SELECT count(*)::INT AS n FROM ${await table.scanRelation(conn, await table.snapshot())}`)).toEqual([{ n: 6 }]);
  });
});
