import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDeltaTable, type StructType } from "../../src/delta/index.js";
import { CHECKPOINT_COLUMNS, V2_COLUMNS } from "../../src/delta/checkpoint-writer.js";
import { commitActions, ofKind, rows, useWorkspace } from "../support/delta-tables.js";

const { ws, conn } = useWorkspace();

const schema: StructType = { type: "struct", fields: [{ name: "id", type: "long", nullable: true, metadata: {} }] };

/** Writes action rows as a parquet file with the checkpoint schema's types for the given columns. */
async function writeActionParquet(file: string, actions: Record<string, unknown>[], columns: string[]): Promise<void> {
  const staging = `${file}.json`;
  await writeFile(staging, actions.map((a) => JSON.stringify(a)).join("\n") + "\n");
  const types = { ...CHECKPOINT_COLUMNS, ...V2_COLUMNS, sidecar: `STRUCT(path VARCHAR, sizeInBytes BIGINT, modificationTime BIGINT, tags MAP(VARCHAR, VARCHAR))` } as Record<string, string>;
  const spec = columns.map((c) => `${c}: '${types[c]}'`).join(", ");
  await conn.run(`COPY (SELECT * FROM read_json('${staging}', format = 'newline_delimited', columns = {${spec}})) TO '${file}' (FORMAT parquet)`);
  await rm(staging);
}

async function dropCommits(root: string, upTo: number): Promise<void> {
  for (let v = 0; v <= upTo; v++) await rm(path.join(root, "_delta_log", `${String(v).padStart(20, "0")}.json`));
}

const ids = async (table: ReturnType<typeof openDeltaTable>) =>
  (await rows(conn, `SELECT id FROM ${await table.scanRelation(conn, await table.snapshot())} ORDER BY id`)).map((r) => Number(r.id));

describe("checkpoint kinds", () => {
  it("reads a UUID-named parquet v2 checkpoint whose file actions live in parquet sidecars", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, properties: { "delta.checkpointPolicy": "v2", "delta.enableDeletionVectors": "true" } });
    await table.append(conn, `SELECT range AS id FROM range(0, 5)`, { txn: { appId: "a", version: 1 } });
    await table.append(conn, `SELECT range AS id FROM range(5, 10)`);
    await table.deleteWhere(conn, "id = 7");
    const snapshot = await table.snapshot();
    expect(snapshot.version).toBe(3);

    const log = path.join(table.root, "_delta_log");
    const sidecarName = `${randomUUID()}.parquet`;
    const sidecar = path.join(log, "_sidecars", sidecarName);
    await (await import("node:fs/promises")).mkdir(path.dirname(sidecar), { recursive: true });
    const fileActions = [...snapshot.files.map((add) => ({ add: { ...add, dataChange: false } })), ...snapshot.tombstones.map((remove) => ({ remove: { ...remove, dataChange: false } }))];
    await writeActionParquet(sidecar, fileActions, ["add", "remove"]);
    const info = await stat(sidecar);
    const top = [
      { checkpointMetadata: { version: 3 } },
      { protocol: snapshot.protocol },
      { metaData: snapshot.metadata },
      { txn: snapshot.transactions.a },
      { sidecar: { path: sidecarName, sizeInBytes: info.size, modificationTime: Math.floor(info.mtimeMs) } },
    ];
    await writeActionParquet(path.join(log, `00000000000000000003.checkpoint.${randomUUID()}.parquet`), top, ["checkpointMetadata", "protocol", "metaData", "txn", "sidecar"]);
    await dropCommits(table.root, 2);

    const reread = await table.snapshot();
    expect(reread.version).toBe(3);
    expect(reread.files.map((f) => f.path).sort()).toEqual(snapshot.files.map((f) => f.path).sort());
    expect(reread.transactions.a.version).toBe(1);
    expect(await ids(table)).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 9]);
  });

  it("uses _last_checkpoint only as a hint: a stale or dangling one still finds the newest checkpoint", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, properties: { "delta.checkpointInterval": "2" } });
    for (let i = 0; i < 4; i++) await table.append(conn, `SELECT ${i} AS id`);
    const log = path.join(table.root, "_delta_log");
    await writeFile(path.join(log, "_last_checkpoint"), JSON.stringify({ version: 2, size: 4 }));
    await dropCommits(table.root, 3);
    expect(await ids(table)).toEqual([0, 1, 2, 3]);
    await writeFile(path.join(log, "_last_checkpoint"), JSON.stringify({ version: 99, size: 4 }));
    expect((await table.snapshot()).version).toBe(4);
    await writeFile(path.join(log, "_last_checkpoint"), "{not json");
    expect((await table.snapshot()).version).toBe(4);
  });

  it("prefers, among checkpoints of one version, the one _last_checkpoint names", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, properties: { "delta.checkpointInterval": "2" } });
    await table.append(conn, `SELECT 1 AS id`);
    await table.append(conn, `SELECT 2 AS id`); // classic checkpoint at 2
    const log = path.join(table.root, "_delta_log");
    // A second, multi-part checkpoint of version 2 that (deliberately) lists only one file, so the test can tell which was read.
    const snapshot = await table.snapshot();
    const partial = [{ protocol: snapshot.protocol }, { metaData: snapshot.metadata }, { add: { ...snapshot.files[0], dataChange: false } }];
    await writeActionParquet(path.join(log, "00000000000000000002.checkpoint.0000000001.0000000002.parquet"), partial.slice(0, 2), ["protocol", "metaData", "add"]);
    await writeActionParquet(path.join(log, "00000000000000000002.checkpoint.0000000002.0000000002.parquet"), partial.slice(2), ["protocol", "metaData", "add"]);
    await dropCommits(table.root, 2);
    expect(await ids(table)).toEqual([1, 2]); // the classic one, as the writer's hint says
    await writeFile(path.join(log, "_last_checkpoint"), JSON.stringify({ version: 2, size: 3, parts: 2 }));
    expect((await table.snapshot()).files).toHaveLength(1); // now the multi-part one
  });

  it("ignores a multi-part checkpoint with a missing part and replays the commits instead", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema });
    await table.append(conn, `SELECT 1 AS id`);
    await table.append(conn, `SELECT 2 AS id`);
    const log = path.join(table.root, "_delta_log");
    // Part 1 of 2 only: a writer died mid-checkpoint. Its content claims no files, which would be wrong.
    await writeActionParquet(path.join(log, "00000000000000000002.checkpoint.0000000001.0000000002.parquet"), [{ protocol: { minReaderVersion: 1, minWriterVersion: 2 } }], ["protocol"]);
    expect(await ids(table)).toEqual([1, 2]);
  });

  it("reads deletion vectors stored at an absolute path (storage type p)", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, properties: { "delta.enableDeletionVectors": "true" } });
    await table.append(conn, `SELECT range AS id FROM range(6)`);
    await table.deleteWhere(conn, "id IN (1, 4)");
    const [add] = ofKind(await commitActions(table.root, 2), "add");
    const { dvFilePath } = await import("../../src/delta/deletion-vectors.js");
    const absolute = `file://${dvFilePath(table.root, add.deletionVector)}`;
    const file = path.join(table.root, "_delta_log", "00000000000000000002.json");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace(`"storageType":"u","pathOrInlineDv":"${add.deletionVector.pathOrInlineDv}"`, `"storageType":"p","pathOrInlineDv":${JSON.stringify(absolute)}`));
    expect(ofKind(await commitActions(table.root, 2), "add")[0].deletionVector.storageType).toBe("p");
    expect(await ids(table)).toEqual([0, 2, 3, 5]);
  });
});
