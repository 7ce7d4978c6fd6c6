/**
 * The server closes sockets that hold it up (README settings HTTP_KEEP_ALIVE_TIMEOUT_MS,
 * HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS; docs/api/conventions.md#timeouts): an idle
 * keep-alive socket, a socket that never finishes its headers, a body trickled a byte at a time.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DLZ_CREDENTIALS, FS } from "../support/aep-calls.js";
import { closedWithin, connect, readResponse } from "../support/raw-http.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const KEEP_ALIVE_MS = 1_000;
const HEADERS_MS = 2_000;
const REQUEST_MS = 3_000;

describe("socket timeouts", () => {
  let system: TestSystem;
  let good: Record<string, string>;
  beforeAll(async () => {
    system = await startTestSystem({
      env: { HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_MS), HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_MS), HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_MS) },
    });
    good = await system.headers();
  });
  afterAll(() => system.close());

  const head = (method: string, target: string, headers: Record<string, string>) =>
    `${method} ${target} HTTP/1.1\r\nhost: localhost\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join("")}\r\n`;

  it("closes an idle keep-alive socket after the keep-alive timeout", async () => {
    const sockets = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const socket = await connect(system.url);
        const answered = readResponse(socket);
        socket.write(head("GET", DLZ_CREDENTIALS, good));
        expect((await answered).status).toBe(200);
        return socket;
      }),
    );
    const closedAfter = await Promise.all(sockets.map((socket) => closedWithin(socket, KEEP_ALIVE_MS + 5_000)));
    for (const ms of closedAfter) expect(ms).toBeDefined();
  });

  it("closes a socket that sends nothing, or never ends its headers", async () => {
    const silent = await connect(system.url);
    const partial = await connect(system.url);
    partial.write("GET /health HTTP/1.1\r\nhost: localhost\r\n");
    const [silentMs, partialMs] = await Promise.all([closedWithin(silent, HEADERS_MS + 5_000), closedWithin(partial, HEADERS_MS + 5_000)]);
    expect(silentMs).toBeDefined();
    expect(partialMs).toBeDefined();
  });

  it("cuts off a body trickled a byte at a time with a 408 in the envelope", async () => {
    const socket = await connect(system.url);
    const answered = readResponse(socket, REQUEST_MS + 10_000);
    socket.write(head("POST", `${FS}/connections`, { ...good, "content-type": "application/json", "content-length": "1000" }));
    const started = Date.now();
    const trickle = (async () => {
      while (!socket.destroyed && Date.now() - started < REQUEST_MS + 10_000) {
        socket.write("{");
        await sleep(100);
      }
    })();
    const response = await answered;
    await trickle;
    expect(Date.now() - started).toBeLessThan(REQUEST_MS + 5_000);
    expect(response.status).toBe(408);
    expect(response.json).toMatchObject({
      type: "https://ns.adobe.com/aep/errors/FLOW-1106-408",
      status: 408,
      report: { "request-id": response.headers["x-request-id"] },
    });
    expect(response.json.errorMessage).toContain(`${REQUEST_MS} ms`);
    // the route that was waiting for the body gives up quietly: no error of ours is logged
    await sleep(200);
    expect(system.logs.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });
});
