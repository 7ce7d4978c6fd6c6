/**
 * Failed token requests are throttled per client id and per address (docs/api/ims.md#errors):
 * after a burst of wrong secrets even the right one is refused with IMS's 429 until the window
 * passes. The window here is small (an option of the service); requests come from two loopback
 * addresses, 127.0.0.1 and 127.0.0.2, to tell the two counters apart.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, TEST_CLIENT, type TestSystem } from "../support/system.js";

const MAX_FAILURES = 5;
const WINDOW_MS = 1_500;

describe("throttling of failed token requests", () => {
  let system: TestSystem;
  const fromOtherAddress = new Agent({ localAddress: "127.0.0.2" });
  beforeAll(async () => {
    system = await startTestSystem({ tokenThrottle: { maxFailures: MAX_FAILURES, windowMs: WINDOW_MS } });
  });
  afterAll(async () => {
    await fromOtherAddress.close();
    await system.close();
  });

  const params = (overrides: Record<string, string> = {}) =>
    new URLSearchParams({ grant_type: "client_credentials", client_id: TEST_CLIENT.clientId, client_secret: TEST_CLIENT.clientSecret, ...overrides });

  async function token(overrides: Record<string, string> = {}, options: { version?: "v2" | "v3"; dispatcher?: Agent } = {}) {
    const v2 = options.version === "v2";
    const response = await request(`${system.url}/ims/token/${options.version ?? "v3"}${v2 ? `?${params(overrides)}` : ""}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: v2 ? "" : params(overrides).toString(),
      dispatcher: options.dispatcher,
    });
    return { status: response.statusCode, retryAfter: response.headers["retry-after"], body: (await response.body.json()) as Record<string, unknown> };
  }

  const untilWindowPasses = () => sleep(WINDOW_MS + 300);

  it("refuses the right secret after a burst of wrong ones, with 429 and Retry-After, until the window passes", async () => {
    for (let i = 0; i < MAX_FAILURES; i++) expect((await token({ client_secret: `wrong-${i}` })).status).toBe(401);
    const wrong = await token({ client_secret: "wrong-again" });
    expect(wrong.status).toBe(429);
    expect(wrong.body).toEqual({ error: "too_many_requests", error_description: expect.stringMatching(/retry after \d+ seconds?/) });
    expect(Number(wrong.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(wrong.retryAfter)).toBeLessThanOrEqual(Math.ceil(WINDOW_MS / 1000));
    const right = await token();
    expect(right.status).toBe(429);
    expect((await token({}, { version: "v2" })).status).toBe(429);
    await untilWindowPasses();
    const after = await token();
    expect(after.status).toBe(200);
    expect(after.body.access_token).toEqual(expect.any(String));
  });

  it("counts failures of a client id from any address", async () => {
    await untilWindowPasses();
    for (let i = 0; i < MAX_FAILURES; i++) expect((await token({ client_secret: "wrong" }, { version: i % 2 ? "v2" : "v3" })).status).toBe(401);
    expect((await token({}, { dispatcher: fromOtherAddress })).status).toBe(429);
    await untilWindowPasses();
    expect((await token({}, { dispatcher: fromOtherAddress })).status).toBe(200);
  });

  it("counts failures from an address whatever client id they name, and not against other addresses", async () => {
    await untilWindowPasses();
    for (let i = 0; i < MAX_FAILURES; i++) expect((await token({ client_id: `guess-${i}`, client_secret: "x" }, { dispatcher: fromOtherAddress })).status).toBe(401);
    expect((await token({}, { dispatcher: fromOtherAddress })).status).toBe(429);
    expect((await token()).status).toBe(200);
    await untilWindowPasses();
    expect((await token({}, { dispatcher: fromOtherAddress })).status).toBe(200);
  });

  it("never counts successful requests", async () => {
    await untilWindowPasses();
    for (let i = 0; i < MAX_FAILURES * 3; i++) expect((await token()).status).toBe(200);
  });
});
