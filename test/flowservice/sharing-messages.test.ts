/**
 * What a Delta Sharing connection's refusals say: an expired profile's 400 reads as one sentence per
 * thought (no "expirationTime.."), and a 401 from the sharing server, which it answers alike for a
 * wrong bearer token and for an endpoint URL with a wrong path, names both, never the token alone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_SHARING_TOKEN } from "../../local/workspace/sharing/settings.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, FS } from "../support/aep-calls.js";

const SHARING_SPEC = "5d2f8e41-9c3a-4b7e-a1f6-0e8d7c6b5a49";
const BOTH =
  "The server answers two mistakes alike: either the bearer token is not accepted (wrong, revoked or expired: check auth.params.bearerToken against the data provider's profile, or ask the provider for a new one), " +
  "or the endpoint URL's path is wrong (auth.params.endpoint must be the profile's endpoint exactly, its path included)";

describe("the messages of a Delta Sharing connection's refusals", () => {
  let system: TestSystem;
  const body = (params: Record<string, unknown>) => ({
    name: "Delta Sharing from the provider",
    auth: { specName: "Delta Sharing Profile Authentication", params: { endpoint: system.workspace!.sharingEndpoint, bearerToken: DEV_SHARING_TOKEN, ...params } },
    connectionSpec: { id: SHARING_SPEC, version: "1.0" },
  });
  const create = (params: Record<string, unknown>) => call(system, "POST", `${FS}/connections`, { body: body(params) });

  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 5 } });
  }, 60_000);
  afterAll(() => system?.close());

  const expired = (at: string, iso: string) =>
    `The provided param value ${at} is not a valid input for property=auth.params.expirationTime. ` +
    `The sharing profile's bearer token expired at ${iso} (expirationTime); ask the data provider for a new profile and update the connection's bearerToken and expirationTime. ` +
    "Please provide a valid param value and try again.";

  it("refuses an expired profile at creation in one period per sentence", async () => {
    const refused = await create({ expirationTime: "2025-01-31T00:00:00Z" });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.errorMessage).toBe(expired("2025-01-31T00:00:00Z", "2025-01-31T00:00:00.000Z"));
  });

  it("says the same when the profile expired since: at its test and at an explore", async () => {
    const soon = new Date(Date.now() + 1500).toISOString();
    const created = await create({ expirationTime: soon });
    expect(created.status, created.text).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(soon) - Date.now() + 100));
    const test = await call(system, "GET", `${FS}/connections/${created.body.id}/test`);
    expect(test.status, test.text).toBe(400);
    expect(test.body.errorMessage).toBe(expired(soon, soon));
    const explore = await call(system, "GET", `${FS}/connections/${created.body.id}/explore?objectType=folder`);
    expect(explore.status, explore.text).toBe(400);
    expect(explore.body.errorMessage).toBe(expired(soon, soon));
  });

  it("names the token and the endpoint's path when the server answers 401 to an endpoint with a wrong path", async () => {
    const endpoint = system.workspace!.sharingEndpoint.replace(/\/[^/]+$/, "/wrong/path");
    const refused = await create({ endpoint });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.errorMessage).toBe(
      `The request could not be processed. Error message: the sharing server at ${endpoint} refused the request (HTTP 401): Invalid access token. ${BOTH}`,
    );
  });

  it("refuses an endpoint off the allow-list under auth.params.endpoint, where the profile names it", async () => {
    const refused = await create({ endpoint: "https://sharing.elsewhere.example/api/2.0/delta-sharing/metastores/local" });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.report.property).toBe("auth.params.endpoint");
    expect(refused.body.errorMessage).toContain("is not a valid input for property=auth.params.endpoint");
    expect(refused.body.errorMessage).toContain("DATABRICKS_ALLOWED_HOSTS");
    expect(refused.body.errorMessage).not.toContain("auth.params.domain");
  });

  it("names both for a wrong token too, since the answer alone cannot tell them apart, and never echoes the token", async () => {
    const refused = await create({ bearerToken: "not-a-recipient" });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.errorMessage).toMatch(/refused the request \(HTTP 401 UNAUTHENTICATED\): [^.]+\. The server answers two mistakes alike/);
    expect(refused.body.errorMessage).toContain(BOTH);
    expect(refused.text).not.toContain("not-a-recipient");
  });
});
