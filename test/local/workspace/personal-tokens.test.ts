/**
 * The local workspace's Token API 2.0: personal access tokens made, listed, expired and revoked as on
 * Databricks, so a token's rotation can be rehearsed against it; what it keeps survives a restart and
 * holds no token's value.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, WorkspaceClient, type Harness } from "../../support/local-workspace.js";

describe("the local workspace's personal access tokens", () => {
  let h: Harness;
  let clock = 0;
  beforeAll(async () => {
    h = await startHarness({ now: () => Date.now() + clock });
  });
  afterAll(() => h.close());
  const as = (token: string) => new WorkspaceClient(h.ws.url, h.ws.clusterId, token);

  it("makes a token that works at once, lists it without its value, and refuses it once revoked", async () => {
    const created = await h.client.post("/api/2.0/token/create", { comment: "rotation drill" });
    expect(created.status).toBe(200);
    const { token_value: value, token_info: info } = created.body;
    expect(info).toMatchObject({ comment: "rotation drill", expiry_time: -1 });
    expect((await as(value).get("/api/2.1/clusters/list")).status).toBe(200);

    const listed = await as(value).get("/api/2.0/token/list");
    expect(listed.body.token_infos.map((t: { token_id: string }) => t.token_id)).toContain(info.token_id);
    expect(JSON.stringify(listed.body)).not.toContain(value);

    expect((await h.client.post("/api/2.0/token/delete", { token_id: info.token_id })).status).toBe(200);
    expect(await as(value).get("/api/2.1/clusters/list")).toEqual({ status: 401, body: { error_code: "UNAUTHENTICATED", message: "Invalid access token." } });
  });

  it("refuses a token past its lifetime as expired", async () => {
    const { token_value: value } = (await h.client.post("/api/2.0/token/create", { lifetime_seconds: 60 })).body;
    expect((await as(value).get("/api/2.1/clusters/list")).status).toBe(200);
    clock += 61_000;
    expect(await as(value).get("/api/2.1/clusters/list")).toEqual({ status: 401, body: { error_code: "UNAUTHENTICATED", message: "Token is expired." } });
  });

  it("answers a mistake with what to fix", async () => {
    const unknown = await h.client.post("/api/2.0/token/delete", { token_id: "nope" });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error_code: "RESOURCE_DOES_NOT_EXIST" });
    expect(unknown.body.message).toContain("GET /api/2.0/token/list");
    const negative = await h.client.post("/api/2.0/token/create", { lifetime_seconds: -5 });
    expect(negative.status).toBe(400);
    expect(negative.body.message).toContain("left out for a token that never expires");
    expect((await h.client.post("/api/2.0/token/delete", {})).status).toBe(400);
  });

  it("keeps tokens and revocations across a restart, hashed, in a file only its owner reads", async () => {
    const { token_value: value } = (await h.client.post("/api/2.0/token/create", { comment: "kept" })).body;
    const started = (await h.client.get("/api/2.0/token/list")).body.token_infos.find((t: { expiry_time: number; creation_time: number }) => t.creation_time === 0);
    // the token the workspace was started with can be revoked like any other
    expect((await h.client.post("/api/2.0/token/delete", { token_id: started.token_id })).status).toBe(200);
    await h.restart();
    expect((await h.client.get("/api/2.1/clusters/list")).status).toBe(401);
    expect((await as(value).get("/api/2.1/clusters/list")).status).toBe(200);

    const file = path.join(h.dataDir, "workspace", "tokens.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).not.toContain(value);
  });
});
