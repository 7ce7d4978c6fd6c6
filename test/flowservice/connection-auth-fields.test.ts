/**
 * A base connection's `auth` holds specName and params: another member (a misspelt params beside
 * the right one, say) is refused naming it, on a Databricks and on a Delta Sharing connection, where
 * it was dropped unseen and the connection created.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, DATABRICKS_SPEC, FS } from "../support/aep-calls.js";
import { SHARING_SPEC } from "../support/sharing-connection.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

describe("a base connection's auth members", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system?.close());

  const names = async () => ((await call(system, "GET", `${FS}/connections`)).body.items as Array<{ name: string }>).map((c) => c.name);

  it.each([
    [
      "Databricks",
      () => ({
        name: "databricks",
        auth: { specName: "Access Token Authentication", params: { domain: "https://adb-1.1.azuredatabricks.net", clusterId: "c", accessToken: "t", database: "demo" } },
        connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
      }),
    ],
    [
      "Delta Sharing",
      () => ({
        name: "sharing",
        auth: { specName: "Delta Sharing Profile Authentication", params: { endpoint: "https://sharing.example.com/delta-sharing", bearerToken: "t" } },
        connectionSpec: { id: SHARING_SPEC, version: "1.0" },
      }),
    ],
  ])("refuses another member of auth on a %s connection, naming it", async (_, body) => {
    const before = await names();
    const sent = body() as { auth: Record<string, unknown> };
    const reply = await call(system, "POST", `${FS}/connections`, { body: { ...sent, auth: { ...sent.auth, param: { database: "demo" } } } });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1312-400");
    expect(reply.body.report.property).toBe("auth.param");
    expect(reply.body.errorMessage).toBe(
      "The provided param value param is not a valid input for property=auth.param. It is not a field of auth, which holds specName and params. Please provide a valid param value and try again.",
    );
    expect(await names()).toEqual(before);
  });
});
