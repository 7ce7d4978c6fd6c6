/**
 * A secret sent inside a value of the wrong shape (a webhook not wrapped in a list, a profile pasted as text, a token where its
 * object was due) is refused with a 400 that says the value's kind, never its content, and no log line holds it
 * (docs/security.md). A webhook URL carrying a password is refused, not stored and shown back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, connectionBody, FS } from "../support/aep-calls.js";
import { createPipeline, flowBody, type Pipeline } from "../support/journey.js";
import { SHARING_SPEC } from "../support/sharing-connection.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const SECRET = "PLANTED-secret-4242";

describe("a secret inside a value of the wrong shape", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 1 } });
    pipeline = await createPipeline(system);
  }, 60_000);
  afterAll(() => system.close());

  const sharing = (params: unknown) => ({ name: "s", connectionSpec: { id: SHARING_SPEC, version: "1.0" }, auth: { specName: "Delta Sharing Profile Authentication", params } });
  const later = () => Math.floor(Date.now() / 1000) + 3600;
  const withNotifications = (notifications: unknown) => flowBody(pipeline, { startTime: later(), frequency: "once" }, { notifications });

  it.each([
    ["a connection's params pasted as text", `${FS}/connections`, () => sharing(JSON.stringify({ endpoint: "http://x", bearerToken: SECRET })), "auth.params", "(a string of"],
    ["a connection's params as a list", `${FS}/connections`, (s: TestSystem) => ({ ...connectionBody(s), auth: { specName: "Access Token Authentication", params: [SECRET] } }), "auth.params", "(a list of 1 item)"],
    ["a connection's auth as a list", `${FS}/connections`, (s: TestSystem) => ({ ...connectionBody(s), auth: [{ accessToken: SECRET }] }), "auth", "(a list of 1 item)"],
    ["an object where specName's text is due", `${FS}/connections`, (s: TestSystem) => ({ ...connectionBody(s), auth: { specName: { accessToken: SECRET }, params: {} } }), "auth.specName", "(an object)"],
    ["an object where a catalog's name is due", `${FS}/connections`, (s: TestSystem) => connectionBody(s, { catalog: { x: SECRET } }), "auth.params.catalog", "(an object)"],
    ["a webhook not wrapped in a list", `${FS}/flows`, () => withNotifications({ webhooks: { url: "https://hooks.example.com/x", secret: SECRET } }), "notifications.webhooks", "(an object)"],
    ["a webhook as a list of its URL and secret", `${FS}/flows`, () => withNotifications({ webhooks: [["https://hooks.example.com/x", SECRET]] }), "notifications.webhooks[0]", "(a list of 2 items)"],
  ])("%s: a 400 naming the property and the value's kind only", async (_what, path, body, property, kind) => {
    const reply = await call(system, "POST", path, { body: body(system) });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.report.property).toBe(property);
    expect(reply.body.errorMessage).toContain(`The provided param value ${kind}`);
    expect(reply.text).not.toContain(SECRET);
    expect(system.logs.join("")).not.toContain(SECRET);
  });

  it("a webhook URL with a user name and password is refused, quoting its origin only", async () => {
    const reply = await call(system, "POST", `${FS}/flows`, { body: withNotifications({ webhooks: [{ url: `http://hook-user:${SECRET}@127.0.0.1:9/runs` }] }) });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.report.property).toBe("notifications.webhooks[0].url");
    expect(reply.body.errorMessage).toContain("The provided param value http://127.0.0.1:9 is not a valid input");
    expect(reply.body.errorMessage).toContain("A webhook URL must not carry credentials (a user name or password before its host)");
    expect(reply.text).not.toContain(SECRET);
    expect(system.logs.join("")).not.toContain(SECRET);
  });
});
