import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, DATASETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

let system: TestSystem;
let schemaId: string;
let dataSetId: string;

beforeAll(async () => {
  system = await startTestSystem();
  schemaId = await createSchema(system);
});
afterAll(() => system.close());

describe("Catalog datasets", () => {
  it("creates a dataset of a schema: 201 [\"@/dataSets/<24 hex>\"], GET keyed by id", async () => {
    const created = await call(system, "POST", DATASETS, {
      body: { name: "Databricks customers", schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed+json;version=1" }, tags: { team: ["crm"] } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual([expect.stringMatching(/^@\/dataSets\/[0-9a-f]{24}$/)]);
    dataSetId = created.body[0].slice("@/dataSets/".length);
    const got = await call(system, "GET", `${DATASETS}/${dataSetId}`);
    expect(Object.keys(got.body)).toEqual([dataSetId]);
    expect(got.body[dataSetId]).toMatchObject({ name: "Databricks customers", schemaRef: { id: schemaId }, imsOrg: "TEST@AdobeOrg" });
    const list = await call(system, "GET", `${DATASETS}?limit=10&property=name==Databricks%20customers`);
    expect(Object.keys(list.body)).toEqual([dataSetId]);
  });

  it.each([
    [{ schemaRef: { id: "x" } }, 400, "CAT-1000-400"],
    [{ name: "n" }, 400, "CAT-1000-400"],
    [{ name: "n", schemaRef: { id: `https://ns.adobe.com/test/schemas/${"1".repeat(32)}` } }, 400, "CAT-1000-400"],
  ])("refuses %j", async (body, status, code) => {
    const reply = await call(system, "POST", DATASETS, { body });
    expect(reply.status).toBe(status);
    expect(reply.body.type).toBe(`https://ns.adobe.com/aep/errors/${code}`);
  });

  it("refuses a create body's field a dataset does not have, and a schemaRef.contentType that is no schema media type, instead of dropping or storing them", async () => {
    const before = Object.keys((await call(system, "GET", `${DATASETS}?limit=100`)).body).length;
    const typo = await call(system, "POST", DATASETS, { body: { name: "typo", descripton: "d", schemaRef: { id: schemaId } } });
    expect(typo.status).toBe(400);
    expect(typo.body.type).toBe("https://ns.adobe.com/aep/errors/CAT-1000-400");
    expect(typo.body.errorMessage).toBe("The dataset is not valid: descripton is not a field a dataset is created with: the body takes name, description, schemaRef, tags, fileDescription");
    const json = await call(system, "POST", DATASETS, { body: { name: "json", schemaRef: { id: schemaId, contentType: "application/json" } } });
    expect(json.status).toBe(400);
    expect(json.body.errorMessage).toContain('schemaRef.contentType must be a schema\'s media type, as application/vnd.adobe.xed+json;version=1 or application/vnd.adobe.xed-full+json;version=1, not "application/json"');
    const param = await call(system, "POST", `${DATASETS}?requestDataSoruce=true`, { body: { name: "param", schemaRef: { id: schemaId } } });
    expect(param.status).toBe(400);
    expect(param.body.errorMessage).toBe("Invalid params requestDataSoruce provided in query params. This endpoint takes requestDataSource.");
    expect(Object.keys((await call(system, "GET", `${DATASETS}?limit=100`)).body).length).toBe(before);
    // AEP's sources tutorials create it with requestDataSource=true
    const tutorial = await call(system, "POST", `${DATASETS}?requestDataSource=true`, { body: { name: "tutorial", schemaRef: { id: schemaId } } });
    expect(tutorial.status, tutorial.text).toBe(201);
    expect((await call(system, "DELETE", `${DATASETS}/${tutorial.body[0].slice("@/dataSets/".length)}?force=true`)).status).toBe(400);
    expect((await call(system, "DELETE", `${DATASETS}/${tutorial.body[0].slice("@/dataSets/".length)}`)).status).toBe(200);
    // AEP's own spellings are kept as sent
    for (const contentType of ["application/vnd.adobe.xed-full+json;version=1", "application/vnd.adobe.xed+json; version=1", "application/vnd.adobe.xed-full-notext+json"]) {
      const created = await call(system, "POST", DATASETS, { body: { name: `typed ${contentType}`, schemaRef: { id: schemaId, contentType } } });
      expect(created.status, created.text).toBe(201);
      const id = created.body[0].slice("@/dataSets/".length);
      expect((await call(system, "GET", `${DATASETS}/${id}`)).body[id].schemaRef.contentType).toBe(contentType);
      // the next tests count the datasets of the sandbox
      expect((await call(system, "DELETE", `${DATASETS}/${id}`)).status).toBe(200);
    }
  });

  it("says an empty or blank schemaRef.id is required, rather than naming an empty schema the sandbox lacks", async () => {
    for (const id of ["", "  "]) {
      const reply = await call(system, "POST", DATASETS, { body: { name: "no schema", schemaRef: { id } } });
      expect(reply.status, reply.text).toBe(400);
      expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/CAT-1000-400");
      expect(reply.body.errorMessage).toBe("The dataset is not valid: schemaRef.id is required");
    }
  });

  it("orders the list by a dataset field, and refuses an orderBy naming none with FLOW-1433-400 listing the fields", async () => {
    const second = await call(system, "POST", DATASETS, { body: { name: "Another dataset", schemaRef: { id: schemaId } } });
    const secondId = second.body[0].slice("@/dataSets/".length);
    const byName = await call(system, "GET", `${DATASETS}?orderBy=desc:name`);
    expect(byName.status, byName.text).toBe(200);
    expect(Object.keys(byName.body)).toEqual([dataSetId, secondId]);
    for (const orderBy of ["desc:nmae", "foo:created"]) {
      const reply = await call(system, "GET", `${DATASETS}?orderBy=${orderBy}`);
      expect(reply.status, reply.text).toBe(400);
      expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1433-400");
      expect(reply.body.errorMessage).toContain("name, description");
    }
    expect((await call(system, "DELETE", `${DATASETS}/${secondId}`)).status).toBe(200);
  });

  it("orders by several fields as AEP's Catalog documents it (orderBy=name,desc:updated: a field without a direction ascending), naming a wrong one of them", async () => {
    const ids: string[] = [];
    for (const name of ["Same name", "Same name", "Another name"]) {
      const created = await call(system, "POST", DATASETS, { body: { name, schemaRef: { id: schemaId } } });
      ids.push(created.body[0].slice("@/dataSets/".length));
    }
    // the first one changed last: its updated is the newest of the two named alike
    expect((await call(system, "PATCH", `${DATASETS}/${ids[0]}`, { body: { description: "changed" } })).status).toBe(200);
    const sorted = await call(system, "GET", `${DATASETS}?orderBy=name,desc:updated&property=name!=Databricks%20customers`);
    expect(sorted.status, sorted.text).toBe(200);
    expect(Object.keys(sorted.body)).toEqual([ids[2], ids[0], ids[1]]);
    const paged = await call(system, "GET", `${DATASETS}?orderBy=asc:name,desc:updated&property=name!=Databricks%20customers&start=1&limit=1`);
    expect(Object.keys(paged.body)).toEqual([ids[0]]);
    const wrong = await call(system, "GET", `${DATASETS}?orderBy=name,desc:updatd`);
    expect(wrong.status, wrong.text).toBe(400);
    expect(wrong.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1433-400");
    expect(wrong.body.errorMessage).toContain(
      "Incorrect field= updatd passed in orderBy: orderBy takes asc:<field>, desc:<field>, <field> (ascending), +<field> or -<field>, comma-separated, and the fields this list sorts on are id, name,",
    );
    // orderby, as the batch list and this service's other lists spell it, takes the same values and is named as sent
    const lower = await call(system, "GET", `${DATASETS}?orderby=desc:created`);
    expect(lower.status, lower.text).toBe(200);
    expect(Object.keys(lower.body)).toEqual(Object.keys((await call(system, "GET", `${DATASETS}?orderBy=desc:created`)).body));
    const lowerWrong = await call(system, "GET", `${DATASETS}?orderby=desc:craeted`);
    expect(lowerWrong.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1433-400");
    expect(lowerWrong.body.errorMessage).toContain("Incorrect field= craeted passed in orderby: orderby takes asc:<field>");
    for (const id of ids) expect((await call(system, "DELETE", `${DATASETS}/${id}`)).status).toBe(200);
  });

  it("refuses an unknown list parameter naming the parameters a Catalog list takes (start and orderBy; no continuationToken) and the fields a simple filter names", async () => {
    const reply = await call(system, "GET", `${DATASETS}?nmae=Customers`);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1451-400");
    expect(reply.body.errorMessage).toBe(
      "Invalid params nmae provided in query params. This endpoint takes start, limit, orderBy, orderby, property, tags, count, properties, id, name, description, imsOrg, sandboxId, version, created, updated, createdClient, createdUser, updatedUser, files.",
    );
  });

  it("refuses an orderBy naming an object field (tags, schemaRef): it has no order and answered the list by id", async () => {
    for (const field of ["tags", "schemaRef", "classification"]) {
      const reply = await call(system, "GET", `${DATASETS}?orderBy=asc:${field}`);
      expect(reply.status, reply.text).toBe(400);
      expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1433-400");
      const orderable = reply.body.errorMessage.split("the fields this list sorts on are ")[1].replace(/\.$/, "").split(", ");
      expect(orderable).toContain("name");
      expect(orderable).not.toContain(field);
    }
  });

  it("answers 20 datasets without a limit, as AEP's Catalog does (it answered 50), the next ones from start=20", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 22; i++) {
      const created = await call(system, "POST", DATASETS, { body: { name: `paged ${i}`, schemaRef: { id: schemaId } } });
      ids.push(created.body[0].slice("@/dataSets/".length));
    }
    const all = Object.keys((await call(system, "GET", `${DATASETS}?limit=100`)).body);
    expect(all.length).toBeGreaterThan(21);
    expect(Object.keys((await call(system, "GET", DATASETS)).body)).toEqual(all.slice(0, 20));
    expect(Object.keys((await call(system, "GET", `${DATASETS}?start=20`)).body)).toEqual(all.slice(20, 40));
    for (const id of ids) expect((await call(system, "DELETE", `${DATASETS}/${id}`)).status).toBe(200);
  });

  it.each(["0", "101", "1000"])("refuses limit=%s with CAT-1001-400 naming 1 to 100, as batches do (it was lowered to 100 unseen)", async (limit) => {
    const reply = await call(system, "GET", `${DATASETS}?limit=${limit}`);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/CAT-1001-400");
    expect(reply.body.errorMessage).toContain("from 1 to 100");
  });

  it.each(["-1", "x", "99999999999999999999"])("refuses start=%s with FLOW-1453-400 naming it", async (start) => {
    const reply = await call(system, "GET", `${DATASETS}?start=${start}`);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1453-400");
    expect(reply.body.errorMessage).toContain(`start=${start}`);
  });

  it("refuses an unknown query parameter on a dataset's GET with FLOW-1451-400 naming it, and takes Catalog's properties", async () => {
    const unknown = await call(system, "GET", `${DATASETS}/${dataSetId}?propertys=name`);
    expect(unknown.status, unknown.text).toBe(400);
    expect(unknown.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1451-400");
    expect(unknown.body.errorMessage).toContain("propertys");
    const withProperties = await call(system, "GET", `${DATASETS}/${dataSetId}?properties=name`);
    expect(withProperties.status, withProperties.text).toBe(200);
    expect(withProperties.body).toEqual({ [dataSetId]: { name: "Databricks customers" } });
  });

  it("answers only the fields properties names in the list, as AEP's Catalog does (every field was answered)", async () => {
    const reply = await call(system, "GET", `${DATASETS}?properties=name,schemaRef.id,lastBatchId&property=name==Databricks%20customers`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toEqual({ [dataSetId]: { name: "Databricks customers", schemaRef: { id: schemaId } } });
  });

  it.each(["orderBy=desc:created&orderBy=asc:name", "orderBy=asc:name&orderby=-created"])("refuses two orders (%s) with FLOW-1453-400 naming them", async (orders) => {
    const reply = await call(system, "GET", `${DATASETS}?${orders}`);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1453-400");
    expect(reply.body.errorMessage).toContain("orderBy=");
  });

  it("answers a deleted or unknown dataset with a 404 body carrying status (aepp's check)", async () => {
    const reply = await call(system, "GET", `${DATASETS}/${"a".repeat(24)}`);
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ status: 404, type: "https://ns.adobe.com/aep/errors/CAT-1010-404" });
  });
});
