import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { FS } from "../support/aep-calls.js";

/**
 * A header value sent as UTF-8 (as curl and Python's requests send `x-sandbox-name: prödß`) is
 * read as UTF-8: the answer names the sandbox as it was sent, not as its bytes read in latin1.
 */
async function getWithHeaderBytes(system: TestSystem, headers: Record<string, string>, sandboxBytes: Buffer): Promise<{ status: number; body: any }> {
  const url = new URL(`${system.url}${FS}/flows`);
  return new Promise((resolve, reject) => {
    // Node writes a header string as latin1, one byte a character: these characters are the UTF-8 bytes
    const sent = request(url, { method: "GET", headers: { ...headers, "x-sandbox-name": sandboxBytes.toString("latin1") } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
    });
    sent.on("error", reject);
    sent.end();
  });
}

describe("a sandbox name sent in UTF-8", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  it("is echoed as sent in the sandbox-not-found answer", async () => {
    const { "x-sandbox-name": _ignored, ...headers } = await system.headers();
    const reply = await getWithHeaderBytes(system, headers, Buffer.from("prödß", "utf8"));
    expect(reply.status).toBe(404);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-2100-404");
    expect(reply.body.report.sandboxName).toBe("prödß");
    expect(reply.body.errorMessage).toContain("The sandbox prödß is not found");
  });

  it("still reads bytes that are not UTF-8 as latin1", async () => {
    const { "x-sandbox-name": _ignored, ...headers } = await system.headers();
    const reply = await getWithHeaderBytes(system, headers, Buffer.from("prödß", "latin1"));
    expect(reply.status).toBe(404);
    expect(reply.body.report.sandboxName).toBe("prödß");
  });
});
