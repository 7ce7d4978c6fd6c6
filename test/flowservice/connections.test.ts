import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertFlowRows } from "../support/flow-rows.js";
import { DIALECTS } from "../support/postgres.js";
import { useSystemBesideSecondWorkspace } from "../support/second-workspace.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { configureClusterSas, sql } from "../support/journey.js";
import {
  call,
  connectionBody,
  createConnection,
  DATALAKE_SPEC,
  FS,
  startCluster,
  terminateCluster,
  unusedPort,
  waitForCluster,
} from "../support/aep-calls.js";

describe.each(DIALECTS)("base connections (%s)", (dialect) => {
  let system: TestSystem;
  /** a workspace host on the allow-list where nothing listens */
  let silentPort: number;
  beforeAll(async () => {
    silentPort = await unusedPort();
    system = await startTestSystem({ dialect, workspace: true, env: { DATABRICKS_ALLOWED_HOSTS: `http://127.0.0.1:${silentPort}` } });
    await waitForCluster(system, "RUNNING");
  });
  afterAll(() => system.close());

  it("creates a connection: 201 {id, etag} with a Location, and GET shows it without the token", async () => {
    const created = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system) });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(["etag", "id"]);
    expect(created.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.body.etag).toMatch(/^".+"$/);
    expect(created.headers.get("location")).toBe(`${FS}/connections/${created.body.id}`);

    const got = await call(system, "GET", `${FS}/connections/${created.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.items).toHaveLength(1);
    const item = got.body.items[0];
    expect(item).toMatchObject({
      id: created.body.id,
      createdBy: "test-client@AdobeID",
      updatedBy: "test-client@AdobeID",
      createdClient: "test-client",
      updatedClient: "test-client",
      sandboxName: "prod",
      imsOrgId: "TEST@AdobeOrg",
      name: "Databricks connection to Experience Platform",
      state: "enabled",
      connectionSpec: { id: "e9d7ec6b-0873-4e57-ad21-b3a7c65e310b", version: "1.0" },
      auth: { specName: "Access Token Authentication", params: { domain: system.workspace!.url, clusterId: system.workspace!.clusterId, database: "demo" } },
      etag: created.body.etag,
      version: created.body.etag,
    });
    expect(item.createdAt).toBeGreaterThan(1_600_000_000_000);
    expect(item.sandboxId).toEqual(expect.any(String));
    expect(item.auth.params).not.toHaveProperty("accessToken");
    expect(got.text).not.toContain(system.workspace!.token);
  });

  it("stores the token encrypted: the database row never holds it in clear", async () => {
    const id = await createConnection(system);
    const row = await system.service.store.db.selectFrom("resources").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.document).not.toContain(system.workspace!.token);
    expect(row.secret).toMatch(/^v1\./);
    expect(row.secret).not.toContain(system.workspace!.token);
  });

  it("opens the token on a second server of the same DATA_DIR (the key file persists)", async () => {
    const id = await createConnection(system);
    const peer = await system.startPeer();
    const response = await fetch(`${peer.url}${FS}/connections/${id}/explore?objectType=root`, { headers: await system.headers() });
    expect(response.status).toBe(200);
    expect(((await response.json()) as unknown[]).length).toBeGreaterThan(0);
  });

  const invalid: Array<[string, (b: any) => void, string, string?]> = [
    ["no name", (b) => delete b.name, "SRC-1304-400", "name"],
    ["no connectionSpec", (b) => delete b.connectionSpec, "SRC-1304-400", "connectionSpec"],
    ["an unknown spec id", (b) => (b.connectionSpec.id = "ffffffff-0000-4000-8000-000000000000"), "FLOW-1413-400"],
    ["the data lake spec", (b) => (b.connectionSpec.id = DATALAKE_SPEC), "FLOW-1413-400"],
    ["another spec version", (b) => (b.connectionSpec.version = "2.0"), "FLOW-1413-400"],
    ["an unknown auth spec", (b) => (b.auth.specName = "Basic Authentication"), "FLOW-1415-400"],
    ["no auth", (b) => delete b.auth, "SRC-1304-400", "auth"],
    ["no clusterId", (b) => delete b.auth.params.clusterId, "SRC-1304-400", "auth.params.clusterId"],
    ["no accessToken", (b) => delete b.auth.params.accessToken, "SRC-1304-400", "auth.params.accessToken"],
    ["no database", (b) => delete b.auth.params.database, "SRC-1304-400", "auth.params.database"],
    ["an empty database", (b) => (b.auth.params.database = ""), "SRC-1312-400"],
    ["a number as domain", (b) => (b.auth.params.domain = 42), "SRC-1312-400"],
    ["a domain with a path", (b) => (b.auth.params.domain = "https://adb-1.azuredatabricks.net/api/2.0"), "SRC-1312-400"],
    ["an unknown auth param", (b) => (b.auth.params.password = "x"), "SRC-1312-400"],
    ["a name of the wrong type", (b) => (b.name = ["x"]), "SRC-1312-400"],
  ];
  it.each(invalid)("refuses a connection with %s (%s)", async (_what, mutate, code, field) => {
    const body = structuredClone(connectionBody(system));
    mutate(body);
    const reply = await call(system, "POST", `${FS}/connections`, { body });
    expect(reply.status).toBe(400);
    expect(reply.body.type).toBe(`https://ns.adobe.com/aep/errors/${code}`);
    if (field) expect(reply.body.errorMessage).toBe(`The mandatory field ${field} is not provided. Please provide the ${field} and try again.`);
    expect(reply.text).not.toContain(system.workspace!.token);
  });

  it("names the auth specs there are when auth.specName is none of them", async () => {
    const body = structuredClone(connectionBody(system)) as any;
    body.auth.specName = "Basic Authentication";
    const reply = await call(system, "POST", `${FS}/connections`, { body });
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1415-400");
    expect(reply.body.errorMessage).toContain("Send auth.specName as one of its auth specs: 'Access Token Authentication', 'OAuth Service Principal Authentication'");
  });

  it("refuses a body that is missing, not an object, or not JSON", async () => {
    const none = await call(system, "POST", `${FS}/connections`);
    expect(none.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1405-400");
    const array = await call(system, "POST", `${FS}/connections`, { body: [] });
    expect(array.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1104-400");
    const broken = await call(system, "POST", `${FS}/connections`, { body: '{"name":' });
    expect(broken.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1101-400");
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ["a wrong token", { accessToken: "dapi-wrong" }, /refused the access token \(HTTP 401/],
    ["an unknown cluster", { clusterId: "0123-456789-nope" }, /cluster 0123-456789-nope does not exist/],
    ["an unknown database", { database: "nope" }, /SCHEMA_NOT_FOUND/],
    ["a workspace that does not answer", { domain: "unused port" }, /did not answer: ECONNREFUSED/],
  ])("checks the workspace for real: %s is a 400 naming the problem", async (_what, given, message) => {
    const params = given.domain === "unused port" ? { domain: `http://127.0.0.1:${silentPort}` } : given;
    const reply = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, params) });
    expect(reply.status).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1308-400");
    expect(reply.body.errorMessage).toMatch(/^The request could not be processed\. Error message: /);
    expect(reply.body.errorMessage).toMatch(message);
    expect(reply.text).not.toContain("dapi-wrong");
  });

  it("needs the cluster RUNNING to create a connection, and says which state it is in", async () => {
    await terminateCluster(system);
    try {
      const reply = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system) });
      expect(reply.status).toBe(400);
      expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1308-400");
      expect(reply.body.errorMessage).toContain(`cluster ${system.workspace!.clusterId} is TERMINATED`);
      // creation must not have started it
      expect((await call(system, "GET", `${FS}/connections/${"x"}`)).status).toBe(404);
    } finally {
      await startCluster(system);
    }
  });

  describe("PATCH", () => {
    it("applies case-insensitive ops with the etag quoted, unquoted, or as the if-match query parameter", async () => {
      const id = await createConnection(system);
      let etag = (await call(system, "GET", `${FS}/connections/${id}`)).body.items[0].etag as string;
      const steps: Array<[Record<string, string>, string, unknown[]]> = [
        [{ "if-match": etag }, "", [{ op: "REPLACE", path: "/name", value: "renamed" }]],
        [{}, "?if-match=", [{ op: "Add", path: "/description", value: "added" }]],
        [{ "If-Match": "" }, "", [{ op: "ADD", path: "/auth/params/catalog", value: "hive_metastore" }]],
      ];
      for (const [headers, query, ops] of steps) {
        const h = { ...headers };
        if ("If-Match" in h) h["If-Match"] = etag.replace(/"/g, "");
        const url = `${FS}/connections/${id}${query ? query + encodeURIComponent(etag) : ""}`;
        const reply = await call(system, "PATCH", url, { body: ops, headers: h });
        expect(reply.status, reply.text).toBe(200);
        expect(Object.keys(reply.body).sort()).toEqual(["etag", "id"]);
        expect(reply.body.etag).not.toBe(etag);
        etag = reply.body.etag;
      }
      const item = (await call(system, "GET", `${FS}/connections/${id}`)).body.items[0];
      expect(item).toMatchObject({ name: "renamed", description: "added", etag, auth: { params: { catalog: "hive_metastore" } } });
      expect(item.updatedAt).toBeGreaterThanOrEqual(item.createdAt);
    });

    it("keeps the stored token when /auth/params is replaced without it, and re-checks the workspace", async () => {
      const id = await createConnection(system);
      const etag = (await call(system, "GET", `${FS}/connections/${id}`)).body.items[0].etag;
      const params = { domain: system.workspace!.url, clusterId: system.workspace!.clusterId, database: "demo" };
      const reply = await call(system, "PATCH", `${FS}/connections/${id}`, { body: [{ op: "replace", path: "/auth/params", value: params }], headers: { "if-match": etag } });
      expect(reply.status, reply.text).toBe(200);
      expect((await call(system, "GET", `${FS}/connections/${id}/explore?objectType=root`)).status).toBe(200);

      const bad = await call(system, "PATCH", `${FS}/connections/${id}`, {
        body: [{ op: "replace", path: "/auth/params/accessToken", value: "dapi-wrong" }],
        headers: { "if-match": reply.body.etag },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errorMessage).toContain("refused the access token");
      // nothing changed
      expect((await call(system, "GET", `${FS}/connections/${id}`)).body.items[0].etag).toBe(reply.body.etag);
    });

    it.each([
      ["no If-Match", undefined, [{ op: "replace", path: "/name", value: "x" }], 400, "FLOW-1403-400"],
      ["a stale etag", '"00000000-0000-0200-0000-000000000000"', [{ op: "replace", path: "/name", value: "x" }], 412, "FLOW-1404-412"],
      ["a change of connectionSpec", "current", [{ op: "replace", path: "/connectionSpec/id", value: DATALAKE_SPEC }], 400, "FLOW-1414-400"],
      ["a read-only path", "current", [{ op: "replace", path: "/id", value: "x" }], 400, "SRC-1365-400"],
      ["a move", "current", [{ op: "move", from: "/name", path: "/description" }], 400, "FLOW-1434-400"],
      ["a missing field", "current", [{ op: "remove", path: "/description/nothing" }], 400, "FLOW-1455-400"],
      ["an empty list", "current", [], 400, "FLOW-1405-400"],
      ["the token removed", "current", [{ op: "remove", path: "/auth/params/accessToken" }], 400, "SRC-1304-400"],
    ])("refuses %s", async (_what, ifMatch, ops, status, code) => {
      const id = await createConnection(system);
      const etag = (await call(system, "GET", `${FS}/connections/${id}`)).body.items[0].etag;
      const headers: Record<string, string> = ifMatch === undefined ? {} : { "if-match": ifMatch === "current" ? etag : ifMatch };
      const reply = await call(system, "PATCH", `${FS}/connections/${id}`, { body: ops, headers });
      expect(reply.status, reply.text).toBe(status);
      expect(reply.body.type).toBe(`https://ns.adobe.com/aep/errors/${code}`);
      if (status === 412) {
        expect(reply.body.title).toBe("Precondition failed");
        expect(reply.body.errorMessage).toContain("does not match the current version on entity");
      }
    });

    it("takes If-Match: * as any current version", async () => {
      const id = await createConnection(system);
      const reply = await call(system, "PATCH", `${FS}/connections/${id}`, { body: [{ op: "replace", path: "/name", value: "star" }], headers: { "if-match": "*" } });
      expect(reply.status).toBe(200);
    });

    it("lets exactly one of two PATCHes with the same etag win", async () => {
      const id = await createConnection(system);
      const etag = (await call(system, "GET", `${FS}/connections/${id}`)).body.items[0].etag;
      const replies = await Promise.all(
        ["a", "b"].map((name) => call(system, "PATCH", `${FS}/connections/${id}`, { body: [{ op: "replace", path: "/name", value: name }], headers: { "if-match": etag } })),
      );
      expect(replies.map((r) => r.status).sort()).toEqual([200, 412]);
    });
  });

  describe("DELETE", () => {
    it("deletes (204, no body), after which GET is the documented 404", async () => {
      const id = await createConnection(system);
      const deleted = await call(system, "DELETE", `${FS}/connections/${id}`);
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe("");
      const gone = await call(system, "GET", `${FS}/connections/${id}`);
      expect(gone.status).toBe(404);
      expect(gone.body).toMatchObject({
        type: "https://ns.adobe.com/aep/errors/FLOW-1439-404",
        title: "Resource not found",
        status: 404,
        report: { id, type: "connections" },
        errorMessage: `The requested connections resource ${id} is not found. Verify the resource ID before trying again.`,
      });
      expect((await call(system, "DELETE", `${FS}/connections/${id}`)).status).toBe(404);
    });

    it("refuses with FLOW-1418 while a flow uses the connection", async () => {
      const id = await createConnection(system);
      const db = system.service.store.db;
      // a dataflow, written straight into its tables: what makes a connection "in use"
      const [flowId] = await insertFlowRows(system.service.store, 1, { orgId: "TEST@AdobeOrg", startTime: 0, frequency: "once", interval: 0, createdAt: Date.now() });
      await db.insertInto("flow_references").values({ flow_id: flowId, resource_id: id }).execute();
      const refused = await call(system, "DELETE", `${FS}/connections/${id}`);
      expect(refused.status).toBe(400);
      expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1418-400");
      expect(refused.body.errorMessage).toContain(`The base connection with the ID ${id} cannot be deleted because the base connection is being used in the flows ${flowId}.`);
      await db.deleteFrom("flows").where("id", "=", flowId).execute();
      expect((await call(system, "DELETE", `${FS}/connections/${id}`)).status).toBe(204);
    });
  });

  it("keeps sandboxes apart: a connection of prod is not found, listed, patched or deleted from dev", async () => {
    const id = await createConnection(system);
    expect((await call(system, "GET", `${FS}/connections/${id}`, { sandbox: "dev" })).status).toBe(404);
    const listed = await call(system, "GET", `${FS}/connections?property=id==${id}`, { sandbox: "dev" });
    expect(listed.body.items).toEqual([]);
    expect((await call(system, "DELETE", `${FS}/connections/${id}`, { sandbox: "dev" })).status).toBe(404);
    expect((await call(system, "GET", `${FS}/connections/${id}/explore?objectType=root`, { sandbox: "dev" })).status).toBe(404);
    expect((await call(system, "GET", `${FS}/connections/${id}`)).status).toBe(200);
  });
});

