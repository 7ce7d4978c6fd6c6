import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, DATASETS } from "../support/aep-calls.js";
import { DIALECTS } from "../support/postgres.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { insertBatch } from "./catalog-fixtures.js";

/**
 * AEP's "Filter Catalog data" guide on all three lists (docs/api/catalog.md#simple-filters): simple filters
 * (`name=a,b`, `status=!failed`), property filters on dataSetFiles too, and a field the objects do
 * not have refused naming those they have, where it answered {} as if nothing matched.
 */
const BATCHES = "/data/foundation/catalog/batches";
const FILES = "/data/foundation/catalog/dataSetFiles";
const T0 = 1_797_000_000_000;

describe.each(DIALECTS)("Catalog list filters (%s)", (dialect) => {
  let system: TestSystem;
  const datasets: Record<string, string> = {};
  /** batch ids oldest first, with their dataset and status */
  const batches: Array<{ id: string; dataset: string; status: string; size: number }> = [];

  beforeAll(async () => {
    system = await startTestSystem({ dialect });
    const schemaId = await createSchema(system);
    for (const body of [{ name: "Customers", description: "the CRM's" }, { name: "Orders" }, { name: "Returns" }]) {
      const created = await call(system, "POST", DATASETS, { body: { ...body, schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed+json;version=1" } } });
      expect(created.status, created.text).toBe(201);
      datasets[body.name] = created.body[0].slice("@/dataSets/".length);
    }
    // 8 batches a minute apart, alternating Customers and Orders; every third one failed
    for (let i = 0; i < 8; i++) {
      const dataset = i % 2 === 0 ? "Customers" : "Orders";
      const batch = await insertBatch(system, { datasetId: datasets[dataset], createdAt: T0 + i * 60_000, status: i % 3 === 2 ? "failed" : "success" });
      batches.push({ id: batch.id, dataset, status: batch.status, size: batch.files.reduce((sum, f) => sum + f.size, 0) });
    }
  });
  afterAll(() => system.close());

  const keys = async (url: string) => {
    const reply = await call(system, "GET", url);
    expect(reply.status, reply.text).toBe(200);
    return Object.keys(reply.body);
  };
  const idsOf = (keep: (b: (typeof batches)[number]) => boolean) => batches.filter(keep).map((b) => b.id);
  const filesOf = (keep: (b: (typeof batches)[number]) => boolean) => idsOf((b) => b.status === "success" && keep(b)).map((id) => `${id}-1`);
  const refusal = async (url: string) => {
    const reply = await call(system, "GET", url);
    expect(reply.status, reply.text).toBe(400);
    return { code: String(reply.body.type).split("/").pop(), message: String(reply.body.errorMessage) };
  };

  describe("simple filters, as the guide writes them (each was FLOW-1451-400)", () => {
    it.each([
      ["name=Customers,Orders", ["Customers", "Orders"]],
      ["name=!Customers,Orders", ["Returns"]],
      ["name=Orders", ["Orders"]],
      ["name=!Orders", ["Customers", "Returns"]],
      ["name=*s", ["Customers", "Orders", "Returns"]],
      ["name=Cust*,Ret*", ["Customers", "Returns"]],
      ["name=Customers,Orders&property=description", ["Customers"]],
      ["version=1.0.0&name=!Returns", ["Customers", "Orders"]],
    ])("dataSets?%s answers the datasets AEP documents", async (filters, expected) => {
      const reply = await call(system, "GET", `${DATASETS}?${filters}`);
      expect(reply.status, reply.text).toBe(200);
      expect(Object.values(reply.body as Record<string, { name: string }>).map((d) => d.name).sort()).toEqual(expected);
    });

    it("filters datasets by id and counts a simple filter's datasets", async () => {
      expect(await keys(`${DATASETS}?id=${datasets.Orders},${datasets.Returns}`)).toEqual([datasets.Orders, datasets.Returns]);
      expect((await call(system, "GET", `${DATASETS}?name=!Orders&count=true`)).body).toEqual({ count: 2 });
    });

    it.each([
      ["status=failed", () => idsOf((b) => b.status === "failed")],
      ["status=!failed", () => idsOf((b) => b.status === "success")],
      ["status=success,failed", () => idsOf(() => true)],
      ["status=failed,processing", () => idsOf((b) => b.status === "failed")],
      ["status=!success&dataSet=ORDERS", () => idsOf((b) => b.status === "failed" && b.dataset === "Orders")],
      [`created=${T0 + 60_000},${T0 + 3 * 60_000}`, () => [batches[1].id, batches[3].id]],
      ["id=FIRST,LAST", () => [batches[0].id, batches[7].id]],
      ["sandboxName=prod&version=!2.0.0", () => idsOf(() => true)],
    ])("batches?%s answers the batches AEP documents", async (filters, expected) => {
      const query = filters.replace("ORDERS", datasets.Orders).replace("FIRST", batches[0].id).replace("LAST", batches[7].id);
      expect(await keys(`${BATCHES}?limit=100&${query}`)).toEqual(expected());
    });

    it("pages a batch list's simple filter tested on each batch with start and limit, in order", async () => {
      const successes = idsOf((b) => b.status === "success");
      expect(await keys(`${BATCHES}?status=!failed&limit=2&start=2`)).toEqual(successes.slice(2, 4));
      expect(await keys(`${BATCHES}?status=!failed&limit=2&orderBy=desc:created`)).toEqual([...successes].reverse().slice(0, 2));
    });

    it.each([
      ["batchId=FIRST,SECOND", () => filesOf((b) => b.id === batches[0].id || b.id === batches[1].id)],
      ["batchId=FIRST", () => filesOf((b) => b.id === batches[0].id)],
      ["batchId=!FIRST", () => filesOf((b) => b.id !== batches[0].id)],
      ["batchId=FAILED", () => []],
      ["dataSetViewId=CUSTOMERS", () => filesOf((b) => b.dataset === "Customers")],
      ["isValid=true&dataSetId=ORDERS", () => filesOf((b) => b.dataset === "Orders")],
      ["isValid=false", () => []],
      ["size=SIZE", () => filesOf((b) => b.id === batches[3].id)],
    ])("dataSetFiles?%s answers the files AEP documents", async (filters, expected) => {
      const failed = batches.find((b) => b.status === "failed")!.id;
      const query = filters
        .replace("FIRST", batches[0].id)
        .replace("SECOND", batches[1].id)
        .replace("FAILED", failed)
        .replace("CUSTOMERS", datasets.Customers)
        .replace("ORDERS", datasets.Orders)
        .replace("SIZE", String(batches[3].size));
      expect(await keys(`${FILES}?limit=100&${query}`)).toEqual(expected());
    });

    it.each([
      [`${DATASETS}?nmae=Customers`, "FLOW-1451-400", "nmae", "name"],
      [`${BATCHES}?staus=success`, "FLOW-1451-400", "staus", "status"],
      [`${FILES}?recrods=10`, "FLOW-1451-400", "recrods", "records"],
      [`${DATASETS}?schemaRef=x`, "CAT-1001-400", "schemaRef", "property=schemaRef.<field>==<value>"],
      [`${BATCHES}?relatedObjects=x`, "CAT-1001-400", "relatedObjects", "property=relatedObjects.<field>"],
      [`${DATASETS}?name=`, "CAT-1001-400", "name=", "leave the parameter out"],
      [`${BATCHES}?version=1.0.0,`, "CAT-1001-400", "version=1.0.0,", "several comma-separated"],
      [`${FILES}?size=!`, "CAT-1001-400", "size=!", "! before them"],
      [`${BATCHES}?status=!done`, "CAT-1001-400", "status=done", "success"],
      [`${DATASETS}?name=Orders&name=Returns`, "FLOW-1453-400", "name", "given once"],
    ])("refuses %s with %s naming %s and what to write", async (url, code, named, hint) => {
      const { code: answered, message } = await refusal(url);
      expect(answered).toBe(code);
      expect(message).toContain(named);
      expect(message).toContain(hint);
    });
  });

  describe("property filters on dataSetFiles (each was CAT-1001-400)", () => {
    it.each([
      ["property=dataSetViewId==CUSTOMERS", () => filesOf((b) => b.dataset === "Customers")],
      ["property=size>SIZE", () => filesOf((b) => b.size > batches[3].size)],
      ["property=batchId~SUFFIX%24", () => filesOf((b) => b.id === batches[7].id)],
      ["property=batchId==FIRST", () => filesOf((b) => b.id === batches[0].id)],
      ["property=isValid&property=records==10&dataSetId=ORDERS", () => filesOf((b) => b.dataset === "Orders")],
      ["property=!records", () => []],
    ])("%s answers the files AEP documents", async (filters, expected) => {
      const query = filters
        .replace("CUSTOMERS", datasets.Customers)
        .replace("ORDERS", datasets.Orders)
        .replace("SIZE", String(batches[3].size))
        .replace("SUFFIX", batches[7].id.slice(-6))
        .replace("FIRST", batches[0].id);
      expect(await keys(`${FILES}?limit=100&${query}`)).toEqual(expected());
    });

    it("pages filtered files with start and limit, in order", async () => {
      const all = filesOf(() => true);
      expect(await keys(`${FILES}?property=isValid==true&limit=2&start=1`)).toEqual(all.slice(1, 3));
      expect(await keys(`${FILES}?property=isValid==true&limit=2&orderBy=desc:created`)).toEqual([...all].reverse().slice(0, 2));
    });
  });

  describe("a property filter on a field the objects do not have is FLOW-1449-400 naming those they have (it answered {})", () => {
    it.each([
      [`${BATCHES}?property=staus==success`, "staus", "status"],
      [`${BATCHES}?property=!erors`, "erors", "errors"],
      [`${BATCHES}?property=metrcs.outputRecordCount>0`, "metrcs", "metrics"],
      [`${DATASETS}?property=nmae==Customers`, "nmae", "name"],
      [`${FILES}?property=dataSetId==x`, "dataSetId", "dataSetViewId"],
    ])("%s", async (url, field, known) => {
      const { code, message } = await refusal(url);
      expect(code).toBe("FLOW-1449-400");
      expect(message).toContain(`Invalid field ${field} in filter params`);
      expect(message).toContain(known);
    });
  });

  describe("a property filter whose field is no path is FLOW-1449-400 saying what a field path is (it named the field alone)", () => {
    it.each([
      [`${DATASETS}?property=name..first==x`, "name..first"],
      [`${DATASETS}?property=%00`, "\u0000"],
      [`${BATCHES}?property=status%00==success`, "status\u0000"],
    ])("%s", async (url, field) => {
      const { code, message } = await refusal(url);
      expect(code).toBe("FLOW-1449-400");
      expect(message).toBe(
        `Invalid field ${field} in filter params: a field is a path of names joined by dots, as auth.params.clusterId, each name of letters, digits and _ @ $ : - (name[] for each item of an array).`,
      );
    });
  });
});
