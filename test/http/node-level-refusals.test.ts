/**
 * Mistakes Node's HTTP server would answer itself, before Fastify sees a request, are answered in
 * the AEP envelope with a 4xx that says what to fix (docs/api/conventions.md#malformed-requests):
 * a request with no Host header (or two), an expectation other than 100-continue, a CONNECT.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DLZ_CREDENTIALS } from "../support/aep-calls.js";
import { connect, type RawResponse, rawRequest, readResponse } from "../support/raw-http.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

describe("requests Node's HTTP server refuses", () => {
  let system: TestSystem;
  let good: Record<string, string>;
  beforeAll(async () => {
    system = await startTestSystem();
    good = await system.headers();
  });
  afterAll(() => system.close());

  const lines = (headers: Record<string, string>) => Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join("");

  const expectEnvelope = (response: RawResponse, status: number, type: string) => {
    expect(response.status, response.text).toBe(status);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.json).toMatchObject({ type, status, report: { "request-id": response.headers["x-request-id"] } });
    expect(response.headers["x-request-id"]).toEqual(expect.any(String));
  };

  it("answers a request without a Host header with a 400 naming the header", async () => {
    const response = await rawRequest(system.url, `GET ${DLZ_CREDENTIALS} HTTP/1.1\r\n${lines({ ...good, connection: "close" })}\r\n`);
    expectEnvelope(response, 400, "https://ns.adobe.com/aep/errors/FLOW-1104-400");
    expect(response.json.errorMessage).toMatch(/Host header/);
  });

  it("answers a request with two Host headers with a 400 saying to send one", async () => {
    const response = await rawRequest(system.url, `GET ${DLZ_CREDENTIALS} HTTP/1.1\r\nhost: localhost\r\nHost: elsewhere\r\n${lines({ ...good, connection: "close" })}\r\n`);
    expectEnvelope(response, 400, "https://ns.adobe.com/aep/errors/FLOW-1104-400");
    expect(response.json.errorMessage).toContain("2 Host headers");
  });

  it("serves an HTTP/1.0 request without a Host header, which that version does not require", async () => {
    const response = await rawRequest(system.url, `GET ${DLZ_CREDENTIALS} HTTP/1.0\r\n${lines(good)}\r\n`);
    expect(response.status, response.text).toBe(200);
  });

  it("answers an expectation other than 100-continue with a 417 saying which one is understood", async () => {
    const body = "{}";
    const response = await rawRequest(
      system.url,
      `POST /data/foundation/flowservice/connections HTTP/1.1\r\nhost: localhost\r\n${lines({ ...good, "content-type": "application/json", expect: "200-ok", "content-length": "2" })}\r\n${body}`,
    );
    expectEnvelope(response, 417, "https://ns.adobe.com/aep/errors/FLOW-1108-417");
    expect(response.json.errorMessage).toContain("200-ok");
    expect(response.json.errorMessage).toContain("100-continue");
    // the body it came with is never read, so the connection is not kept for another request
    expect(response.headers.connection).toBe("close");
  });

  it("still answers Expect: 100-continue with a 100 and then the route's answer", async () => {
    const socket = await connect(system.url);
    try {
      let received = "";
      socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
      socket.write(`GET ${DLZ_CREDENTIALS} HTTP/1.1\r\nhost: localhost\r\n${lines({ ...good, expect: "100-continue", connection: "close" })}\r\n`);
      await new Promise((resolve) => socket.once("close", resolve));
      expect(received).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    } finally {
      socket.destroy();
    }
  });

  it("answers a CONNECT with a 400 saying the service is no proxy, and closes the socket", async () => {
    const socket = await connect(system.url);
    const answered = readResponse(socket);
    socket.write("CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\nx-request-id: connect-1\r\n\r\n");
    const response = await answered;
    expectEnvelope(response, 400, "https://ns.adobe.com/aep/errors/FLOW-1104-400");
    expect(response.headers["x-request-id"]).toBe("connect-1");
    expect(response.json.errorMessage).toMatch(/CONNECT/);
    socket.destroy();
  });
});
