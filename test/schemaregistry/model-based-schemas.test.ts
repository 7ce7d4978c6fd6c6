import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createTenantResource, encoded, REGISTRY, XED } from "./registry-calls.js";

/**
 * Model-based schemas (docs/api/schemaregistry.md#model-based-schemas): AEP's example body, fields
 * of its own and `"meta:extends": [adhoc-v2]`, kept with its `meta:behaviorType`; a version
 * descriptor names a required field.
 */
const ADHOC_V2 = "https://ns.adobe.com/xdm/data/adhoc-v2";
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

const customers = (behaviorType: string) => ({
  title: "marketing.customers",
  description: "Customer records from the warehouse",
  type: "object",
  definitions: {
    customers: {
      properties: {
        customer_id: { title: "Customer ID", type: "string" },
        name: { title: "Name", type: "string" },
        revision: { title: "Revision", type: "integer" },
        updated_at: { title: "Updated at", type: "string", format: "date-time" },
      },
      required: ["customer_id", "updated_at"],
    },
  },
  allOf: [{ $ref: "#/definitions/customers" }],
  "meta:extends": [ADHOC_V2],
  "meta:behaviorType": behaviorType,
});

describe("a model-based schema", () => {
  it("keeps meta:extends adhoc-v2 and meta:behaviorType, and a meta:extends filter finds it", async () => {
    const created = await createTenantResource(system, "schemas", customers("record"));
    expect(created["meta:extends"]).toEqual([ADHOC_V2]);
    expect(created["meta:behaviorType"]).toBe("record");
    const got = await call(system, "GET", `${REGISTRY}/tenant/schemas/${encoded(created.$id)}`, { headers: { accept: XED } });
    expect(got.body).toMatchObject({ "meta:extends": [ADHOC_V2], "meta:behaviorType": "record" });
    const found = await call(system, "GET", `${REGISTRY}/tenant/schemas?property=${encoded(`meta:extends==${ADHOC_V2}`)}`, { headers: { accept: "application/vnd.adobe.xed-id+json" } });
    expect(found.body.results.map((r: any) => r.$id)).toContain(created.$id);
    const timeSeries = await createTenantResource(system, "schemas", customers("time-series"));
    expect(timeSeries["meta:behaviorType"]).toBe("time-series");
  });

  it("refuses a meta:behaviorType that is not record or time-series", async () => {
    const reply = await call(system, "POST", `${REGISTRY}/tenant/schemas`, { body: customers("event") });
    expect(reply.status).toBe(400);
    expect(reply.body.errorMessage, reply.text).toContain("meta:behaviorType must be record or time-series");
  });

  it("takes a version descriptor on a required field and refuses one on a field that is not required", async () => {
    const schema = await createTenantResource(system, "schemas", customers("record"));
    const version = (property: string) =>
      call(system, "POST", `${REGISTRY}/tenant/descriptors`, { body: { "@type": "xdm:descriptorVersion", "xdm:sourceSchema": schema.$id, "xdm:sourceVersion": 1, "xdm:sourceProperty": property } });
    const refused = await version("/revision");
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/XDM-1060-400");
    expect(refused.body.errorMessage).toContain("/revision is not");
    expect(refused.body.errorMessage).toContain("must be required");
    const accepted = await version("/updated_at");
    expect(accepted.status, accepted.text).toBe(201);
  });
});
