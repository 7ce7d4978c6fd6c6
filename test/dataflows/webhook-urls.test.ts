/**
 * Where a flow's webhooks may point (docs/api/runs.md#webhooks): https to public addresses; plain
 * http, or an address of the service's own network (loopback, private, link-local…), only on the
 * embedded default or to a host of WEBHOOK_ALLOWED_HOSTS. Here the system runs as a deployment
 * would (DATABRICKS_LOCAL=false: not the embedded default), with the local workspace started beside it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, configureClusterSas, createPipeline, flowBody, FS, type Pipeline, waitForRuns } from "../support/journey.js";
import { eventually } from "../support/blob.js";
import { startConnectionCounter } from "../support/connection-counter.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const later = () => Math.floor(Date.now() / 1000) + 3600;
const code = (reply: { body: any }) => reply.body.type?.replace("https://ns.adobe.com/aep/errors/", "");

describe("webhook URLs outside the embedded default", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 20 }, env: { DATABRICKS_LOCAL: "false", WEBHOOK_ALLOWED_HOSTS: "hooks.internal.example,10.1.2.4,127.0.0.1" } });
    await configureClusterSas(system);
    pipeline = await createPipeline(system);
  });
  afterAll(() => system.close());

  const withWebhook = (url: string) => flowBody(pipeline, { startTime: later(), frequency: "once" }, { notifications: { webhooks: [{ url, secret: "s" }] } });

  it("refuses an http webhook at flow creation with a 400 naming the setting", async () => {
    const reply = await call(system, "POST", `${FS}/flows`, { body: withWebhook("http://hooks.example.com/runs") });
    expect(reply.status, reply.text).toBe(400);
    expect(code(reply)).toBe("SRC-1312-400");
    expect(reply.body.report.property).toBe("notifications.webhooks[0].url");
    expect(reply.body.errorMessage).toContain("https");
    expect(reply.body.errorMessage).toContain("WEBHOOK_ALLOWED_HOSTS");
  });

  it("refuses an http webhook added by a PATCH", async () => {
    const created = await call(system, "POST", `${FS}/flows`, { body: withWebhook("https://hooks.example.com/runs") });
    expect(created.status, created.text).toBe(201);
    const patched = await call(system, "PATCH", `${FS}/flows/${created.body.id}`, {
      body: [{ op: "replace", path: "/notifications/webhooks/0/url", value: "http://hooks.example.com/runs" }],
      headers: { "if-match": created.body.etag },
    });
    expect(patched.status).toBe(400);
    expect(patched.body.errorMessage).toContain("WEBHOOK_ALLOWED_HOSTS");
  });

  it("takes https anywhere, and plain http to a host of WEBHOOK_ALLOWED_HOSTS", async () => {
    for (const url of ["https://hooks.example.com/runs", "http://hooks.internal.example:8080/runs"]) {
      const reply = await call(system, "POST", `${FS}/flows`, { body: withWebhook(url) });
      expect(reply.status, reply.text).toBe(201);
    }
  });

  it.each([
    ["https://10.1.2.3/hook", "10.1.2.3 is a private (RFC 1918) address (10.0.0.0/8)"],
    ["https://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address (169.254.0.0/16)"],
    ["https://[::1]:8443/hook", "::1 is a loopback address (::1/128)"],
    ["https://[::ffff:7f00:1]/hook", "::ffff:7f00:1 is a loopback address (127.0.0.0/8)"],
    ["https://[64:ff9b::a9fe:a9fe]/latest/meta-data/", "64:ff9b::a9fe:a9fe is a link-local address (169.254.0.0/16, carried to 169.254.169.254 by NAT64 64:ff9b::/96)"],
    ["https://[2002:a00:1::]/hook", "2002:a00:1:: is a private (RFC 1918) address (10.0.0.0/8, carried to 10.0.0.1 by 6to4 2002::/16)"],
    ["https://[::127.0.0.1]/hook", "::7f00:1 is a deprecated IPv4-compatible address (::/96)"],
    ["https://[fec0::1]/hook", "fec0::1 is a site-local (deprecated) address (fec0::/10)"],
    ["https://0.0.0.0/hook", "0.0.0.0 is an unspecified address (0.0.0.0/8)"],
  ])("refuses an https webhook to the internal address %s at creation and by PATCH, saying why and naming the setting", async (url, why) => {
    const reply = await call(system, "POST", `${FS}/flows`, { body: withWebhook(url) });
    expect(reply.status, reply.text).toBe(400);
    expect(code(reply)).toBe("SRC-1312-400");
    expect(reply.body.report.property).toBe("notifications.webhooks[0].url");
    expect(reply.body.errorMessage).toContain(`${why}, inside the service's own network`);
    expect(reply.body.errorMessage).toContain("WEBHOOK_ALLOWED_HOSTS");
    const created = await call(system, "POST", `${FS}/flows`, { body: withWebhook("https://hooks.example.com/runs") });
    const patched = await call(system, "PATCH", `${FS}/flows/${created.body.id}`, {
      body: [{ op: "replace", path: "/notifications/webhooks/0/url", value: url }],
      headers: { "if-match": created.body.etag },
    });
    expect(patched.status, patched.text).toBe(400);
    expect(patched.body.report.property).toBe("notifications.webhooks[0].url");
    expect(patched.body.errorMessage).toContain(why);
  });

  it("takes an internal address whose host WEBHOOK_ALLOWED_HOSTS lists", async () => {
    const reply = await call(system, "POST", `${FS}/flows`, { body: withWebhook("https://10.1.2.4/hook") });
    expect(reply.status, reply.text).toBe(201);
  });

  it("never connects to an internal address a webhook's host name resolves to when delivering, unless the host is listed", async () => {
    const unlisted = await startConnectionCounter();
    const listed = await startConnectionCounter();
    try {
      const localhost = `https://localhost:${unlisted.port}/hook`;
      const body = flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 1, frequency: "once" }, {
        notifications: { webhooks: [{ url: localhost, secret: "s" }, { url: `https://127.0.0.1:${listed.port}/hook` }] },
      });
      const created = await call(system, "POST", `${FS}/flows`, { body });
      expect(created.status, created.text).toBe(201);
      await waitForRuns(system, created.body.id, 1);
      const deliveryTo = (url: string) => system.service.store.db.selectFrom("webhook_deliveries").selectAll().where("url", "=", url).executeTakeFirst();
      await eventually(async () => (await deliveryTo(localhost))?.status === "abandoned");
      expect(await deliveryTo(localhost)).toMatchObject({ status: "abandoned", attempts: 1 });
      expect((await deliveryTo(localhost))?.last_error).toMatch(/^not sent: localhost resolves to (127\.0\.0\.1|::1), a loopback address .*, inside the service's own network: .*WEBHOOK_ALLOWED_HOSTS/);
      expect(unlisted.connections()).toBe(0);
      // the listed host is posted to (its TLS handshake then fails: no certificate here)
      await eventually(async () => listed.connections() > 0);
    } finally {
      await unlisted.close();
      await listed.close();
    }
  });

  it.each([
    [{ webhook: [{ url: "https://hooks.example.com/runs" }] }, "notifications.webhook", "webhooks, delayedRunThresholdMinutes"],
    [{ webhooks: [{ url: "https://hooks.example.com/runs", secrte: "s3cret-typo" }] }, "notifications.webhooks[0].secrte", "url, secret, events"],
    [{ webhooks: [{ url: "https://hooks.example.com/runs", event: ["sources_flow_run_failure"] }] }, "notifications.webhooks[0].event", "url, secret, events"],
  ])("refuses an unknown key of the notifications or of a webhook, naming it and the keys: %j", async (notifications, property, keys) => {
    const body = flowBody(pipeline, { startTime: later(), frequency: "once" }, { notifications });
    const reply = await call(system, "POST", `${FS}/flows`, { body });
    expect(reply.status, reply.text).toBe(400);
    expect(code(reply)).toBe("SRC-1312-400");
    expect(reply.body.report.property).toBe(property);
    expect(reply.body.errorMessage).toContain(keys);
    expect(reply.text).not.toContain("s3cret-typo");
    const created = await call(system, "POST", `${FS}/flows`, { body: withWebhook("https://hooks.example.com/runs") });
    const patched = await call(system, "PATCH", `${FS}/flows/${created.body.id}`, {
      body: [{ op: "replace", path: "/notifications", value: notifications }],
      headers: { "if-match": created.body.etag },
    });
    expect(patched.status, patched.text).toBe(400);
    expect(patched.body.report.property).toBe(property);
  });

  it("quotes a webhook URL that is not http(s) up to its host, not the webhook with its secret", async () => {
    const reply = await call(system, "POST", `${FS}/flows`, { body: withWebhook("ftp://user:pw@hooks.example.com/services/T00/B00/token") });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.report.property).toBe("notifications.webhooks[0].url");
    expect(reply.body.errorMessage).toContain("The provided param value ftp://hooks.example.com/… is not a valid input");
    for (const hidden of ["pw", "token", '"secret"']) expect(reply.body.errorMessage).not.toContain(hidden);
  });

  it.each([
    ["WEBHOOK_URL", { WEBHOOK_URL: "http://hooks.example.com/all" }],
    ["SANDBOX_WEBHOOKS", { SANDBOX_WEBHOOKS: JSON.stringify({ prod: [{ url: "http://hooks.example.com/prod" }] }) }],
  ])("does not start with an http webhook in %s", async (setting, env) => {
    const refused = startTestSystem({ blob: system.blob, account: system.account, env: { DATABRICKS_LOCAL: "false", ...env } });
    await expect(refused).rejects.toThrow(new RegExp(`${setting}.*WEBHOOK_ALLOWED_HOSTS`));
  });

  it.each([
    ["WEBHOOK_URL", { WEBHOOK_URL: "https://169.254.169.254/latest/meta-data/" }, "169.254.169.254 is a link-local address"],
    ["SANDBOX_WEBHOOKS.prod[1].url", { SANDBOX_WEBHOOKS: JSON.stringify({ prod: [{ url: "https://hooks.example.com/prod" }, { url: "https://[fd00::5]/prod" }] }) }, "fd00::5 is a unique-local address"],
  ])("does not start with a webhook to an internal address in %s", async (setting, env, why) => {
    const refused = startTestSystem({ blob: system.blob, account: system.account, env: { DATABRICKS_LOCAL: "false", ...env } });
    const message = await refused.then(
      async (started) => `started (${await started.close()})`,
      (error: Error) => error.message,
    );
    expect(message).toContain(`${setting}: ${why} (`);
    expect(message).toMatch(/, inside the service's own network: .*WEBHOOK_ALLOWED_HOSTS/);
  });
});
