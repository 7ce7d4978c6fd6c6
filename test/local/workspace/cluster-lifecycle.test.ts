import { statSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, WorkspaceClient, type Harness } from "../../support/local-workspace.js";

describe("the local workspace's REST surface", () => {
  let h: Harness;
  let clock = 0;
  beforeAll(async () => {
    h = await startHarness({ now: () => Date.now() + clock });
  });
  afterAll(() => h.close());

  it("rejects a missing or wrong token with 401 and the Databricks error envelope", async () => {
    const missing = await fetch(`${h.ws.url}/api/2.1/clusters/list`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error_code: "UNAUTHENTICATED" });
    const wrong = await new WorkspaceClient(h.ws.url, h.ws.clusterId, "dapi-wrong").get("/api/2.1/clusters/list");
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error_code: "UNAUTHENTICATED", message: "Invalid access token." });
  });

  it("accepts Basic auth with the user 'token', as Databricks does", async () => {
    const r = await fetch(`${h.ws.url}/api/2.0/clusters/list`, {
      headers: { authorization: `Basic ${Buffer.from("token:dapi-test-token").toString("base64")}` },
    });
    expect(r.status).toBe(200);
  });

  it("answers unknown clusters with 404 RESOURCE_DOES_NOT_EXIST and bad input with 400", async () => {
    const unknown = await h.client.get("/api/2.1/clusters/get?cluster_id=nope");
    expect(unknown).toEqual({ status: 404, body: { error_code: "RESOURCE_DOES_NOT_EXIST", message: "Cluster nope does not exist" } });
    const missing = await h.client.get("/api/2.1/clusters/get");
    expect(missing.status).toBe(400);
    expect(missing.body.error_code).toBe("INVALID_PARAMETER_VALUE");
    const badJson = await fetch(`${h.ws.url}/api/2.1/clusters/start`, {
      method: "POST",
      headers: { authorization: "Bearer dapi-test-token", "content-type": "application/json" },
      body: "{not json",
    });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).error_code).toBe("MALFORMED_REQUEST");
  });

  it("refuses endpoints it does not emulate loudly: 501 for other cluster operations, 404 for unknown paths", async () => {
    const create = await h.client.post("/api/2.1/clusters/create", { cluster_name: "x" });
    expect(create.status).toBe(501);
    expect(create.body.error_code).toBe("NOT_IMPLEMENTED");
    const nowhere = await h.client.get("/api/2.0/jobs/list");
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.error_code).toBe("ENDPOINT_NOT_FOUND");
  });

  it("starts the new cluster PENDING and reaches RUNNING after the start delay", async () => {
    const first = await h.client.cluster();
    expect(["PENDING", "RUNNING"]).toContain(first.state);
    const running = await h.client.waitForState("RUNNING");
    expect(running).toMatchObject({ cluster_id: "local-cluster", state: "RUNNING", spark_conf: {} });
    expect(typeof running.spark_context_id).toBe("number");
    const list = await h.client.get("/api/2.0/clusters/list");
    expect(list.body.clusters.map((c: any) => c.cluster_id)).toEqual(["local-cluster"]);
  });

  it("refuses start on a running cluster with 400 INVALID_STATE", async () => {
    const r = await h.client.post("/api/2.1/clusters/start", { cluster_id: "local-cluster" });
    expect(r.status).toBe(400);
    expect(r.body.error_code).toBe("INVALID_STATE");
  });

  it("restarts: RUNNING → RESTARTING → RUNNING with a new Spark context", async () => {
    const before = await h.client.waitForState("RUNNING");
    expect((await h.client.post("/api/2.1/clusters/restart", { cluster_id: "local-cluster" })).status).toBe(200);
    expect((await h.client.cluster()).state).toBe("RESTARTING");
    const after = await h.client.waitForState("RUNNING");
    expect(after.spark_context_id).not.toBe(before.spark_context_id);
    expect(after.last_restarted_time).toBeGreaterThanOrEqual(before.start_time);
  });

  it("terminates on delete with termination_reason USER_REQUEST, and starts again", async () => {
    expect((await h.client.post("/api/2.0/clusters/delete", { cluster_id: "local-cluster" })).status).toBe(200);
    const terminated = await h.client.waitForState("TERMINATED");
    expect(terminated.termination_reason).toMatchObject({ code: "USER_REQUEST", type: "SUCCESS" });
    expect(terminated.terminated_time).toBeGreaterThan(0);
    // terminating a terminated cluster is a no-op; restarting it is not allowed
    expect((await h.client.post("/api/2.1/clusters/delete", { cluster_id: "local-cluster" })).status).toBe(200);
    expect((await h.client.post("/api/2.1/clusters/restart", { cluster_id: "local-cluster" })).body.error_code).toBe("INVALID_STATE");
    expect((await h.client.post("/api/2.1/clusters/start", { cluster_id: "local-cluster" })).status).toBe(200);
    expect((await h.client.cluster()).state).toBe("PENDING");
    const running = await h.client.waitForState("RUNNING");
    expect(running.termination_reason).toBeUndefined();
  });

  it("restarts a running cluster on update of spark_conf, and keeps the value", async () => {
    await h.client.waitForState("RUNNING");
    const r = await h.client.post("/api/2.1/clusters/update", {
      cluster_id: "local-cluster",
      update_mask: "spark_conf",
      cluster: { spark_conf: { "spark.sql.shuffle.partitions": "8" } },
    });
    expect(r.status).toBe(200);
    expect((await h.client.cluster()).state).toBe("RESTARTING");
    const running = await h.client.waitForState("RUNNING");
    expect(running.spark_conf).toEqual({ "spark.sql.shuffle.partitions": "8" });
  });

  it("edits with the full spec (spark_version required), refusing non-emulated features", async () => {
    await h.client.waitForState("RUNNING");
    const noVersion = await h.client.post("/api/2.1/clusters/edit", { cluster_id: "local-cluster" });
    expect(noVersion.body.error_code).toBe("INVALID_PARAMETER_VALUE");
    const autoscale = await h.client.post("/api/2.1/clusters/edit", {
      cluster_id: "local-cluster",
      spark_version: "15.4.x-scala2.12",
      autoscale: { min_workers: 1, max_workers: 2 },
    });
    expect(autoscale.status).toBe(501);
    const badIdle = await h.client.post("/api/2.1/clusters/edit", {
      cluster_id: "local-cluster",
      spark_version: "15.4.x-scala2.12",
      autotermination_minutes: 3,
    });
    expect(badIdle.body.error_code).toBe("INVALID_PARAMETER_VALUE");
    const ok = await h.client.post("/api/2.1/clusters/edit", {
      cluster_id: "local-cluster",
      spark_version: "14.3.x-scala2.12",
      cluster_name: "renamed",
      spark_conf: { "fs.azure.sas.c.a.blob.core.windows.net": "sv=secret-sig" },
    });
    expect(ok.status).toBe(200);
    const edited = await h.client.waitForState("RUNNING");
    expect(edited).toMatchObject({ cluster_name: "renamed", spark_version: "14.3.x-scala2.12" });
    // an edit resets what it does not mention
    expect(edited.spark_conf).toEqual({ "fs.azure.sas.c.a.blob.core.windows.net": "sv=secret-sig" });
    // editing while RESTARTING is refused
    await h.client.post("/api/2.1/clusters/restart", { cluster_id: "local-cluster" });
    const during = await h.client.post("/api/2.1/clusters/edit", { cluster_id: "local-cluster", spark_version: "14.3.x-scala2.12" });
    expect(during.body.error_code).toBe("INVALID_STATE");
    await h.client.waitForState("RUNNING");
  });

  it("lists events newest first with paging, and never shows SAS values in them", async () => {
    const all = await h.client.post("/api/2.1/clusters/events", { cluster_id: "local-cluster", limit: 500 });
    const types = all.body.events.map((e: any) => e.type);
    expect(types[types.length - 1]).toBe("CREATING");
    for (const t of ["STARTING", "RUNNING", "RESTARTING", "TERMINATING", "EDITED"]) expect(types).toContain(t);
    const stamps = all.body.events.map((e: any) => e.timestamp);
    expect([...stamps].sort((a, b) => b - a)).toEqual(stamps);
    expect(JSON.stringify(all.body)).not.toContain("secret-sig");
    const page = await h.client.post("/api/2.1/clusters/events", { cluster_id: "local-cluster", limit: 2, order: "ASC", event_types: ["RUNNING"] });
    expect(page.body.events).toHaveLength(2);
    expect(page.body.events.every((e: any) => e.type === "RUNNING")).toBe(true);
    expect(page.body.next_page).toMatchObject({ offset: 2, limit: 2 });
    expect(page.body.total_count).toBeGreaterThan(2);
    // token pagination walks the same events
    const first = await h.client.post("/api/2.1/clusters/events", { cluster_id: "local-cluster", page_size: 3 });
    expect(first.body.events).toEqual(all.body.events.slice(0, 3));
    expect(first.body.prev_page_token).toBe("");
    const second = await h.client.post("/api/2.1/clusters/events", { cluster_id: "local-cluster", page_size: 3, page_token: first.body.next_page_token });
    expect(second.body.events).toEqual(all.body.events.slice(3, 6));
    expect(second.body.prev_page_token).not.toBe("");
    const bad = await h.client.post("/api/2.1/clusters/events", { cluster_id: "local-cluster", page_token: "garbage" });
    expect(bad.status).toBe(400);
  });

  it("terminates after N idle minutes with termination_reason INACTIVITY", async () => {
    await h.client.waitForState("RUNNING");
    await h.client.post("/api/2.1/clusters/update", {
      cluster_id: "local-cluster",
      update_mask: "autotermination_minutes",
      cluster: { autotermination_minutes: 10 },
    });
    await h.client.waitForState("RUNNING");
    clock += 9 * 60_000;
    expect((await h.client.cluster()).state).toBe("RUNNING");
    clock += 2 * 60_000;
    const terminated = await h.client.waitForState("TERMINATED");
    expect(terminated.termination_reason).toEqual({ code: "INACTIVITY", type: "SUCCESS", parameters: { inactivity_duration_min: "10" } });
    expect(terminated.state_message).toContain("inactive for 10 minutes");
  });

  it("keeps state and spark_conf across a restart of the workspace, in a file only the owner can read", async () => {
    await h.client.post("/api/2.1/clusters/start", { cluster_id: "local-cluster" });
    await h.client.waitForState("RUNNING");
    await h.restart();
    const after = await h.client.cluster();
    expect(after).toMatchObject({ state: "RUNNING", cluster_name: "renamed", autotermination_minutes: 10 });
    expect(after.spark_conf["fs.azure.sas.c.a.blob.core.windows.net"]).toBe("sv=secret-sig");
    const file = path.join(h.dataDir, "workspace", "cluster.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toContain("RUNNING");
  });
  it("answers malformed requests on every endpoint with 4xx, never 5xx (run last: some bodies are valid)", async () => {
    const posts = [
      "/api/2.1/clusters/start", "/api/2.1/clusters/restart", "/api/2.1/clusters/delete", "/api/2.1/clusters/edit",
      "/api/2.1/clusters/update", "/api/2.1/clusters/events", "/api/1.2/contexts/create", "/api/1.2/contexts/destroy",
      "/api/1.2/commands/execute", "/api/1.2/commands/cancel",
    ];
    const bodies: unknown[] = [
      null, 42, "text", [], [1, 2], {}, { cluster_id: 7 }, { cluster_id: ["x"] }, { cluster_id: {} }, { clusterId: null },
      { cluster_id: "local-cluster", update_mask: 5, cluster: [] }, { cluster_id: "local-cluster", spark_version: 1, spark_conf: "x" },
      { cluster_id: "local-cluster", spark_version: "x", spark_conf: { a: { b: 1 } } }, { cluster_id: "local-cluster", limit: "many" },
      { cluster_id: "local-cluster", event_types: "RUNNING" }, { clusterId: "local-cluster", contextId: {}, language: ["sql"], command: 1 },
    ];
    for (const p of posts) {
      for (const body of bodies) {
        const r = await fetch(h.ws.url + p, {
          method: "POST",
          headers: { authorization: "Bearer dapi-test-token", "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        // some of these happen to be valid (a delete of local-cluster); none may be a 5xx
        expect(r.status, `${p} ${JSON.stringify(body)}`).toBeLessThan(500);
        const json = await r.json();
        if (r.status !== 200) expect(Object.keys(json).sort()).toEqual(["error_code", "message"]);
      }
    }
    for (const q of ["clusters/get?cluster_id=", "clusters/get?cluster_id[a]=1", "clusters/get?cluster_id=a&cluster_id=b"]) {
      expect((await h.client.get(`/api/2.1/${q}`)).status).toBeLessThan(500);
    }
    for (const q of ["contexts/status?clusterId=local-cluster", "commands/status?clusterId=local-cluster&contextId=1&commandId=1&commandId=2"]) {
      expect((await h.client.get(`/api/1.2/${q}`)).status).toBeLessThan(500);
    }
  });
});