describe("GET /connections/{id}/test", () => {
  const beside = useSystemBesideSecondWorkspace();
  let system: TestSystem;
  beforeAll(() => {
    system = beside.system;
  });

  it("passes every check on a running cluster holding the staging SAS; a terminated one fails as creating a connection or flow would, saying why", async () => {
    await configureClusterSas(system);
    const id = await createConnection(system);
    const ok = await call(system, "GET", `${FS}/connections/${id}/test`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ result: true, clusterId: system.workspace!.clusterId, clusterState: "RUNNING" });
    expect(ok.body.checks.map((c: { name: string; passed: boolean }) => [c.name, c.passed])).toEqual([["workspace", true], ["token", true], ["cluster", true], ["stagingSas", true], ["database", true]]);
    await terminateCluster(system);
    const stopped = await call(system, "GET", `${FS}/connections/${id}/test`);
    expect(stopped.body).toMatchObject({ result: false, clusterState: "TERMINATED" });
    const cluster = stopped.body.checks.find((c: { name: string }) => c.name === "cluster");
    expect(cluster).toMatchObject({ passed: false, message: expect.stringMatching(/is TERMINATED.*creating a connection or a flow.*never start it/) });
    // the Spark config is still read: the SAS check does not depend on the cluster running
    expect(stopped.body.checks.find((c: { name: string }) => c.name === "stagingSas")).toMatchObject({ passed: true });
    // nor does the database's: Unity Catalog lists it without the cluster
    expect(stopped.body.checks.find((c: { name: string }) => c.name === "database")).toEqual({
      name: "database",
      passed: true,
      message: "the database demo is in Unity Catalog's listing (its tables are read once the cluster runs)",
    });
    // and creation indeed refuses that cluster
    const refused = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system) });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("TERMINATED");
    await startCluster(system);
  });

  it("fails the database check, naming the database, once the database the connection reads is dropped", async () => {
    await configureClusterSas(system);
    await sql(system, "CREATE SCHEMA short_lived");
    const id = await createConnection(system, { database: "short_lived" });
    expect((await call(system, "GET", `${FS}/connections/${id}/test`)).body.checks).toContainEqual({ name: "database", passed: true, message: "the database short_lived lists its tables" });
    await sql(system, "DROP SCHEMA short_lived");
    const dropped = await call(system, "GET", `${FS}/connections/${id}/test`);
    expect(dropped.status).toBe(200);
    expect(dropped.body.result).toBe(false);
    expect(dropped.body.checks.map((c: { name: string; passed: boolean }) => [c.name, c.passed])).toEqual([["workspace", true], ["token", true], ["cluster", true], ["stagingSas", true], ["database", false]]);
    expect(dropped.body.checks.at(-1).message).toMatch(/SCHEMA_NOT_FOUND.*short_lived/);
  });

  it("fails the database check of a stopped cluster's connection from Unity Catalog's listing, without starting the cluster", async () => {
    await configureClusterSas(system);
    await sql(system, "CREATE SCHEMA gone_while_stopped");
    const id = await createConnection(system, { database: "gone_while_stopped" });
    await sql(system, "DROP SCHEMA gone_while_stopped");
    await terminateCluster(system);
    try {
      const stopped = await call(system, "GET", `${FS}/connections/${id}/test`);
      expect(stopped.body).toMatchObject({ result: false, clusterState: "TERMINATED" });
      expect(stopped.body.checks.map((c: { name: string; passed: boolean }) => [c.name, c.passed])).toEqual([["workspace", true], ["token", true], ["cluster", false], ["stagingSas", true], ["database", false]]);
      expect(stopped.body.checks.at(-1).message).toBe("the database gone_while_stopped is not in Unity Catalog's listing of hive_metastore");
      expect((await call(system, "GET", `${FS}/connections/${id}/test`)).body.clusterState).toBe("TERMINATED");
    } finally {
      await startCluster(system);
    }
  });

  it("says which check failed: a workspace that went away, then a token it no longer accepts", async () => {
    const otherUrl = await beside.startSecond("dapi-first");
    const id = await createConnection(system, { domain: otherUrl, accessToken: "dapi-first" });

    await beside.stopSecond();
    const away = await call(system, "GET", `${FS}/connections/${id}/test`);
    expect(away.status).toBe(200);
    expect(away.body.result).toBe(false);
    expect(away.body.checks).toEqual([{ name: "workspace", passed: false, message: expect.stringContaining("did not answer") }]);

    await beside.startSecond("dapi-second");
    const refused = await call(system, "GET", `${FS}/connections/${id}/test`);
    expect(refused.body.result).toBe(false);
    expect(refused.body.checks.map((c: { name: string; passed: boolean }) => [c.name, c.passed])).toEqual([["workspace", true], ["token", false]]);
    expect(refused.text).not.toContain("dapi-first");
  });
});
