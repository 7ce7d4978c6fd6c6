/**
 * A webhook's `secretSet` says whether its deliveries are signed: a secret stays with the URL it
 * was given for, so a webhook moved to another URL shows `secretSet` only once a secret is sent for
 * the new URL, and the GET body sent back with a new URL is refused naming `secret`
 * (docs/api/dataflows.md#notifications, docs/security.md).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, configureClusterSas, createPipeline, flowBody, FS, type Pipeline } from "../support/journey.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const A = "https://hooks.example.com/a";
const B = "https://hooks.example.com/b";
const later = () => Math.floor(Date.now() / 1000) + 3600;

describe("a webhook's secretSet follows its URL", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 20 } });
    await configureClusterSas(system);
    pipeline = await createPipeline(system);
  });
  afterAll(() => system.close());

  async function flowWithSignedWebhook(): Promise<{ id: string; etag: string }> {
    const created = await call(system, "POST", `${FS}/flows`, {
      body: flowBody(pipeline, { startTime: later(), frequency: "once" }, { notifications: { webhooks: [{ url: A, secret: "hook-secret-a" }] } }),
    });
    expect(created.status, created.text).toBe(201);
    return created.body;
  }
  const webhooksOf = async (id: string) => (await call(system, "GET", `${FS}/flows/${id}`)).body.items[0].notifications.webhooks;
  const patchNotifications = (flow: { id: string; etag: string }, webhooks: object[]) =>
    call(system, "PATCH", `${FS}/flows/${flow.id}`, { body: [{ op: "replace", path: "/notifications", value: { webhooks } }], headers: { "if-match": flow.etag } });

  it("refuses the shown body with a new URL (secretSet: true, no secret) with a 400 naming secret", async () => {
    const flow = await flowWithSignedWebhook();
    expect(await webhooksOf(flow.id)).toEqual([{ url: A, secretSet: true }]);

    const moved = await patchNotifications(flow, [{ url: B, secretSet: true }]);
    expect(moved.status, moved.text).toBe(400);
    expect(moved.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1312-400");
    expect(moved.body.report.property).toBe("notifications.webhooks[0].secretSet");
    expect(moved.body.errorMessage).toContain("No secret is stored for this webhook's URL");
    expect(moved.body.errorMessage).toContain("notifications.webhooks[].secret");
    expect(await webhooksOf(flow.id)).toEqual([{ url: A, secretSet: true }]);
  });

  it("shows a moved webhook without secretSet until a secret is sent for its URL", async () => {
    const flow = await flowWithSignedWebhook();
    const unsigned = await patchNotifications(flow, [{ url: B }]);
    expect(unsigned.status, unsigned.text).toBe(200);
    expect(await webhooksOf(flow.id)).toEqual([{ url: B }]);

    const signed = await patchNotifications(unsigned.body, [{ url: B, secret: "hook-secret-b" }]);
    expect(signed.status, signed.text).toBe(200);
    expect(await webhooksOf(flow.id)).toEqual([{ url: B, secretSet: true }]);
  });

  it("keeps the secret of an unchanged URL when the shown body is sent back, and refuses secretSet on a new flow", async () => {
    const flow = await flowWithSignedWebhook();
    const kept = await patchNotifications(flow, [{ url: A, secretSet: true, events: ["sources_flow_run_failure"] }]);
    expect(kept.status, kept.text).toBe(200);
    expect(await webhooksOf(flow.id)).toEqual([{ url: A, secretSet: true, events: ["sources_flow_run_failure"] }]);

    const copied = await call(system, "POST", `${FS}/flows`, {
      body: flowBody(pipeline, { startTime: later(), frequency: "once" }, { notifications: { webhooks: [{ url: A, secretSet: true }] } }),
    });
    expect(copied.status, copied.text).toBe(400);
    expect(copied.body.report.property).toBe("notifications.webhooks[0].secretSet");
  });
});
