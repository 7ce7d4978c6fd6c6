/**
 * The Delta Sharing journey over HTTP against the embedded default's local workspace, which shares
 * demo.customers: a connection made from a recipient's profile (its token sealed, never echoed),
 * explored share → schema → table, previewed, tested; an expired profile refused naming its expiry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_SHARING_TOKEN } from "../../local/workspace/sharing/settings.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, FS } from "../support/journey.js";
import { eventually } from "../support/blob.js";

const SHARING_SPEC = "5d2f8e41-9c3a-4b7e-a1f6-0e8d7c6b5a49";

export function sharingConnectionBody(system: TestSystem, params: Record<string, unknown> = {}) {
  return {
    name: "Delta Sharing from the provider",
    auth: { specName: "Delta Sharing Profile Authentication", params: { endpoint: system.workspace!.sharingEndpoint, bearerToken: DEV_SHARING_TOKEN, ...params } },
    connectionSpec: { id: SHARING_SPEC, version: "1.0" },
  };
}

describe("a Delta Sharing connection", () => {
  let system: TestSystem;
  let connectionId: string;

  beforeAll(async () => {
    system = await startTestSystem({ workspace: true });
    const created = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system, { expirationTime: "2099-01-01T00:00:00.0Z" }) });
    expect(created.status, created.text).toBe(201);
    connectionId = created.body.id;
  }, 60_000);
  afterAll(async () => {
    await system?.close();
  });

  it("is listed by GET /connectionSpecs with its profile's fields", async () => {
    const specs = await call(system, "GET", `${FS}/connectionSpecs`);
    const spec = specs.body.items.find((s: any) => s.id === SHARING_SPEC);
    expect(spec.name).toBe("delta-sharing");
    expect(spec.authSpec[0].spec.required).toEqual(["endpoint", "bearerToken"]);
  });

  it("keeps the bearer token sealed: never in a GET, never in the log", async () => {
    const got = await call(system, "GET", `${FS}/connections/${connectionId}`);
    expect(got.status).toBe(200);
    expect(got.body.items[0].auth.params).toEqual({ shareCredentialsVersion: 1, endpoint: system.workspace!.sharingEndpoint, expirationTime: "2099-01-01T00:00:00.0Z" });
    expect(got.text).not.toContain(DEV_SHARING_TOKEN);
    expect(system.logs.join("\n")).not.toContain(DEV_SHARING_TOKEN);
  });

  it("explores shares, then schemas, then tables, and lists every table at the root", async () => {
    const explore = async (query: string) => (await call(system, "GET", `${FS}/connections/${connectionId}/explore?${query}`)).body;
    expect(await explore("objectType=folder")).toEqual([{ type: "folder", name: "demo_share", path: "demo_share", canPreview: false, canFetchSchema: false }]);
    expect((await explore("objectType=folder&object=demo_share")).map((e: any) => e.path)).toEqual(["demo_share.demo"]);
    const tables = [{ type: "table", name: "demo_share.demo.customers", path: "demo_share.demo.customers", canPreview: true, canFetchSchema: true }];
    expect(await explore("objectType=folder&object=demo_share.demo")).toEqual(tables);
    expect(await explore("objectType=root")).toEqual(tables);
  });

  it("describes a shared table's columns with XDM types and previews 100 exact rows", async () => {
    const reply = await call(system, "GET", `${FS}/connections/${connectionId}/explore?objectType=table&object=demo_share.demo.customers&preview=true`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.schema.columns.map((c: any) => `${c.name}:${c.type}`)).toEqual([
      "id:bigint", "name:string", "email:string", "country:string", "balance:decimal(38,18)", "address:struct<street:string,city:string,postal_code:string>", "updated_at:timestamp",
    ]);
    expect(reply.body.data).toHaveLength(100);
    const first = reply.body.data.find((r: any) => r.id === 1);
    expect(first).toEqual({
      id: 1, name: "Customer 1", email: "customer1@example.com", country: "DE", balance: "1.000000000000000001",
      address: { street: "1 Main Street", city: "Riverside", postal_code: "00001" }, updated_at: "2024-01-01T00:00:07.919000Z",
    });
  });

  it("passes its test: the server answers and the token reads the share", async () => {
    const reply = await call(system, "GET", `${FS}/connections/${connectionId}/test`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.result).toBe(true);
    expect(reply.body.checks[1].message).toContain("demo_share");
  });

  it("refuses an expired profile with a 400 naming its expiry, at creation and at the test of a connection that expired since", async () => {
    const refused = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system, { expirationTime: "2025-01-31T00:00:00Z" }) });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("expired at 2025-01-31T00:00:00.000Z");
    expect(refused.text).toContain("auth.params.expirationTime");
    const soon = new Date(Date.now() + 1500).toISOString();
    const created = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system, { expirationTime: soon }) });
    expect(created.status, created.text).toBe(201);
    let test: any;
    await eventually(async () => (test = await call(system, "GET", `${FS}/connections/${created.body.id}/test`)).status === 400, 10_000, 200);
    expect(test.text).toContain(`expired at ${soon}`);
  });

  it("reports a token the server refuses as a failed check, and refuses a connection made with it", async () => {
    const refused = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system, { bearerToken: "not-a-recipient" }) });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("refused the bearer token (HTTP 401 UNAUTHENTICATED)");
    expect(refused.text).not.toContain("not-a-recipient");
  });
});
