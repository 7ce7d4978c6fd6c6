import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, DATABRICKS_SPEC, DATALAKE_SPEC, FS } from "../support/aep-calls.js";
import { DELTA_SHARING_SPEC_ID as DELTA_SHARING_SPEC } from "../../src/flowservice/specs/ids.js";

describe("connection specs and flow specs", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  it("lists the Databricks, data lake and Delta Sharing connection specs with _links", async () => {
    const { status, body } = await call(system, "GET", `${FS}/connectionSpecs`);
    expect(status).toBe(200);
    expect(body.items.map((s: { id: string }) => s.id).sort()).toEqual([DATABRICKS_SPEC, DATALAKE_SPEC, DELTA_SHARING_SPEC].sort());
    expect(body._links).toEqual({});
  });

  it("describes Databricks auth as a JSON schema with domain, clusterId, accessToken, database, optional catalog and the pushSasToCluster opt-in", async () => {
    const { status, body } = await call(system, "GET", `${FS}/connectionSpecs/${DATABRICKS_SPEC}`);
    expect(status).toBe(200);
    const [spec] = body.items;
    expect(spec.authSpec.map((a: { name: string }) => a.name)).toEqual(["Access Token Authentication", "OAuth Service Principal Authentication"]);
    expect(spec.authSpec[0].name).toBe("Access Token Authentication");
    expect(Object.keys(spec.authSpec[0].spec.properties)).toEqual(["domain", "clusterId", "warehouseId", "accessToken", "database", "catalog", "pushSasToCluster"]);
    expect(spec.authSpec[0].spec.required).toEqual(["domain", "accessToken", "database"]);
    // exactly one compute: the all-purpose cluster or (beyond AEP) a SQL warehouse
    expect(spec.authSpec[0].spec.oneOf).toEqual([{ required: ["clusterId"] }, { required: ["warehouseId"] }]);
    expect(spec.authSpec[0].spec.properties.accessToken.format).toBe("password");
    expect(spec.exploreSpec.type).toBe("Tabular");
    expect(spec.attributes).toMatchObject({ category: "Database", isSource: true });
  });

  it.each(['name=="datalake"', "name==datalake"])("finds the data lake spec by name (%s), as aepp does", async (filter) => {
    const { body } = await call(system, "GET", `${FS}/connectionSpecs?property=${encodeURIComponent(filter)}`);
    expect(body.items.map((s: { id: string }) => s.id)).toEqual([DATALAKE_SPEC]);
  });

  it("serves CRMToAEP with its schedule, transformation and run specs, filterable by name", async () => {
    for (const filter of ['name=="CRMToAEP"', "name==CRMToAEP"]) {
      const { status, body } = await call(system, "GET", `${FS}/flowSpecs?property=${encodeURIComponent(filter)}`);
      expect(status).toBe(200);
      expect(body.items).toHaveLength(1);
      const [spec] = body.items;
      expect(spec.id).toBe("14518937-270c-4525-bdec-c2ba7cce3860");
      expect(spec.sourceConnectionSpecIds).toContain(DATABRICKS_SPEC);
      expect(spec.targetConnectionSpecIds).toEqual([DATALAKE_SPEC]);
      expect(spec.scheduleSpec.spec.properties.frequency.enum).toEqual(["once", "minute", "hour", "day", "week"]);
      expect(spec.transformationSpecs.map((t: { name: string }) => t.name)).toEqual(["Copy", "Mapping"]);
      expect(spec.runSpec.spec.required).toEqual(["startTime", "windowStartTime", "windowEndTime", "deltaColumn"]);
    }
    const one = await call(system, "GET", `${FS}/flowSpecs/14518937-270c-4525-bdec-c2ba7cce3860`);
    expect(one.body.items[0].name).toBe("CRMToAEP");
  });

  it("answers an unknown spec id with the documented 404 body", async () => {
    const { status, body } = await call(system, "GET", `${FS}/connectionSpecs/00000000-0000-4000-8000-000000000000`);
    expect(status).toBe(404);
    expect(body).toMatchObject({
      type: "https://ns.adobe.com/aep/errors/FLOW-1439-404",
      title: "Resource not found",
      status: 404,
      report: { id: "00000000-0000-4000-8000-000000000000", type: "connectionSpecs" },
    });
    expect(body.errorMessage).toContain("The requested connectionSpecs resource 00000000-0000-4000-8000-000000000000 is not found");
    expect(body.report["request-id"]).toEqual(expect.any(String));
  });
});
