/**
 * A secret in the query string is kept out of the access log however its parameter's name is
 * spelled: the query parser decodes `client%5Fsecret` to `client_secret` and issues a token for it,
 * so the log must judge the name the same way (docs/security.md, "The HTTP edge").
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, TEST_CLIENT, type TestSystem } from "../support/system.js";
import { DLZ_CREDENTIALS } from "../support/aep-calls.js";

describe("secrets in a query string, however encoded", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  const loggedUrls = () => system.logs.map((line) => JSON.parse(line)).flatMap((line) => (line.req?.url ? [String(line.req.url)] : []));

  const spellings = ["client%5Fsecret", "client%5fsecret", "%63lient_secret", "CLIENT_SECRET", "client_secret"];
  for (const name of spellings) {
    it(`POST /ims/token/v2 with ${name}: a token is issued, and no log line holds the secret`, async () => {
      const query = `grant_type=client_credentials&client_id=${TEST_CLIENT.clientId}&${name}=${TEST_CLIENT.clientSecret}`;
      const response = await fetch(`${system.url}/ims/token/v2?${query}`, { method: "POST" });
      if (name !== "CLIENT_SECRET") expect(response.status).toBe(200);
      expect(system.logs.join("")).not.toContain(TEST_CLIENT.clientSecret);
      expect(loggedUrls()).toContain("/ims/token/v2?[REDACTED]");
    });
  }

  it("a repeated or encoded secret parameter of another route is redacted each time it appears", async () => {
    const headers = await system.headers();
    const first = "FirstSigValue0123456789";
    const second = "SecondSigValue0123456789";
    await fetch(`${system.url}${DLZ_CREDENTIALS}&sig=${first}&%73ig=${second}&sig=${first}`, { headers });
    const text = system.logs.join("");
    expect(text).not.toContain(first);
    expect(text).not.toContain(second);
    expect(loggedUrls()).toContain(`${DLZ_CREDENTIALS}&sig=[REDACTED]&%73ig=[REDACTED]&sig=[REDACTED]`);
  });
});
