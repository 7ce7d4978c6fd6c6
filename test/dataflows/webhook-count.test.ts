/**
 * A flow has at most 10 webhooks, each to its own URL (docs/api/runs.md#webhooks): every webhook of
 * a run holds an outbox slot for as long as its receiver takes, so a flow may not queue more, and
 * two webhooks to one URL would post each notification there twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, configureClusterSas, createPipeline, flowBody, FS, type Pipeline } from "../support/journey.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const later = () => Math.floor(Date.now() / 1000) + 3600;
const code = (reply: { body: any }) => reply.body.type?.replace("https://ns.adobe.com/aep/errors/", "");
const hooks = (count: number) => Array.from({ length: count }, (_, i) => ({ url: `https://hooks.example.com/runs?${i}` }));

describe("how many webhooks a flow has", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 20 } });
    await configureClusterSas(system);
    pipeline = await createPipeline(system);
  });
  afterAll(() => system.close());

  const create = (webhooks: object[]) => call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "once" }, { notifications: { webhooks } }) });

  it("takes 10 webhooks and refuses 11 with a 400 naming notifications.webhooks and the limit", async () => {
    const ten = await create(hooks(10));
    expect(ten.status, ten.text).toBe(201);

    const eleven = await create(hooks(11));
    expect(eleven.status, eleven.text).toBe(400);
    expect(code(eleven)).toBe("SRC-1312-400");
    expect(eleven.body.report.property).toBe("notifications.webhooks");
    expect(eleven.body.errorMessage).toContain("11 webhooks");
    expect(eleven.body.errorMessage).toContain("at most 10 webhooks");
  });

  it("refuses an 11th webhook added by a PATCH", async () => {
    const created = await create(hooks(10));
    expect(created.status, created.text).toBe(201);
    const patched = await call(system, "PATCH", `${FS}/flows/${created.body.id}`, {
      body: [{ op: "add", path: "/notifications/webhooks/-", value: { url: "https://hooks.example.com/runs?10" } }],
      headers: { "if-match": created.body.etag },
    });
    expect(patched.status, patched.text).toBe(400);
    expect(patched.body.report.property).toBe("notifications.webhooks");
    expect(patched.body.errorMessage).toContain("at most 10 webhooks");
  });

  it.each([
    ["https://hooks.example.com/runs?token=t0ken", "https://hooks.example.com/runs?token=t0ken"],
    ["https://hooks.example.com/runs?token=t0ken", "https://HOOKS.example.com:443/runs?token=t0ken"],
    // a fragment never reaches the receiver
    ["https://hooks.example.com/runs?token=t0ken", "https://hooks.example.com/runs?token=t0ken#again"],
  ])("refuses a second webhook to %s (as %s), naming its index and the first's, without the URL's query", async (first, again) => {
    const reply = await create([{ url: first }, { url: "https://other.example.com/runs" }, { url: again, secret: "s" }]);
    expect(reply.status, reply.text).toBe(400);
    expect(code(reply)).toBe("SRC-1312-400");
    expect(reply.body.report.property).toBe("notifications.webhooks[2].url");
    expect(reply.body.errorMessage).toContain("It is the URL of notifications.webhooks[0]");
    expect(reply.body.errorMessage).toContain("at most 10 webhooks");
    expect(reply.text).not.toContain("t0ken");
  });

  it("takes webhooks to one host at different paths", async () => {
    const reply = await create([{ url: "https://hooks.example.com/a" }, { url: "https://hooks.example.com/b" }]);
    expect(reply.status, reply.text).toBe(201);
  });
});
