import { describe, expect, it } from "vitest";
import { openDeltaTable, type StructType } from "../../src/delta/index.js";
import { commitActions, ofKind, useWorkspace } from "../support/delta-tables.js";

/** In-commit timestamps (delta.enableInCommitTimestamps): every commit of a table that has them on from its start carries one. */
const { ws, conn } = useWorkspace();

const schema: StructType = { type: "struct", fields: [{ name: "id", type: "long", nullable: true, metadata: {} }] };
const commitInfoOf = async (root: string, version: number) => ofKind(await commitActions(root, version), "commitInfo")[0] as Record<string, any>;

describe("in-commit timestamps", () => {
  it("a table created with them on has one in its first commit, and each later one is after the one before", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, properties: { "delta.enableInCommitTimestamps": "true" } });
    await table.append(conn, "SELECT 1 AS id");
    const [first, second] = [await commitInfoOf(table.root, 0), await commitInfoOf(table.root, 1)];
    expect(first.inCommitTimestamp).toBe(first.timestamp);
    expect(second.inCommitTimestamp).toBeGreaterThan(first.inCommitTimestamp);
    expect(Object.keys((await commitActions(table.root, 0))[0])).toEqual(["commitInfo"]);
  });

  it("a clone has them from its version 0, without the source's record of when it turned them on", async () => {
    const source = openDeltaTable(ws.newTableDir());
    await source.create({ schema });
    await source.append(conn, "SELECT 1 AS id");
    await source.setProperties({ "delta.enableInCommitTimestamps": "true" });
    const sourceProperties = (await source.snapshot()).metadata.configuration;
    expect(sourceProperties["delta.inCommitTimestampEnablementVersion"]).toBe("2");
    const clone = openDeltaTable(ws.newTableDir());
    await clone.cloneOf(await source.snapshot(), { shallow: false, sourceName: "source" });
    const configuration = (await clone.snapshot()).metadata.configuration;
    expect(configuration["delta.enableInCommitTimestamps"]).toBe("true");
    expect(Object.keys(configuration).filter((k) => k.startsWith("delta.inCommitTimestampEnablement"))).toEqual([]);
    expect((await commitInfoOf(clone.root, 0)).inCommitTimestamp).toEqual(expect.any(Number));
  });
});
