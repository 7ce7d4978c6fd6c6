import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, DATASETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createTenantResource, EXPERIENCE_EVENT, PROFILE, RECORD, TENANT } from "../schemaregistry/registry-calls.js";

/**
 * A dataset's `classification.dataBehavior` (docs/api/catalog.md#datasets) is its schema's class's
 * behaviour: time-series for ExperienceEvent and for a tenant class built on the time-series
 * behaviour, record otherwise.
 */
const TIME_SERIES = "https://ns.adobe.com/xdm/data/time-series";
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

async function behaviourOf(schemaId: string): Promise<string> {
  const created = await call(system, "POST", DATASETS, { body: { name: `Dataset of ${schemaId}`, schemaRef: { id: schemaId } } });
  expect(created.status, created.text).toBe(201);
  const id = created.body[0].slice("@/dataSets/".length);
  return (await call(system, "GET", `${DATASETS}/${id}`)).body[id].classification.dataBehavior;
}

const schemaOf = async (classId: string) => (await createTenantResource(system, "schemas", { type: "object", title: "Of a class", allOf: [{ $ref: classId }] })).$id;
const tenantClass = async (behaviour: string) =>
  (
    await createTenantResource(system, "classes", {
      title: "Readings",
      type: "object",
      definitions: { d: { properties: { [TENANT]: { type: "object", properties: { reading: { type: "number" } } } } } },
      allOf: [{ $ref: behaviour }, { $ref: "#/definitions/d" }],
    })
  ).$id;

describe("a dataset's data behaviour", () => {
  it("is time-series for a schema of a tenant class built on the time-series behaviour", async () => {
    expect(await behaviourOf(await schemaOf(await tenantClass(TIME_SERIES)))).toBe("time-series");
  });

  it("is record for a tenant class built on the record behaviour, and for Profile", async () => {
    expect(await behaviourOf(await schemaOf(await tenantClass(RECORD)))).toBe("record");
    expect(await behaviourOf(await schemaOf(PROFILE))).toBe("record");
  });

  it("is time-series for ExperienceEvent", async () => {
    expect(await behaviourOf(await schemaOf(EXPERIENCE_EVENT))).toBe("time-series");
  });
});
