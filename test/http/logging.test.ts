import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, TEST_CLIENT, type TestSystem } from "../support/system.js";

describe("logs", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  it("never contain a token, a SAS signature, a client secret or an account key", async () => {
    const headers = await system.headers();
    const token = headers.authorization.slice("Bearer ".length);
    const base = `${system.url}/data/foundation/connectors/landingzone/credentials?type=dlz_databricks_source`;
    const first = await (await fetch(base, { headers })).json();
    const second = await (await fetch(`${base}&action=refresh`, { method: "POST", headers })).json();
    // a client that puts secrets in the URL (the Postman IMS form) must not see them logged either
    await fetch(`${system.url}/ims/token/v2?grant_type=client_credentials&client_id=${TEST_CLIENT.clientId}&client_secret=${TEST_CLIENT.clientSecret}`, { method: "POST" });
    await fetch(`${base}&sig=${encodeURIComponent(new URLSearchParams(first.SASToken).get("sig")!)}`, { headers });

    const text = system.logs.join("");
    expect(text.length).toBeGreaterThan(0);
    const secrets = [
      token,
      new URLSearchParams(first.SASToken).get("sig")!,
      new URLSearchParams(second.SASToken).get("sig")!,
      encodeURIComponent(new URLSearchParams(first.SASToken).get("sig")!),
      TEST_CLIENT.clientSecret,
      system.account.key,
    ];
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).toContain("[REDACTED]");
  });

  it("carry the request id of the request they belong to", async () => {
    const response = await fetch(`${system.url}/health`, { headers: { "x-request-id": "trace-log-7" } });
    expect(response.status).toBe(200);
    const lines = system.logs.map((l) => JSON.parse(l)).filter((l) => l.reqId === "trace-log-7");
    expect(lines.length).toBeGreaterThanOrEqual(2); // incoming + completed
  });
});
