/** Which properties no error may quote, and clients of a workspace or a sharing server that never put a token into a message. */
import { describe, expect, it } from "vitest";
import { isSecretProperty } from "../../src/aep-conventions/secret-properties.js";
import { CONNECTION_SPECS } from "../../src/flowservice/specs/index.js";
import { WorkspaceHttp } from "../../src/databricks/http.js";
import { DeltaSharingClient } from "../../src/delta-sharing/client.js";

/** every property of a spec's JSON schemas whose format is password, by name */
function passwordProperties(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => passwordProperties(item, found));
  else if (node && typeof node === "object") {
    const properties = (node as { properties?: Record<string, { format?: string }> }).properties;
    for (const [name, schema] of Object.entries(properties ?? {})) if (schema?.format === "password") found.push(name);
    Object.values(node).forEach((value) => passwordProperties(value, found));
  }
  return found;
}

describe("secret properties", () => {
  it("covers every param a connection spec declares as a password", () => {
    const names = [...new Set(passwordProperties(CONNECTION_SPECS))];
    expect(names.sort()).toEqual(["accessToken", "bearerToken", "clientSecret"]);
    for (const name of names) expect(isSecretProperty(`auth.params.${name}`), name).toBe(true);
  });

  it("covers a webhook's signing secret and leaves ordinary params quotable", () => {
    expect(isSecretProperty("notifications.webhooks[0].secret")).toBe(true);
    for (const property of ["auth.params.domain", "auth.params.clientId", "auth.params.database", "scheduleParams.startTime"]) expect(isSecretProperty(property), property).toBe(false);
  });

  it("a workspace client refuses a token with a control character without quoting it", async () => {
    const http = new WorkspaceHttp({ baseUrl: "http://127.0.0.1:9", accessToken: "dapi-\u0000SECRET-cc44", maxNetworkRetries: 0 });
    const error = (await http.get("/api/2.0/clusters/get", {}, "clusters/get").catch((e) => e)) as Error;
    expect(error.message).toContain("control character");
    expect(error.message).not.toContain("SECRET-cc44");
  });
});

describe("a Delta Sharing client", () => {
  it("never quotes a stored bearer token that no header can carry", async () => {
    const client = new DeltaSharingClient({ shareCredentialsVersion: 1, endpoint: "http://127.0.0.1:9/delta-sharing", bearerToken: "dss-\u0000SECRET-dd55" });
    const error = (await client.listShares().catch((e) => e)) as Error;
    expect(error.message).toContain("could not be built");
    expect(error.message).not.toContain("SECRET-dd55");
  });
});
