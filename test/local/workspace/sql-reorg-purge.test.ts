import { describe, expect, it } from "vitest";
import { openDeltaTable } from "../../../src/delta/index.js";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** REORG TABLE … APPLY (PURGE) on the local workspace: the files with deletion vectors written again without their deleted rows. */
describe("REORG TABLE … APPLY (PURGE) on the local workspace", () => {
  const { ok, sql, location } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE visits (id BIGINT, page STRING, day DATE) PARTITIONED BY (day) TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true')");
    await ok("INSERT INTO visits SELECT id, concat('p', id), DATE '2024-01-01' + CAST(id % 2 AS INT) FROM range(10) AS r(id)");
    await ok("INSERT INTO visits VALUES (100, 'kept', DATE '2024-01-05')");
    await ok("DELETE FROM visits WHERE id IN (2, 3, 4)");
  });
  const refused = async (command: string) => expectError(await sql(command));

  it("rewrites each partition's files that have deleted rows, in one REORG commit that changes no data", async () => {
    const before = await openDeltaTable(await location("visits")).snapshot();
    expect(before.files.filter((f) => f.deletionVector)).toHaveLength(2);
    const rows = await ok("SELECT id FROM visits ORDER BY id");
    const [answer] = await ok("REORG TABLE visits APPLY (PURGE)");
    expect(answer.metrics).toMatchObject({ numFilesRemoved: 2, numFilesAdded: 2 });
    const after = await openDeltaTable(await location("visits")).snapshot();
    expect(after.files.filter((f) => f.deletionVector)).toEqual([]);
    expect(after.files.find((f) => f.partitionValues.day === "2024-01-05")).toEqual(before.files.find((f) => f.partitionValues.day === "2024-01-05"));
    expect(await ok("SELECT id FROM visits ORDER BY id")).toEqual(rows);
    expect(after.files.reduce((n, f) => n + Number(JSON.parse(f.stats!).numRecords), 0)).toBe(rows.length);
    const [history] = await ok("DESCRIBE HISTORY visits LIMIT 1");
    expect(history.operation).toBe("REORG");
    const version = Number(history.version);
    expect(await ok(`SELECT count(*) AS n FROM table_changes('visits', ${version}, ${version})`)).toEqual([{ n: 0 }]);
  });

  it("commits nothing when no file has deleted rows, and refuses what it does not do", async () => {
    const [{ version }] = await ok("DESCRIBE HISTORY visits LIMIT 1");
    await ok("REORG TABLE visits APPLY (PURGE)");
    expect((await ok("DESCRIBE HISTORY visits LIMIT 1"))[0].version).toBe(version);
    expect(await refused("REORG TABLE visits APPLY (UPGRADE UNIFORM(ICEBERG_COMPAT_VERSION = 2))")).toContain("only PURGE");
  });
});
