/**
 * A workspace domain or a sharing endpoint carrying a user name and password before its host is
 * refused, and the password is in neither the answer nor the service's log: a URL is quoted
 * without its user info, parsed or not.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withoutUserInfo } from "../../src/util/url-user-info.js";
import { call, DATABRICKS_SPEC, FS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const PASSWORD = "p4ssW0rd";
const SHARING_SPEC = "5d2f8e41-9c3a-4b7e-a1f6-0e8d7c6b5a49";

describe("credentials in a connection's URL", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  const databricks = (domain: string) => ({
    name: "Databricks",
    auth: { specName: "Access Token Authentication", params: { domain, clusterId: "0101-000000-abcdefgh", accessToken: "dapi-x", database: "demo" } },
    connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
  });
  const sharing = (endpoint: string) => ({
    name: "Delta Sharing",
    auth: { specName: "Delta Sharing Profile Authentication", params: { endpoint, bearerToken: "sharing-token" } },
    connectionSpec: { id: SHARING_SPEC, version: "1.0" },
  });

  function expectRefusedUnquoted(reply: { status: number; text: string; body: any }, message: string) {
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toContain(message);
    expect(reply.text).not.toContain(PASSWORD);
    expect(system.logs.join("")).not.toContain(PASSWORD);
  }

  it.each([
    [`https://user:${PASSWORD}@adb-1.azuredatabricks.net`, '"https://adb-1.azuredatabricks.net/" must not carry credentials'],
    [`user:${PASSWORD}@adb-1.azuredatabricks.net`, '"adb-1.azuredatabricks.net" must not carry credentials'],
    [`https://user:pa/${PASSWORD}@adb-1.azuredatabricks.net`, '"https://adb-1.azuredatabricks.net" is not a URL'],
    [`https://user:${PASSWORD}@adb 1.azuredatabricks.net`, '"https://adb 1.azuredatabricks.net" is not a URL'],
  ])("refuses the workspace domain %s without quoting its password", async (domain, message) => {
    expectRefusedUnquoted(await call(system, "POST", `${FS}/connections`, { body: databricks(domain) }), message);
  });

  it.each([
    [`https://user:${PASSWORD}@sharing.example.com/delta-sharing/`, "endpoint https://sharing.example.com/delta-sharing/ must not carry credentials"],
    [`https://:${PASSWORD}@sharing.example.com/delta-sharing`, "endpoint https://sharing.example.com/delta-sharing must not carry credentials"],
    [`https://user:${PASSWORD}@sharing example.com`, "endpoint https://sharing example.com is not a URL"],
  ])("refuses the sharing endpoint %s without quoting its password", async (endpoint, message) => {
    expectRefusedUnquoted(await call(system, "POST", `${FS}/connections`, { body: sharing(endpoint) }), message);
  });

  it("quotes a URL without user info as it is", () => {
    expect(withoutUserInfo("https://host.example.com/a@b")).toBe("https://host.example.com/a@b");
    expect(withoutUserInfo("not a url")).toBe("not a url");
    expect(withoutUserInfo(`ftp://u:${PASSWORD}@host/x`)).toBe("ftp://host/x");
  });
});
