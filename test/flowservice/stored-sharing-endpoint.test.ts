/**
 * A Delta Sharing connection stored before its endpoint was checked for user info
 * (https://user:password@host) or for half a surrogate pair is checked again where it is used, and
 * no answer repeats the password.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, FS } from "../support/aep-calls.js";
import { SHARING_SPEC, sharingConnectionBody } from "../support/sharing-connection.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const PASSWORD = "pa55-word-of-old";

describe("a stored Delta Sharing endpoint with user info", () => {
  let system: TestSystem;
  let id: string;
  /** A sharing connection whose stored endpoint is what an earlier version kept of what was sent. */
  const storedWithEndpoint = async (endpointOf: (endpoint: string) => string): Promise<string> => {
    const created = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system) });
    expect(created.status, created.text).toBe(201);
    const db = system.service.store.db;
    const row = await db.selectFrom("resources").select("document").where("id", "=", created.body.id).executeTakeFirstOrThrow();
    const document = JSON.parse(row.document);
    document.auth.params.endpoint = endpointOf(document.auth.params.endpoint);
    await db.updateTable("resources").set({ document: JSON.stringify(document) }).where("id", "=", created.body.id).execute();
    return created.body.id;
  };

  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 5 } });
    id = await storedWithEndpoint((endpoint) => endpoint.replace("://", `://reader:${PASSWORD}@`));
  }, 60_000);
  afterAll(() => system?.close());

  it.each([
    ["its test", () => `${FS}/connections/${id}/test`],
    ["an explore", () => `${FS}/connections/${id}/explore?objectType=root`],
  ])("%s refuses it naming auth.params.endpoint, without the password", async (_what, path) => {
    const answer = await call(system, "GET", path());
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1312-400");
    expect(answer.body.report.property).toBe("auth.params.endpoint");
    expect(answer.body.errorMessage).toContain("must not carry credentials");
    expect(answer.text).not.toContain(PASSWORD);
  });

  it("is shown, alone and listed, without the user name and password", async () => {
    const item = await call(system, "GET", `${FS}/connections/${id}`);
    expect(item.status, item.text).toBe(200);
    expect(item.body.items[0].auth.params.endpoint).toBe(system.workspace!.sharingEndpoint);
    const listed = await call(system, "GET", `${FS}/connections?property=id==${id}`);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect(`${item.text}${listed.text}`).not.toContain(PASSWORD);
    expect(`${item.text}${listed.text}`).not.toContain("reader");
  });

  it("refuses a source connection on it the same way", async () => {
    const source = await call(system, "POST", `${FS}/sourceConnections`, {
      body: { name: "shared", baseConnectionId: id, data: { format: "tabular" }, params: { tableName: "demo.default.customers" }, connectionSpec: { id: SHARING_SPEC, version: "1.0" } },
    });
    expect(source.status, source.text).toBe(400);
    expect(source.body.report.property).toBe("auth.params.endpoint");
    expect(source.text).not.toContain(PASSWORD);
  });

  it("refuses an endpoint stored with half a surrogate pair, which a URL would send to another path", async () => {
    const lone = await storedWithEndpoint((endpoint) => `${endpoint}\ud800`);
    const test = await call(system, "GET", `${FS}/connections/${lone}/test`);
    expect(test.status, test.text).toBe(400);
    expect(test.body.report.property).toBe("auth.params.endpoint");
    expect(test.body.errorMessage).toContain("half of a UTF-16 surrogate pair alone");
  });

  it("works again once a PATCH names the endpoint without user info", async () => {
    const etag = (await call(system, "GET", `${FS}/connections/${id}`)).body.items[0].etag;
    const patched = await call(system, "PATCH", `${FS}/connections/${id}`, {
      headers: { "if-match": etag },
      body: [{ op: "replace", path: "/auth/params", value: sharingConnectionBody(system).auth.params }],
    });
    expect(patched.status, patched.text).toBe(200);
    const test = await call(system, "GET", `${FS}/connections/${id}/test`);
    expect(test.body.result, test.text).toBe(true);
  });
});
