import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** Column DEFAULT values on the local workspace: declared as Delta keeps them, and written where a write leaves the column out. */
describe("column DEFAULT values on the local workspace", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    await ok(`CREATE TABLE tickets (id BIGINT, status STRING DEFAULT 'open', priority INT NOT NULL DEFAULT 3 COMMENT 'lower is sooner', opened DATE DEFAULT current_date())
      TBLPROPERTIES ('delta.feature.allowColumnDefaults' = 'supported')`);
  });
  const refused = async (command: string) => expectError(await sql(command));
  const row = async (id: number) => (await ok(`SELECT id, status, priority, opened IS NOT NULL AS dated FROM tickets WHERE id = ${id}`))[0];

  it("keeps each default in its column's CURRENT_DEFAULT, and SHOW CREATE TABLE prints it", async () => {
    expect((await ok("DESCRIBE DETAIL tickets"))[0].tableFeatures).toContain("allowColumnDefaults");
    const statement = String((await ok("SHOW CREATE TABLE tickets"))[0].createtab_stmt);
    expect(statement).toContain("  status STRING DEFAULT 'open',\n  priority INT NOT NULL DEFAULT 3 COMMENT 'lower is sooner',\n  opened DATE DEFAULT current_date())");
  });

  it("INSERT puts the defaults into the columns its list leaves out and where a VALUES row says DEFAULT; NULL stays NULL", async () => {
    await ok("INSERT INTO tickets (id) VALUES (1)");
    expect(await row(1)).toEqual({ id: 1, status: "open", priority: 3, dated: true });
    await ok("INSERT INTO tickets VALUES (2, DEFAULT, 1, DEFAULT), (3, 'closed', DEFAULT, NULL)");
    expect(await row(2)).toEqual({ id: 2, status: "open", priority: 1, dated: true });
    expect(await row(3)).toEqual({ id: 3, status: "closed", priority: 3, dated: false });
    await ok("INSERT INTO tickets (priority, id) VALUES (DEFAULT, 4)");
    expect(await row(4)).toEqual({ id: 4, status: "open", priority: 3, dated: true });
  });

  it("MERGE's INSERT puts the defaults into the columns its list leaves out", async () => {
    await ok("MERGE INTO tickets t USING (SELECT 5 AS id) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id)");
    expect(await row(5)).toEqual({ id: 5, status: "open", priority: 3, dated: true });
  });

  it("UPDATE … SET c = DEFAULT and MERGE's SET and VALUES write the column's default, NULL for a column without one", async () => {
    await ok("INSERT INTO tickets VALUES (20, 'closed', 9, NULL), (21, 'closed', 9, NULL)");
    await ok("UPDATE tickets SET status = DEFAULT, priority = DEFAULT, id = id WHERE id = 20");
    expect(await row(20)).toEqual({ id: 20, status: "open", priority: 3, dated: false });
    await ok(`MERGE INTO tickets t USING (SELECT 21 AS id UNION ALL SELECT 22) s ON t.id = s.id
      WHEN MATCHED THEN UPDATE SET status = DEFAULT, opened = DEFAULT WHEN NOT MATCHED THEN INSERT (id, status, priority) VALUES (s.id, DEFAULT, DEFAULT)`);
    expect(await row(21)).toEqual({ id: 21, status: "open", priority: 9, dated: true });
    expect(await row(22)).toEqual({ id: 22, status: "open", priority: 3, dated: true });
    await ok("CREATE TABLE plain_notes (id BIGINT, note STRING)");
    await ok("INSERT INTO plain_notes VALUES (1, 'x')");
    await ok("UPDATE plain_notes SET note = DEFAULT");
    expect(await ok("SELECT note FROM plain_notes")).toEqual([{ note: null }]);
  });

  it("ALTER COLUMN SET DEFAULT and DROP DEFAULT change what later writes put there", async () => {
    await ok("ALTER TABLE tickets ALTER COLUMN status SET DEFAULT 'new'");
    await ok("INSERT INTO tickets (id) VALUES (6)");
    expect((await row(6)).status).toBe("new");
    await ok("ALTER TABLE tickets ALTER COLUMN status DROP DEFAULT");
    await ok("INSERT INTO tickets (id) VALUES (7)");
    expect((await row(7)).status).toBeNull();
    expect((await row(1)).status).toBe("open");
  });

  it("refuses a DEFAULT without the table feature, and one that is no value of its column, as Delta and Spark do", async () => {
    expect(await refused("CREATE TABLE plain (id BIGINT, status STRING DEFAULT 'open')")).toContain("[WRONG_COLUMN_DEFAULTS_FOR_DELTA_FEATURE_NOT_ENABLED]");
    expect(await refused("CREATE TABLE bad (id INT DEFAULT 'abc') TBLPROPERTIES ('delta.feature.allowColumnDefaults' = 'supported')")).toContain("[INVALID_DEFAULT_VALUE]");
    expect(await refused("CREATE TABLE bad (id INT, twice INT DEFAULT id * 2) TBLPROPERTIES ('delta.feature.allowColumnDefaults' = 'supported')")).toContain("[INVALID_DEFAULT_VALUE]");
    await ok("CREATE TABLE later (id BIGINT, status STRING)");
    expect(await refused("ALTER TABLE later ALTER COLUMN status SET DEFAULT 'x'")).toContain("[WRONG_COLUMN_DEFAULTS_FOR_DELTA_FEATURE_NOT_ENABLED] Failed to execute ALTER TABLE command");
    expect((await ok("SHOW TABLES")).map((r) => r.tableName)).not.toContain("bad");
    expect(await refused("ALTER TABLE tickets ADD COLUMN later_one STRING DEFAULT 'x'")).toContain("[WRONG_COLUMN_DEFAULTS_FOR_DELTA_ALTER_TABLE_ADD_COLUMN_NOT_SUPPORTED]");
  });
});
