import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, poll, rows, startHarness, type Harness } from "../../support/local-workspace.js";

describe("Command Execution API 1.2 on the local cluster", () => {
  let h: Harness;
  beforeAll(async () => {
    // a restart slow enough that a loaded machine still sees the cluster RESTARTING after its lost commands fail
    h = await startHarness({ maxResultRows: 100, clusterStartDelayMs: 1_000 });
  });
  afterAll(() => h.close());

  it("refuses contexts and commands while the cluster is not RUNNING", async () => {
    await h.client.waitForState("RUNNING");
    const ctx = await h.client.createContext();
    await h.client.post("/api/2.1/clusters/delete", { cluster_id: "local-cluster" });
    await h.client.waitForState("TERMINATED");
    const r = await h.client.post("/api/1.2/contexts/create", { clusterId: "local-cluster", language: "sql" });
    expect(r.status).toBe(400);
    expect(r.body.error_code).toBe("INVALID_STATE");
    const e = await h.client.post("/api/1.2/commands/execute", { clusterId: "local-cluster", contextId: ctx, language: "sql", command: "SELECT 1" });
    expect(e.status).toBe(400);
    expect(e.body.error_code).toBe("INVALID_STATE");
    await h.client.post("/api/2.1/clusters/start", { cluster_id: "local-cluster" });
    await h.client.waitForState("RUNNING");
  });

  it("refuses languages other than sql with 501, naming the language", async () => {
    const r = await h.client.post("/api/1.2/contexts/create", { clusterId: "local-cluster", language: "python" });
    expect(r.status).toBe(501);
    expect(r.body.message).toContain("python");
  });

  it("creates a context, reports it Running, and runs a command to a table result", async () => {
    const ctx = await h.client.createContext();
    const status = await h.client.get(`/api/1.2/contexts/status?clusterId=local-cluster&contextId=${ctx}`);
    expect(status.body).toEqual({ id: ctx, status: "Running" });
    const done = await h.client.sql(ctx, "SELECT 1 AS one, 'a' AS letter");
    expect(done.status).toBe("Finished");
    expect(done.results).toEqual({
      resultType: "table",
      data: [[1, "a"]],
      schema: [
        { name: "one", type: '"integer"', metadata: "{}" },
        { name: "letter", type: '"string"', metadata: "{}" },
      ],
      truncated: false,
      isJsonSchema: true,
    });
  });

  it("accepts form-encoded bodies, as curl -d sends them", async () => {
    const r = await fetch(`${h.ws.url}/api/1.2/contexts/create`, {
      method: "POST",
      headers: { authorization: "Bearer dapi-test-token", "content-type": "application/x-www-form-urlencoded" },
      body: "clusterId=local-cluster&language=sql",
    });
    expect(r.status).toBe(200);
    expect((await r.json()).id).toMatch(/^\d+$/);
  });

  it("reads JSON sent without a Content-Type (curl -d labels it form-encoded) as JSON, as Databricks does", async () => {
    const post = (path: string, body: string) =>
      fetch(`${h.ws.url}${path}`, { method: "POST", headers: { authorization: "Bearer dapi-test-token", "content-type": "application/x-www-form-urlencoded" }, body });
    const created = await post("/api/1.2/contexts/create", '{"clusterId": "local-cluster", "language": "sql"}');
    expect(created.status).toBe(200);
    expect((await created.json()).id).toMatch(/^\d+$/);
    const broken = await post("/api/2.1/clusters/delete", '{"cluster_id": ');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error_code: "MALFORMED_REQUEST", message: expect.stringContaining("neither form-encoded nor valid JSON") });
  });

  it("caps table results and says so with truncated", async () => {
    const ctx = await h.client.createContext();
    const done = await h.client.sql(ctx, "SELECT id FROM range(250)");
    expect(done.results.data).toHaveLength(100);
    expect(done.results.truncated).toBe(true);
  });

  it("returns failures as error results with a summary and a cause", async () => {
    const ctx = await h.client.createContext();
    const done = await h.client.sql(ctx, "SELECT no_such_column FROM range(1)");
    expect(done.status).toBe("Finished");
    expect(done.results.resultType).toBe("error");
    expect(done.results.summary).toBe(
      "org.apache.spark.sql.AnalysisException: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `no_such_column` cannot be resolved. Did you mean one of the following? [`id`]. SQLSTATE: 42703",
    );
    expect(done.results.cause).toContain("no_such_column");
    const fn = await h.client.sql(ctx, "SELECT no_such_function(1)");
    expect(fn.results.summary).toContain("[UNRESOLVED_ROUTINE]");
    // a column of a table out of scope (an anti join's right side) is named, qualified, where DuckDB's binder text showed
    const hidden = await h.client.sql(ctx, "SELECT a.k, b.`the v` FROM VALUES (1), (2) a(k) LEFT ANTI JOIN VALUES (2, 'x') b(k, `the v`) ON a.k = b.k");
    expect(hidden.results.summary).toBe(
      "org.apache.spark.sql.AnalysisException: [UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column, variable, or function parameter with name `b`.`the v` cannot be resolved. SQLSTATE: 42703",
    );
  });

  it("runs commands of one context in order and keeps USE between them", async () => {
    const ctx = await h.client.createContext();
    const ids = [
      await h.client.execute(ctx, "CREATE SCHEMA ordered"),
      await h.client.execute(ctx, "USE ordered"),
      await h.client.execute(ctx, "SELECT current_database() AS db, current_catalog() AS cat"),
    ];
    const results = [];
    for (const id of ids) results.push(await h.client.waitForCommand(ctx, id));
    expect(results.map((r) => r.results.resultType)).toEqual(["table", "table", "table"]);
    expect(rows(results[2])).toEqual([{ db: "ordered", cat: "hive_metastore" }]);
    // another context has its own session
    const other = await h.client.createContext();
    expect(rows(await h.client.sql(other, "SELECT current_database() AS db"))).toEqual([{ db: "default" }]);
  });

  it("cancels a running command", async () => {
    const ctx = await h.client.createContext();
    const id = await h.client.execute(ctx, "SELECT count(*) FROM range(100000000000) a");
    await poll(async () => ((await h.client.commandStatus(ctx, id)).status === "Running" ? true : undefined), 10_000, "running");
    const cancel = await h.client.post("/api/1.2/commands/cancel", { clusterId: "local-cluster", contextId: ctx, commandId: id });
    expect(cancel.status).toBe(200);
    const done = await h.client.waitForCommand(ctx, id);
    expect(done.status).toBe("Cancelled");
    // the context is still usable
    expect(rows(await h.client.sql(ctx, "SELECT 2 AS two"))).toEqual([{ two: 2 }]);
  });

  it("answers unknown contexts and commands with 404", async () => {
    const r = await h.client.get("/api/1.2/commands/status?clusterId=local-cluster&contextId=1&commandId=2");
    expect(r.status).toBe(404);
    expect(r.body.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    const ctx = await h.client.createContext();
    const c = await h.client.get(`/api/1.2/commands/status?clusterId=local-cluster&contextId=${ctx}&commandId=nope`);
    expect(c.status).toBe(404);
  });

  it("never crashes on hostile SQL: every statement ends in a result", async () => {
    const ctx = await h.client.createContext();
    const empty = await h.client.post("/api/1.2/commands/execute", { clusterId: "local-cluster", contextId: ctx, language: "sql", command: "" });
    expect(empty.status).toBe(400);
    const inputs = [
      ";;;",
      "SELECT 'unterminated",
      "SELECT `unterminated",
      "/* open comment",
      "SELECT ((((1",
      "SELECT * FROM range(3) VERSION AS OF x",
      "SELECT * FROM table_changes()",
      "SELECT * FROM read_parquet('/etc/passwd')",
      "INSERT OVERWRITE TABLE t SELECT 1",
      "CREATE VIEW v AS SELECT 1",
      "SELECT map(1)",
      "SELECT named_struct('a')",
      "DESCRIBE",
      "SHOW FUNCTIONS",
      "UPDATE t SET a = 1",
      "SELECT 1 FROM nope.nope.nope.nope",
      "\u0000\u0001",
      "SELECT " + "(".repeat(500) + "1" + ")".repeat(500),
    ];
    for (const input of inputs) {
      const done = await h.client.sql(ctx, input);
      expect(done.status, input).toBe("Finished");
      expect(["table", "error"], input).toContain(done.results.resultType);
    }
    const unsupported = expectError(await h.client.sql(ctx, "MSCK REPAIR TABLE copied"));
    expect(unsupported).toContain("UNSUPPORTED");
    expect(unsupported).toContain("MSCK is not supported by the local workspace");
    await h.client.sql(ctx, "CREATE TABLE copied (id BIGINT)");
    expect(expectError(await h.client.sql(ctx, "COPY INTO copied FROM '/etc' FILEFORMAT = CSV"))).toContain("/etc");
    expect(expectError(await h.client.sql(ctx, "SELECT * FROM read_parquet('/etc/passwd')"))).toContain("read_parquet");
  });

  it("loses contexts on restart: their status is Error and new commands are refused", async () => {
    const ctx = await h.client.createContext();
    const id = await h.client.execute(ctx, "SELECT count(*) FROM range(100000000000) a");
    await h.client.post("/api/2.1/clusters/restart", { cluster_id: "local-cluster" });
    const cmd = await h.client.waitForCommand(ctx, id);
    expect(cmd.status).toBe("Error");
    const status = await h.client.get(`/api/1.2/contexts/status?clusterId=local-cluster&contextId=${ctx}`);
    expect(status.body.status).toBe("Error");
    const refused = await h.client.post("/api/1.2/commands/execute", { clusterId: "local-cluster", contextId: ctx, language: "sql", command: "SELECT 1" });
    expect(refused.status).toBe(400);
    await h.client.waitForState("RUNNING");
    const lost = await h.client.post("/api/1.2/commands/execute", { clusterId: "local-cluster", contextId: ctx, language: "sql", command: "SELECT 1" });
    expect(lost.status).toBe(404);
    const fresh = await h.client.createContext();
    expect(rows(await h.client.sql(fresh, "SELECT 1 AS ok"))).toEqual([{ ok: 1 }]);
    const destroyed = await h.client.post("/api/1.2/contexts/destroy", { clusterId: "local-cluster", contextId: fresh });
    expect(destroyed.body).toEqual({ id: fresh });
    expect((await h.client.get(`/api/1.2/contexts/status?clusterId=local-cluster&contextId=${fresh}`)).status).toBe(404);
  });

  it("limits open contexts to 150, as Databricks does, with 429 RESOURCE_EXHAUSTED", async () => {
    await h.client.waitForState("RUNNING");
    const created: string[] = [];
    let last: any;
    for (let k = 0; k < 200; k++) {
      last = await h.client.post("/api/1.2/contexts/create", { clusterId: "local-cluster", language: "sql" });
      if (last.status !== 200) break;
      created.push(last.body.id);
    }
    expect(last.status).toBe(429);
    expect(last.body.error_code).toBe("RESOURCE_EXHAUSTED");
    expect(created.length).toBeLessThanOrEqual(150);
    await h.client.post("/api/1.2/contexts/destroy", { clusterId: "local-cluster", contextId: created[0] });
    expect((await h.client.post("/api/1.2/contexts/create", { clusterId: "local-cluster", language: "sql" })).status).toBe(200);
  });
});
