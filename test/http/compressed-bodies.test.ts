/**
 * A body sent compressed (Content-Encoding: gzip, say) is not decoded by the service: it is a 400
 * that names the Content-Encoding and says to send the body uncompressed, on JSON routes and on the
 * IMS form, where it used to be refused as bytes that are not UTF-8; nothing is stored.
 */
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, FS } from "../support/aep-calls.js";
import { startTestSystem, TEST_CLIENT, type TestSystem } from "../support/system.js";

describe("compressed request bodies", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  async function post(path: string, body: Buffer, headers: Record<string, string>) {
    const response = await fetch(`${system.url}${path}`, { method: "POST", headers, body: new Uint8Array(body) });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) };
  }
  const connectionNames = async () => ((await call(system, "GET", `${FS}/connections`)).body.items as Array<{ name: string }>).map((c) => c.name);

  it.each(["gzip", "br"])("refuses a JSON body sent with Content-Encoding: %s, naming it", async (coding) => {
    const before = await connectionNames();
    const json = Buffer.from(JSON.stringify({ name: "compressed", auth: {}, connectionSpec: {} }));
    const reply = await post(`${FS}/connections`, coding === "gzip" ? gzipSync(json) : json, {
      ...(await system.headers()),
      "content-type": "application/json",
      "content-encoding": coding,
    });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1101-400");
    expect(reply.body.errorMessage).toBe(
      `The request body is not valid JSON: it is sent with Content-Encoding: ${coding}, which this service does not decode; send the JSON uncompressed, without a Content-Encoding header`,
    );
    expect(await connectionNames()).toEqual(before);
  });

  it("takes a body whose Content-Encoding is identity", async () => {
    const reply = await post(`${FS}/connections`, Buffer.from("{}"), { ...(await system.headers()), "content-type": "application/json", "content-encoding": "identity" });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.report.field).toBe("name");
  });

  it("refuses a gzip form body at the IMS token call, naming the Content-Encoding", async () => {
    const form = `grant_type=client_credentials&client_id=${TEST_CLIENT.clientId}&client_secret=${TEST_CLIENT.clientSecret}`;
    const reply = await post("/ims/token/v3", gzipSync(Buffer.from(form)), { "content-type": "application/x-www-form-urlencoded", "content-encoding": "gzip" });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.text).toContain("the form body is sent with Content-Encoding: gzip, which this service does not decode; send it uncompressed, without a Content-Encoding header");
  });
});
