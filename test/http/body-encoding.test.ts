/**
 * JSON (and IMS form) bodies are UTF-8: bytes that are not are a 400 in the AEP envelope naming the
 * first bad byte, on every JSON route, and nothing is stored (before, each bad byte was kept as
 * U+FFFD). Bodies are sent as raw bytes over HTTP; valid UTF-8, a real U+FFFD included, is stored as sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, FS, SCHEMAS } from "../support/aep-calls.js";
import { startTestSystem, TEST_CLIENT, type TestSystem } from "../support/system.js";

const bytes = (...parts: Array<string | number[]>) => new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p)))));

describe("request bodies that are not UTF-8", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  async function post(path: string, body: Uint8Array<ArrayBuffer>, contentType = "application/json") {
    const response = await fetch(`${system.url}${path}`, { method: "POST", headers: { ...(await system.headers()), "content-type": contentType }, body });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) };
  }

  const schemaTitles = async () => ((await call(system, "GET", SCHEMAS)).body.results as Array<{ title: string }>).map((s) => s.title);

  it("refuses a schema whose title holds 0xFF 0xFE with a 400 naming the byte, and stores nothing", async () => {
    const before = await schemaTitles();
    const prefix = '{"title":"bad utf8 ';
    const reply = await post(SCHEMAS, bytes(prefix, [0xff, 0xfe], '","type":"object","properties":{"a":{"type":"string"}}}'));
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1101-400");
    expect(reply.body.errorMessage).toBe(`The request body is not valid JSON: it is not valid UTF-8 (byte 0xFF at offset ${prefix.length}); send the JSON encoded as UTF-8`);
    expect(reply.body.report["request-id"]).toEqual(expect.any(String));
    expect(await schemaTitles()).toEqual(before);
  });

  it.each([
    ["a truncated sequence", [0xc3]],
    ["an overlong encoding", [0xc0, 0xaf]],
    ["an encoded surrogate", [0xed, 0xa0, 0x80]],
    ["a code point beyond U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
  ])("refuses %s on another JSON route (Flow Service), naming its first byte", async (_name, bad) => {
    const prefix = '{"name":"café ';
    const reply = await post(`${FS}/connections`, bytes(prefix, bad, '","auth":{}}'));
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1101-400");
    expect(reply.body.errorMessage).toContain(`not valid UTF-8 (byte 0x${bad[0].toString(16).toUpperCase()} at offset ${Buffer.byteLength(prefix)})`);
  });

  it("stores valid UTF-8 as sent, a U+FFFD the client wrote included", async () => {
    const title = "good utf8 é 😀 \uFFFD";
    const reply = await post(SCHEMAS, bytes(JSON.stringify({ title, type: "object", properties: { a: { type: "string" } } })));
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body.title).toBe(title);
    expect(await schemaTitles()).toContain(title);
  });

  it("refuses an IMS form body that is not UTF-8 with a 400 saying so", async () => {
    const response = await fetch(`${system.url}/ims/token/v3`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: bytes(`grant_type=client_credentials&client_id=${TEST_CLIENT.clientId}&client_secret=`, [0xff]),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("not valid UTF-8 (byte 0xFF at offset");
  });
});
