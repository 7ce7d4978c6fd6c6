import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SIGNATURE_HEADER, verifySignature } from "../../src/notifications/signature.js";
import { WebhookSender } from "../../src/notifications/webhook-sender.js";

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
}

/** A real HTTP listener that answers with the given statuses in turn, then 200. */
async function listener(statuses: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("webhook sender", () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it("posts a signed AEP-style event that the receiver can verify", async () => {
    const hook = await listener();
    closers.push(hook.close);
    const sender = new WebhookSender();
    const run = { id: "run-1", flowId: "flow-1", metrics: { statusSummary: { status: "success" } } };
    const eventId = sender.send([{ url: hook.url, secret: "s3cret" }], "sources_flow_run_success", run);
    await sender.drain();
    expect(hook.received).toHaveLength(1);
    const [delivery] = hook.received;
    expect(JSON.parse(delivery.body)).toEqual({ event_id: eventId, type: "sources_flow_run_success", event: run });
    expect(delivery.headers["x-databricks-source-event"]).toBe("sources_flow_run_success");
    const signature = String(delivery.headers[SIGNATURE_HEADER]);
    expect(verifySignature("s3cret", delivery.body, signature, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifySignature("wrong", delivery.body, signature, Math.floor(Date.now() / 1000))).toBe(false);
    expect(verifySignature("s3cret", `${delivery.body} `, signature, Math.floor(Date.now() / 1000))).toBe(false);
    expect(verifySignature("s3cret", delivery.body, signature, Math.floor(Date.now() / 1000) + 3600)).toBe(false);
  });

  it("retries 5xx and 429 with backoff until the receiver accepts", async () => {
    const hook = await listener([503, 429, 500]);
    closers.push(hook.close);
    const sender = new WebhookSender({ initialBackoffMs: 20 });
    sender.send([{ url: hook.url }], "sources_flow_run_failure", { id: "r" });
    await sender.drain();
    expect(hook.received.map((r) => r.headers["x-databricks-source-delivery-attempt"])).toEqual(["1", "2", "3", "4"]);
    const ids = new Set(hook.received.map((r) => JSON.parse(r.body).event_id));
    expect(ids.size).toBe(1); // the same event each time, so a receiver can deduplicate
  });

  it("lets a shutdown stop waiting for a receiver that is down", async () => {
    const sender = new WebhookSender({ initialBackoffMs: 10_000, attempts: 5 });
    sender.send([{ url: "http://127.0.0.1:1/down" }], "sources_flow_run_failure", {});
    const started = Date.now();
    await sender.drain(200);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("gives up on a 4xx at once and on an unreachable URL after its attempts, without throwing", async () => {
    const hook = await listener([404]);
    closers.push(hook.close);
    const sender = new WebhookSender({ initialBackoffMs: 5, attempts: 3 });
    const started = Date.now();
    sender.send([{ url: hook.url }, { url: "http://127.0.0.1:1/unreachable" }], "sources_flow_run_failure", {});
    expect(Date.now() - started).toBeLessThan(50); // send never waits for delivery
    await sender.drain();
    expect(hook.received).toHaveLength(1);
  });
});
