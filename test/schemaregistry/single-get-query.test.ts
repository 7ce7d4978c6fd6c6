/**
 * A single resource's GET in the Schema Registry takes no query parameter (the variant is the
 * Accept header): one sent is refused with FLOW-1451-400 naming it and saying the endpoint takes
 * none, as Flow Service's single GETs do, where it was ignored. aepp's getSchema, getFieldGroup,
 * getDataType, getClass, getDescriptor and getUnion send none, and are answered as before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createTenantResource, DEMOGRAPHIC_DETAILS, encoded, loyaltyDataType, loyaltyFieldGroup, PROFILE, profileSchema, REGISTRY, XED } from "./registry-calls.js";

describe("query parameters of a registry resource's GET", () => {
  let system: TestSystem;
  const paths: Record<string, string> = {};
  beforeAll(async () => {
    system = await startTestSystem();
    const dataType = await createTenantResource(system, "datatypes", loyaltyDataType);
    const fieldGroup = await createTenantResource(system, "fieldgroups", loyaltyFieldGroup(dataType.$id));
    const schema = await createTenantResource(system, "schemas", profileSchema("Single GET members", [fieldGroup.$id]));
    paths.schema = `/tenant/schemas/${encoded(schema.$id)}`;
    paths.schemaByAltId = `/tenant/schemas/${schema["meta:altId"]}`;
    paths.fieldGroup = `/tenant/fieldgroups/${encoded(fieldGroup.$id)}`;
    paths.dataType = `/tenant/datatypes/${encoded(dataType.$id)}`;
    paths.globalClass = `/global/classes/${encoded(PROFILE)}`;
    paths.globalFieldGroup = `/global/fieldgroups/${encoded(DEMOGRAPHIC_DETAILS)}`;
  });
  afterAll(() => system?.close());

  const get = (path: string) => call(system, "GET", `${REGISTRY}${path}`, { headers: { accept: XED } });

  it.each(["schema", "schemaByAltId", "fieldGroup", "dataType", "globalClass", "globalFieldGroup"])("refuses an unknown parameter on the %s GET, naming it", async (which) => {
    const plain = await get(paths[which]);
    expect(plain.status, plain.text).toBe(200);
    const reply = await get(`${paths[which]}?full=true`);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1451-400");
    expect(reply.body.errorMessage).toBe("Invalid params full provided in query params. This endpoint takes no query parameters.");
  });

  it.each([
    ["a descriptor", "/tenant/descriptors/0123456789abcdef?limit=1"],
    ["a union", `/tenant/unions/${encoded(`${PROFILE}__union`)}?orderby=title`],
  ])("refuses one on %s's GET too", async (_what, path) => {
    const reply = await get(path);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1451-400");
    expect(reply.body.errorMessage).toContain(`Invalid params ${path.includes("limit") ? "limit" : "orderby"} provided in query params`);
  });
});
