/**
 * A change window's held-key check on a cluster or SQL warehouse (docs/api/runs.md#change-data-capture)
 * counts, at the pinned version, only the rows within the range of the keys the window changed,
 * written as literals so that Delta's data skipping reads only the files whose statistics allow it;
 * it finds exactly the keys the count over the whole table finds. On the local workspace, over HTTP,
 * as a run sends the statements.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabricksClient, type DatabricksCluster } from "../../src/databricks/client.js";
import { quoteString } from "../../src/databricks/sql.js";
import { openDeltaTable } from "../../src/delta/index.js";
import { type ExportRead, readChangedKeyRangeOfWindow, repeatedChangeKeysSql } from "../../src/runs/export-sql.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { waitForCluster } from "../support/aep-calls.js";

type ChangeRead = Extract<ExportRead, { kind: "changes" }>;

describe("the held-key check of a change window on a cluster", () => {
  let system: TestSystem;
  let cluster: DatabricksCluster;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 10 } });
    await waitForCluster(system, "RUNNING");
    cluster = new DatabricksClient({ domain: system.workspace!.url, accessToken: system.workspace!.token }).cluster(system.workspace!.clusterId);
    await run("CREATE SCHEMA IF NOT EXISTS held");
  }, 120_000);
  afterAll(() => system.close());

  const run = (statement: string) => cluster.runSql(statement, { timeoutMs: 60_000 });
  const latest = async (table: string) => Number((await run(`DESCRIBE HISTORY held.${table} LIMIT 1`)).rows[0][0]);
  const create = (table: string, columns: string) =>
    run(`CREATE TABLE held.${table} (${columns}) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true, delta.enableDeletionVectors = false)`);

  /** The check of the window from `fromVersion` to the table's latest version, as a run makes it, beside the count over the whole pinned table. */
  async function check(table: string, key: string[], columns: string[], fromVersion: number) {
    const ref = { tableName: `held.${table}` };
    const version = await latest(table);
    const read: ChangeRead = { kind: "changes", fromVersion, key };
    const range = await readChangedKeyRangeOfWindow(run, ref, version, read);
    const predicate = range.changedKeys ? range.predicate : undefined;
    const bounded = (await run(repeatedChangeKeysSql(ref, columns, [], version, read, predicate))).rows;
    const whole = (await run(repeatedChangeKeysSql(ref, columns, [], version, read))).rows;
    return { range, predicate, version, bounded, whole };
  }

  /** The files of the pinned version whose statistics allow `inRange` for column `column` (what Delta's data skipping keeps), by their lowest value. */
  async function filesAllowing<T extends number | string>(table: string, version: number, column: string, inRange: (min: T, max: T) => boolean) {
    const detail = await run(`DESCRIBE DETAIL held.${table}`);
    const location = String(detail.rows[0][detail.schema.findIndex((c) => c.name === "location")]);
    const snapshot = await openDeltaTable(location.replace(/^file:/, "")).snapshot({ version });
    const stats = snapshot.files.map((file) => JSON.parse(file.stats!) as { minValues: Record<string, T>; maxValues: Record<string, T> });
    const kept = stats.filter((s) => inRange(s.minValues[column], s.maxValues[column])).map((s) => s.minValues[column]);
    return { files: stats.length, kept: kept.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
  }

  it("counts only the rows, and the files, within the range of a narrow window's keys, and finds the key a second row was inserted under", async () => {
    await create("ids", "id BIGINT, note STRING");
    // five files of 200 rows, each its own range of ids
    for (let file = 0; file < 5; file++) await run(`INSERT INTO held.ids SELECT id + ${file * 1000}, 'row' FROM range(0, 200) AS r(id)`);
    const from = (await latest("ids")) + 1;
    await run("UPDATE held.ids SET note = 'changed' WHERE id = 2005");
    await run("INSERT INTO held.ids VALUES (2250, 'new')");
    await run("INSERT INTO held.ids VALUES (2100, 'second row under a held key')");

    const { predicate, version, bounded, whole } = await check("ids", ["id"], ["id", "note"], from);
    expect(predicate).toBe("`id` >= CAST('2005' AS bigint) AND `id` <= CAST('2250' AS bigint)");
    expect(bounded).toEqual([[2100]]);
    expect(bounded).toEqual(whole);
    // the count reads 197 of the pinned version's 1,002 rows (2005 to 2199, the new row and the second 2100) ...
    const rows = async (where: string) => Number((await run(`SELECT count(*) FROM held.ids VERSION AS OF ${version}${where}`)).rows[0][0]);
    expect([await rows(` WHERE ${predicate}`), await rows("")]).toEqual([197, 1002]);
    // ... and Delta's data skipping keeps 3 of its 7 files: the one the update rewrote (2000 to 2199) and the two inserted, not the four of other ranges
    expect(await filesAllowing<number>("ids", version, "id", (min, max) => max >= 2005 && min <= 2250)).toEqual({ files: 7, kept: [2000, 2100, 2250] });
  });

  it("bounds a TIMESTAMP key column by its ends' microseconds since the epoch, counting only the rows and files within them, to the microsecond", async () => {
    await create("instants", "changed_at TIMESTAMP, note STRING");
    // five files, one a day from 2024-11-01 (UTC), 200 rows five minutes apart from midnight
    for (let day = 1; day <= 5; day++) {
      await run(`INSERT INTO held.instants SELECT timestamp_micros(unix_micros(TIMESTAMP'2024-11-0${day} 00:00:00Z') + id * 300000000), 'row' FROM range(0, 200) AS r(id)`);
    }
    const from = (await latest("instants")) + 1;
    // the ends are changed keys a microsecond inside the rows at 05:30 and 08:00, both under two rows;
    // 05:30Z and 06:30Z are both 01:30 in New York, where the clocks went back that night: a cluster in that zone writes
    // both as the same text (the local workspace's session is always UTC, it refuses SET), not as the same microseconds
    await run("INSERT INTO held.instants VALUES (TIMESTAMP'2024-11-03 05:30:00.000001Z', 'new'), (TIMESTAMP'2024-11-03 05:30:00.000001Z', 'second')");
    await run("INSERT INTO held.instants VALUES (TIMESTAMP'2024-11-03 06:30:00Z', 'second row under a held key')");
    await run("UPDATE held.instants SET note = 'changed' WHERE changed_at = TIMESTAMP'2024-11-03 07:00:00Z'");
    await run("INSERT INTO held.instants VALUES (TIMESTAMP'2024-11-03 07:59:59.999999Z', 'new')");
    await run("INSERT INTO held.instants VALUES (TIMESTAMP'2024-11-03 07:59:59.999999Z', 'second')");

    const { predicate, version, bounded, whole } = await check("instants", ["changed_at"], ["changed_at", "note"], from);
    // 1730611800 is 2024-11-03T05:30:00Z, 1730620800 08:00:00Z
    expect(predicate).toBe("`changed_at` >= timestamp_micros(1730611800000001) AND `changed_at` <= timestamp_micros(1730620799999999)");
    expect(bounded).toEqual([["2024-11-03T05:30:00.000001Z"], ["2024-11-03T06:30:00.000000Z"], ["2024-11-03T07:59:59.999999Z"]]);
    expect(bounded).toEqual(whole);
    // the rows at 05:30:00 and 08:00:00, a microsecond outside, are left out; those at the ends are counted
    const pinned = `held.instants VERSION AS OF ${version} WHERE ${predicate}`;
    const ends = async (order: string) => (await run(`SELECT changed_at FROM ${pinned} ORDER BY changed_at ${order} LIMIT 3`)).rows.map(([at]) => at);
    expect(await ends("ASC")).toEqual(["2024-11-03T05:30:00.000001Z", "2024-11-03T05:30:00.000001Z", "2024-11-03T05:35:00.000000Z"]);
    expect(await ends("DESC")).toEqual(["2024-11-03T07:59:59.999999Z", "2024-11-03T07:59:59.999999Z", "2024-11-03T07:55:00.000000Z"]);
    // 05:35 to 07:55 (29 rows) and the 5 the window inserted, of the pinned version's 1,005
    const rows = async (where: string) => Number((await run(`SELECT count(*) FROM held.instants VERSION AS OF ${version}${where}`)).rows[0][0]);
    expect([await rows(` WHERE ${predicate}`), await rows("")]).toEqual([34, 1005]);
    // Delta's data skipping keeps 5 of the 9 files: the one the update rewrote (2024-11-03) and the four inserted, not
    // the four of other days (the statistics hold milliseconds, cut down: a file is kept while its max is not below the range's
    // millisecond and its min lies before 08:00)
    const [low, high] = [Date.UTC(2024, 10, 3, 5, 30), Date.UTC(2024, 10, 3, 8)];
    const files = await filesAllowing<string>("instants", version, "changed_at", (min, max) => Date.parse(max) >= low && Date.parse(min) < high);
    expect(files).toEqual({
      files: 9,
      kept: ["2024-11-03T00:00:00.000Z", "2024-11-03T05:30:00.000Z", "2024-11-03T06:30:00.000Z", "2024-11-03T07:59:59.999Z", "2024-11-03T07:59:59.999Z"],
    });
  });

  it("bounds a TIMESTAMP_NTZ key column by its ends' text, which has no time zone, to the microsecond", async () => {
    await create("local_times", "changed_at TIMESTAMP_NTZ, note STRING");
    await run("INSERT INTO held.local_times SELECT CAST(timestamp_micros(unix_micros(TIMESTAMP'2024-11-03 00:00:00Z') + id * 300000000) AS TIMESTAMP_NTZ), 'row' FROM range(0, 200) AS r(id)");
    const from = (await latest("local_times")) + 1;
    await run("INSERT INTO held.local_times VALUES (TIMESTAMP_NTZ'2024-11-03 01:30:00.000001', 'new'), (TIMESTAMP_NTZ'2024-11-03 02:29:59.999999', 'new')");
    await run("INSERT INTO held.local_times VALUES (TIMESTAMP_NTZ'2024-11-03 02:00:00', 'second row under a held key')");

    const { predicate, version, bounded, whole } = await check("local_times", ["changed_at"], ["changed_at", "note"], from);
    expect(predicate).toBe("`changed_at` >= CAST('2024-11-03 01:30:00.000001' AS timestamp_ntz) AND `changed_at` <= CAST('2024-11-03 02:29:59.999999' AS timestamp_ntz)");
    expect(bounded).toEqual([["2024-11-03T02:00:00.000000"]]);
    expect(bounded).toEqual(whole);
    // the rows at 01:30:00 and 02:30:00, a microsecond outside, are left out
    const within = (await run(`SELECT changed_at FROM held.local_times VERSION AS OF ${version} WHERE ${predicate} ORDER BY changed_at`)).rows.map(([at]) => at);
    expect(within).toEqual([
      "2024-11-03T01:30:00.000001",
      ...["01:35", "01:40", "01:45", "01:50", "01:55", "02:00", "02:00", "02:05", "02:10", "02:15", "02:20", "02:25"].map((t) => `2024-11-03T${t}:00.000000`),
      "2024-11-03T02:29:59.999999",
    ]);
  });

  it("finds the same keys over a composite key of strings with quotes, backslashes and other special characters, dates and decimals, NULL keys left out", async () => {
    await create("composite", "name STRING, day DATE, amount DECIMAL(18,2), note STRING");
    const names = ["o'brien", "back\\slash", "tab\there", "%_-- \\u0041", "ünï 😀", "a' OR '1'='1", "zz"];
    for (const [i, name] of names.entries()) {
      await run(`INSERT INTO held.composite VALUES (${quoteString(name)}, DATE'2024-0${(i % 9) + 1}-15', ${i}.10, 'held'), ('other ${i}', DATE'2023-01-01', 0.00, 'held')`);
    }
    const from = (await latest("composite")) + 1;
    // a second row under two held keys with special characters, a change whose key has a NULL, an update of a unique key
    await run(`INSERT INTO held.composite VALUES (${quoteString("o'brien")}, DATE'2024-01-15', 0.10, 'second'), (${quoteString("ünï 😀")}, DATE'2024-05-15', 4.10, 'second')`);
    await run(`INSERT INTO held.composite VALUES (NULL, DATE'2024-01-15', 0.10, 'no key')`);
    await run(`UPDATE held.composite SET note = 'changed' WHERE name = ${quoteString("tab\there")}`);

    const { predicate, bounded, whole } = await check("composite", ["name", "day", "amount"], ["name", "day", "amount", "note"], from);
    // the lowest name holds a quote, which a cluster may read otherwise: that column is left unbounded
    expect(predicate).toBe(
      "`day` >= CAST('2024-01-15' AS date) AND `day` <= CAST('2024-05-15' AS date) " +
        "AND `amount` >= CAST('0.10' AS decimal(18,2)) AND `amount` <= CAST('4.10' AS decimal(18,2))",
    );
    expect(bounded).toEqual([
      ["o'brien", "2024-01-15", "0.10"],
      ["ünï 😀", "2024-05-15", "4.10"],
    ]);
    expect(bounded).toEqual(whole);
  });

  it("finds the same keys when the range's ends are strings with special characters, none of them outside the range lost", async () => {
    await create("texts", "name STRING, note STRING");
    const lowest = "%_-- OR 1=1 \u0041";
    const highest = "z\t😀 ; --";
    await run(`INSERT INTO held.texts VALUES (${quoteString(lowest)}, 'held'), (${quoteString(highest)}, 'held'), ('m', 'held')`);
    await run("INSERT INTO held.texts VALUES ('$ below the range', 'held'), ('~ above the range', 'held')");
    const from = (await latest("texts")) + 1;
    await run(`INSERT INTO held.texts VALUES (${quoteString(lowest)}, 'second'), (${quoteString(highest)}, 'second')`);

    const { bounded, whole, predicate, version } = await check("texts", ["name"], ["name", "note"], from);
    expect(predicate).toBe(`\`name\` >= ${quoteString(lowest)} AND \`name\` <= ${quoteString(highest)}`);
    expect(bounded).toEqual([[lowest], [highest]]);
    expect(bounded).toEqual(whole);
    const names = (await run(`SELECT name FROM held.texts VERSION AS OF ${version} WHERE ${predicate} ORDER BY name`)).rows.map(([name]) => name);
    expect(names).toEqual([lowest, lowest, "m", highest, highest]);
  });

  it("leaves a string key column unbounded when an end of its range holds a quote or a backslash, and finds the same keys", async () => {
    await create("quoted", "name STRING, note STRING");
    const lowest = "\\' OR 1=1 --";
    const highest = "z\\\\'\\n";
    await run(`INSERT INTO held.quoted VALUES (${quoteString(lowest)}, 'held'), (${quoteString(highest)}, 'held'), ('m', 'held')`);
    const from = (await latest("quoted")) + 1;
    await run(`INSERT INTO held.quoted VALUES (${quoteString(lowest)}, 'second'), (${quoteString(highest)}, 'second')`);

    const { bounded, whole, predicate } = await check("quoted", ["name"], ["name", "note"], from);
    expect(predicate).toBeUndefined();
    expect(bounded).toEqual([[lowest], [highest]]);
    expect(bounded).toEqual(whole);
  });

  it("sends no count for a window whose only change has a NULL key, and leaves a floating-point key unbounded", async () => {
    await create("nulls", "id BIGINT, note STRING");
    await run("INSERT INTO held.nulls VALUES (1, 'held')");
    const from = (await latest("nulls")) + 1;
    await run("INSERT INTO held.nulls VALUES (NULL, 'no key')");
    expect((await check("nulls", ["id"], ["id", "note"], from)).range).toEqual({ changedKeys: false });

    await create("ratios", "ratio DOUBLE, note STRING");
    await run("INSERT INTO held.ratios VALUES (0.5, 'held'), (1.5, 'held')");
    const next = (await latest("ratios")) + 1;
    await run("INSERT INTO held.ratios VALUES (1.5, 'second')");
    const { range, bounded, whole } = await check("ratios", ["ratio"], ["ratio", "note"], next);
    expect(range).toEqual({ changedKeys: true });
    expect(bounded).toEqual([[1.5]]);
    expect(bounded).toEqual(whole);
  });
});
