/**
 * RESTORE TABLE … TO VERSION AS OF and VACUUM … RETAIN in the local workspace (DEVIATIONS.md): a
 * restore is one RESTORE commit whose files bring an earlier version's rows back, read by the change
 * feed as data changes; a vacuum deletes the files the latest version does not read, after which a
 * read of an older version or of its change data fails as on a cluster.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, rows, startHarness, type Harness } from "../../support/local-workspace.js";

describe("RESTORE and VACUUM of a Delta table", () => {
  let h: Harness;
  let ctx: string;
  const sql = (command: string) => h.client.sql(ctx, command);
  const ok = async (command: string) => {
    const done = await sql(command);
    if (done.results?.resultType !== "table") throw new Error(`${command}\n→ ${JSON.stringify(done.results)}`);
    return rows(done);
  };
  const latest = async (table: string) => (await ok(`DESCRIBE HISTORY ${table} LIMIT 1`))[0];

  beforeAll(async () => {
    h = await startHarness({});
    await h.client.waitForState("RUNNING");
    ctx = await h.client.createContext();
    await ok("CREATE TABLE orders (order_id BIGINT, status STRING) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)");
  });
  afterAll(() => h.close());

  it("restores an earlier version's rows in one RESTORE commit, which the change feed reads as data changes", async () => {
    await ok("INSERT INTO orders VALUES (1, 'placed'), (2, 'placed')");
    const inserted = (await latest("orders")).version as number;
    await ok("DELETE FROM orders WHERE order_id = 2");
    await ok("UPDATE orders SET status = 'shipped' WHERE order_id = 1");

    const [restored] = await ok(`RESTORE TABLE orders TO VERSION AS OF ${inserted}`);
    expect(restored).toMatchObject({ num_of_files_after_restore: 1, num_restored_files: 1 });
    expect(await ok("SELECT order_id, status FROM orders ORDER BY order_id")).toEqual([
      { order_id: 1, status: "placed" },
      { order_id: 2, status: "placed" },
    ]);
    const commit = await latest("orders");
    expect(commit).toMatchObject({ version: inserted + 3, operation: "RESTORE", operationParameters: { version: String(inserted) } });
    const changes = await ok(`SELECT order_id, status, _change_type FROM table_changes('orders', ${inserted + 3}) ORDER BY order_id, _change_type`);
    // the updated row's file goes (its row deleted), the inserted file comes back (both rows inserted)
    expect(changes).toEqual([
      { order_id: 1, status: "shipped", _change_type: "delete" },
      { order_id: 1, status: "placed", _change_type: "insert" },
      { order_id: 2, status: "placed", _change_type: "insert" },
    ]);
    expect(expectError(await sql("RESTORE TABLE orders TO TIMESTAMP AS OF '2026-01-01'"))).toContain("TIMESTAMP AS OF");
  });

  it("vacuums the files the latest version does not read: an older version and its change data can no longer be read", async () => {
    const before = (await latest("orders")).version as number;
    await ok("UPDATE orders SET status = 'returned' WHERE order_id = 2");
    // the default retention keeps what was just written
    await ok("VACUUM orders");
    expect(await ok(`SELECT count(*) AS n FROM table_changes('orders', ${before + 1})`)).toEqual([{ n: 2 }]);

    // DRY RUN lists the files that would go, the change data among them, and deletes none
    const listed = (await ok("VACUUM orders DRY RUN RETAIN 0 HOURS")).map((r) => String(r.path));
    expect((await ok("VACUUM orders FULL RETAIN 0 HOURS DRY RUN")).map((r) => String(r.path))).toEqual(listed);
    expect(expectError(await sql("VACUUM orders RETAIN 0 HOURS LITE"))).toContain("[UNSUPPORTED] VACUUM … LITE");
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((p) => p.startsWith("file:/") && !p.includes("_delta_log"))).toBe(true);
    expect(listed.some((p) => p.includes("_change_data"))).toBe(true);
    expect(await ok(`SELECT count(*) AS n FROM table_changes('orders', ${before + 1})`)).toEqual([{ n: 2 }]);

    const [vacuumed] = await ok("VACUUM orders RETAIN 0 HOURS");
    expect(await ok("VACUUM orders RETAIN 0 HOURS DRY RUN")).toEqual([]);
    expect(String(vacuumed.path)).toMatch(/^file:/);
    expect(await ok("SELECT order_id, status FROM orders ORDER BY order_id")).toEqual([
      { order_id: 1, status: "placed" },
      { order_id: 2, status: "returned" },
    ]);
    expect(expectError(await sql(`SELECT * FROM table_changes('orders', ${before + 1})`))).toContain("[DELTA_CHANGE_DATA_FILE_NOT_FOUND]");
    // the version before the restore read the updated row's file, which the restore removed
    expect(expectError(await sql(`SELECT * FROM orders VERSION AS OF ${before - 1}`))).toContain("[FAILED_READ_FILE.FILE_NOT_EXIST]");
  });
  it("compacts each partition's files into one with OPTIMIZE, changing no data: the rows, the change feed and the versions before stay", async () => {
    await ok("CREATE TABLE events (id BIGINT, kind STRING) USING DELTA PARTITIONED BY (kind) TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    for (const values of ["(3, 'a'), (1, 'a')", "(2, 'a')", "(5, 'a'), (6, 'a'), (4, 'b')"]) await ok(`INSERT INTO events VALUES ${values}`);
    await ok("DELETE FROM events WHERE id = 5");
    const everything = "SELECT id, kind FROM events ORDER BY id";
    const before = await ok(everything);
    const beforeVersion = Number((await latest("events")).version);

    const [answer] = await ok("OPTIMIZE events");
    // partition a: three files, one with a deletion vector; partition b: one file, left as it is
    expect(answer.metrics).toMatchObject({ numFilesAdded: 1, numFilesRemoved: 3, partitionsOptimized: 1 });
    expect(await ok(everything)).toEqual(before);
    const optimized = await latest("events");
    expect([optimized.version, optimized.operation]).toEqual([beforeVersion + 1, "OPTIMIZE"]);
    expect((await ok("DESCRIBE DETAIL events"))[0].numFiles).toBe(2);
    expect(await ok(`SELECT * FROM table_changes('events', ${optimized.version})`)).toEqual([]);
    expect(await ok(`SELECT id, kind FROM events VERSION AS OF ${beforeVersion} ORDER BY id`)).toEqual(before);
    // nothing left to compact: no commit
    expect((await ok("OPTIMIZE events"))[0].metrics).toMatchObject({ numFilesAdded: 0, numFilesRemoved: 0 });
    expect((await latest("events")).version).toBe(optimized.version);

    // ZORDER BY rewrites every partition, its rows in the columns' order
    expect((await ok("OPTIMIZE events ZORDER BY (id)"))[0].metrics).toMatchObject({ numFilesAdded: 2, numFilesRemoved: 2, partitionsOptimized: 2 });
    expect(await ok("SELECT id FROM events WHERE kind = 'a'")).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 6 }]);
    expect(expectError(await sql("OPTIMIZE events ZORDER BY (kind)"))).toContain("it is a partition column");
    expect(expectError(await sql("OPTIMIZE events ZORDER BY (nope)"))).toContain("ZORDER BY names nope");
    expect(expectError(await sql("OPTIMIZE events WHERE kind = 'a'"))).toContain("OPTIMIZE … WHERE");
  });
});
