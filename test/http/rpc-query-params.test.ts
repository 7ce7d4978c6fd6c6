/**
 * The Schema Registry's `GET /rpc/export/{id}`, `GET /rpc/sampledata/{id}` and imports take no query
 * parameter (AEP documents none; aepp's exportResource, getSchemaSample and importResource send none,
 * choosing the variant by Accept): one sent is refused with FLOW-1451-400 naming it and saying the endpoint takes
 * none, as the registry's and Flow Service's single GETs do, where it was ignored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createTenantResource, encoded, loyaltyDataType, loyaltyFieldGroup, profileSchema, REGISTRY, XED } from "../schemaregistry/registry-calls.js";

describe("query parameters of the registry's rpc GETs", () => {
  let system: TestSystem;
  const paths: Record<string, string> = {};
  beforeAll(async () => {
    system = await startTestSystem();
    const dataType = await createTenantResource(system, "datatypes", { ...loyaltyDataType, title: "Rpc query loyalty" });
    const fieldGroup = await createTenantResource(system, "fieldgroups", loyaltyFieldGroup(dataType.$id, "Rpc query membership"));
    const schema = await createTenantResource(system, "schemas", profileSchema("Rpc query members", [fieldGroup.$id]));
    paths.export = `/rpc/export/${encoded(schema.$id)}`;
    paths.exportByAltId = `/rpc/export/${schema["meta:altId"]}`;
    paths.sampledata = `/rpc/sampledata/${encoded(schema.$id)}`;
  });
  afterAll(() => system?.close());

  // as aepp sends them: the Accept header, no query
  const get = (path: string) => call(system, "GET", `${REGISTRY}${path}`, { headers: { accept: XED } });

  it.each([
    ["export", "full=true", "full"],
    ["exportByAltId", "limit=1", "limit"],
    ["sampledata", "count=5", "count"],
    ["sampledata", "format=csv&random=1", "format"],
  ])("refuses a parameter on GET %s (?%s), naming it", async (which, query, named) => {
    const plain = await get(paths[which]);
    expect(plain.status, plain.text).toBe(200);
    const reply = await get(`${paths[which]}?${query}`);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1451-400");
    expect(reply.body.errorMessage).toContain(`Invalid params ${named}`);
    expect(reply.body.errorMessage).toContain("This endpoint takes no query parameters.");
  });

  it.each([["/rpc/import"], ["/rpc/export"]])("refuses a parameter on POST %s, the import taking the payload an export answered once it has none", async (path) => {
    const payload = (await get(paths.export)).body;
    const reply = await call(system, "POST", `${REGISTRY}${path}?overwrite=true`, { body: payload });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1451-400");
    expect(reply.body.errorMessage).toContain("Invalid params overwrite");
    expect((await call(system, "POST", `${REGISTRY}${path}`, { body: payload })).status).toBe(201);
  });
});
