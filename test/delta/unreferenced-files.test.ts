import { mkdir, readdir, rm, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDeltaTable } from "../../src/delta/index.js";
import { commitActions, ID_AND_GROUP_SCHEMA as schema, ofKind, useWorkspace } from "../support/delta-tables.js";

const { ws, conn } = useWorkspace();

const DAY_MS = 24 * 60 * 60 * 1000;

async function age(file: string, ms: number): Promise<void> {
  const at = new Date(Date.now() - ms);
  await utimes(file, at, at);
}

/** Every file under the root outside _delta_log, relative, sorted. */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .filter((p) => !p.startsWith("_delta_log"))
    .sort();
}

describe("files no version of the log references", () => {
  it("are the data files no commit names: files removed by a later commit stay referenced (time travel reads them)", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, properties: { "delta.enableChangeDataFeed": "true" } });
    await table.append(conn, "SELECT range AS id, 'a' AS grp FROM range(10)");
    await table.updateWhere(conn, { grp: "'b'" }, "id < 3"); // removes the first file, adds its rewrite and _change_data files
    const [removed] = ofKind(await commitActions(table.root, 2), "remove");
    expect(removed).toBeDefined();
    const committed = await filesUnder(table.root);
    expect(committed.some((f) => f.startsWith("_change_data/"))).toBe(true);

    const orphan = path.join(table.root, "part-00000-orphan.c000.snappy.parquet");
    const orphanInPartition = path.join(table.root, "grp=z", "part-00001-orphan.parquet");
    const orphanDv = path.join(table.root, "deletion_vector_00000000-0000-0000-0000-000000000000.bin");
    await mkdir(path.dirname(orphanInPartition), { recursive: true });
    for (const file of [orphan, orphanInPartition, orphanDv]) await writeFile(file, "not committed");
    // files the table does not own: hidden and underscore folders other than _change_data, and other kinds of file
    await mkdir(path.join(table.root, "_temporary"), { recursive: true });
    await writeFile(path.join(table.root, "_temporary", "part-9.parquet"), "x");
    await writeFile(path.join(table.root, ".part-8.parquet.crc"), "x");
    await writeFile(path.join(table.root, "notes.txt"), "x");

    const found = (await table.unreferencedFiles()).map((f) => path.relative(table.root, f.path)).sort();
    expect(found).toEqual([path.relative(table.root, orphanDv), path.relative(table.root, orphan), path.relative(table.root, orphanInPartition)].sort());
    for (const f of await table.unreferencedFiles()) expect(f.modifiedAt).toBeGreaterThan(Date.now() - 60_000);
  });

  it("keeps deletion vector files and files known only to a checkpoint, and reports only files older than asked", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, properties: { "delta.enableDeletionVectors": "true", "delta.checkpointInterval": "2" } });
    await table.append(conn, "SELECT range AS id, 'a' AS grp FROM range(10)");
    await table.deleteWhere(conn, "id % 2 = 0"); // version 2: a DV file, and the checkpoint
    await table.append(conn, "SELECT 100 AS id, 'c' AS grp");
    const logDir = path.join(table.root, "_delta_log");
    // log retention removed the commits the checkpoint covers
    for (const v of [0, 1, 2]) await rm(path.join(logDir, `${String(v).padStart(20, "0")}.json`));
    const dvFiles = (await readdir(table.root)).filter((f) => f.startsWith("deletion_vector_"));
    expect(dvFiles).toHaveLength(1);
    expect(await table.unreferencedFiles()).toEqual([]);

    const oldOrphan = path.join(table.root, "part-old-orphan.parquet");
    const freshOrphan = path.join(table.root, "part-fresh-orphan.parquet");
    await writeFile(oldOrphan, "x");
    await writeFile(freshOrphan, "x");
    await age(oldOrphan, 2 * DAY_MS);
    for (const f of await filesUnder(table.root)) if (!f.includes("orphan")) await age(path.join(table.root, f), 2 * DAY_MS);
    const stale = await table.unreferencedFiles({ modifiedBefore: Date.now() - DAY_MS });
    expect(stale.map((f) => f.path)).toEqual([oldOrphan]);
  });

  it("refuses a folder without a Delta log: with no log it cannot tell what is referenced", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await expect(table.unreferencedFiles()).rejects.toThrow(/does not exist|not found/i);
  });
});
