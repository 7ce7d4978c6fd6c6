/**
 * A mapping set's mappings one at a time, as aepp's DataPrep calls them (getMappingSetMappings,
 * createMappingSetMapping, getMappingSetMapping, updateMappingSetMapping, deleteMappingSetMapping),
 * POST /mappingSets/validate and DELETE /mappingSets/{id}, through the real API.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createPipeline, flowBody, FS, type Pipeline } from "../support/journey.js";

let system: TestSystem;
let pipeline: Pipeline;
let schemaId: string;

beforeAll(async () => {
  system = await startTestSystem({ workspace: { seedRows: 20 }, env: { RUN_WORKER: "false" } });
  pipeline = await createPipeline(system);
  schemaId = (await call(system, "GET", `${MAPPING_SETS}/${pipeline.mappingId}`)).body.xdmSchema;
});
afterAll(() => system?.close());

async function newMappingSet(mappings: object[] = [{ source: "email", destination: "_id" }, { source: "name", destination: "person.name" }]): Promise<string> {
  const created = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, mappings } });
  expect(created.status, created.text).toBe(200);
  return created.body.id;
}

const version = async (id: string, n?: number) => (await call(system, "GET", `${MAPPING_SETS}/${id}${n === undefined ? "" : `?version=${n}`}`)).body;
const pairs = (mappings: Array<{ source: string; destination: string }>) => mappings.map((m) => `${m.source} → ${m.destination}`);

describe("a mapping set's mappings one at a time", () => {
  it("lists, adds, reads, replaces and removes mappings, each change a new version that keeps the other mappings' ids", async () => {
    const id = await newMappingSet();
    const listed = await call(system, "GET", `${MAPPING_SETS}/${id}/mappings`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual((await version(id)).mappings);
    const [email, name] = listed.body.map((m: { id: string }) => m.id);

    const added = await call(system, "POST", `${MAPPING_SETS}/${id}/mappings`, { body: { sourceType: "EXPRESSION", source: "lower(email)", destination: "person.email" } });
    expect(added.status, added.text).toBe(200);
    expect(added.body).toMatchObject({ sourceType: "EXPRESSION", source: "lower(email)", destination: "person.email", destinationXdmPath: "person.email" });
    expect(added.body.id).toMatch(/^[0-9a-f]{32}$/);
    const v1 = await version(id);
    expect(v1.version).toBe(1);
    expect(v1.mappings.map((m: { id: string }) => m.id)).toEqual([email, name, added.body.id]);
    expect(pairs((await version(id, 0)).mappings)).toEqual(["email → _id", "name → person.name"]);

    const got = await call(system, "GET", `${MAPPING_SETS}/${id}/mappings/${added.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(v1.mappings[2]);

    const replaced = await call(system, "PUT", `${MAPPING_SETS}/${id}/mappings/${name}`, { body: { sourceType: "EXPRESSION", source: 'concat(name, "!")', destination: "person.name" } });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.body).toMatchObject({ id: name, source: 'concat(name, "!")', sourceType: "EXPRESSION" });
    const v2 = await version(id);
    expect(v2.version).toBe(2);
    expect(v2.mappings.map((m: { id: string }) => m.id)).toEqual([email, name, added.body.id]);
    expect(pairs(v2.mappings)).toEqual(["email → _id", 'concat(name, "!") → person.name', "lower(email) → person.email"]);

    const removed = await call(system, "DELETE", `${MAPPING_SETS}/${id}/mappings/${email}`);
    expect(removed.status, removed.text).toBe(204);
    const v3 = await version(id);
    expect(v3.version).toBe(3);
    expect(v3.mappings.map((m: { id: string }) => m.id)).toEqual([name, added.body.id]);
    expect((await version(id, 2)).mappings).toHaveLength(3);
  });

  it("names a mapping sent alone as the mapping, and the stored ones by id, not by their places in the stored set, with the schema field a misspelt destination meant", async () => {
    const id = await newMappingSet();
    const [email] = (await version(id)).mappings;
    const misspelt = await call(system, "POST", `${MAPPING_SETS}/${id}/mappings`, { body: { source: "email", destination: "person.emial" } });
    expect(misspelt.status, misspelt.text).toBe(400);
    expect(misspelt.body.errorMessage).toBe("The mapping set is not valid: the mapping's destination person.emial is not a field of the schema; did you mean person.email?");
    const twice = await call(system, "PUT", `${MAPPING_SETS}/${id}/mappings/${(await version(id)).mappings[1].id}`, { body: { source: "name", destination: "_id" } });
    expect(twice.status, twice.text).toBe(400);
    expect(twice.body.errorMessage).toContain(`the mapping's destination _id is mapped twice (by the mapping ${email.id})`);
    expect((await version(id)).version).toBe(0);
  });

  it("refuses what would make the mapping set invalid, naming why, and makes no version", async () => {
    const id = await newMappingSet([{ source: "email", destination: "_id" }]);
    const [only] = (await version(id)).mappings;
    const cases: Array<[string, string, object | undefined, number, string, RegExp]> = [
      ["POST", `${MAPPING_SETS}/${id}/mappings`, { source: "email", destination: "person.nickname" }, 400, "DATAPREP-1000-400", /person\.nickname/],
      ["POST", `${MAPPING_SETS}/${id}/mappings`, { sourceType: "EXPRESSION", source: "lowr(email)", destination: "person.email" }, 400, "DATAPREP-1000-400", /lowr/],
      ["POST", `${MAPPING_SETS}/${id}/mappings`, { id: only.id, source: "name", destination: "person.name" }, 400, "DATAPREP-1000-400", new RegExp(`two mappings have the id ${only.id}`)],
      ["PUT", `${MAPPING_SETS}/${id}/mappings/${only.id}`, { id: "another", source: "email", destination: "_id" }, 400, "DATAPREP-1000-400", /is not the id of the mapping in the path/],
      ["PUT", `${MAPPING_SETS}/${id}/mappings/nosuchmapping`, { source: "email", destination: "_id" }, 404, "DATAPREP-1013-404", /has no mapping nosuchmapping.*GET \/data\/foundation\/conversion\/mappingSets\/.*\/mappings lists them/],
      ["GET", `${MAPPING_SETS}/${id}/mappings/nosuchmapping`, undefined, 404, "DATAPREP-1013-404", /has no mapping nosuchmapping/],
      ["DELETE", `${MAPPING_SETS}/${id}/mappings/${only.id}`, undefined, 400, "DATAPREP-1000-400", /last mapping .* delete the mapping set instead/],
      ["GET", `${MAPPING_SETS}/${"0".repeat(32)}/mappings`, undefined, 404, "DATAPREP-1010-404", /not found in this sandbox/],
    ];
    for (const [method, path, body, status, code, message] of cases) {
      const reply = await call(system, method, path, body === undefined ? {} : { body });
      expect(reply.status, `${method} ${path}: ${reply.text}`).toBe(status);
      expect(reply.body.type).toBe(`https://ns.adobe.com/aep/errors/${code}`);
      expect(reply.text).toMatch(message);
    }
    expect((await version(id)).version).toBe(0);
  });

  it("keeps the ids of mappings sent back in a PUT of the whole body, and refuses two mappings with one id", async () => {
    const id = await newMappingSet();
    const before = await version(id);
    const put = await call(system, "PUT", `${MAPPING_SETS}/${id}`, { body: { xdmSchema: schemaId, mappings: [...before.mappings].reverse() } });
    expect(put.status, put.text).toBe(200);
    expect((await version(id)).mappings.map((m: { id: string }) => m.id)).toEqual(before.mappings.map((m: { id: string }) => m.id).reverse());
    const twice = await call(system, "PUT", `${MAPPING_SETS}/${id}`, { body: { xdmSchema: schemaId, mappings: [before.mappings[0], { ...before.mappings[1], id: before.mappings[0].id }] } });
    expect(twice.status).toBe(400);
    expect(twice.text).toContain(`two mappings have the id ${before.mappings[0].id}`);
  });

  it("answers generated mapping bodies with 200 or a 4xx in AEP's error body, never a 5xx, and makes a version only for a 200", async () => {
    const id = await newMappingSet();
    const [first] = (await version(id)).mappings;
    const mapping = fc.oneof(
      fc.json().map((text) => JSON.parse(text)),
      fc.record(
        {
          id: fc.oneof(fc.constant(first.id), fc.string()),
          sourceType: fc.oneof(fc.constantFrom("ATTRIBUTE", "STATIC", "EXPRESSION", "text/x.aep-xl"), fc.string()),
          source: fc.oneof(fc.constantFrom("email", "name", "lower(email)", "concat(name, email", "a[*].b", "${x.y}"), fc.string(), fc.integer()),
          destination: fc.oneof(fc.constantFrom("_id", "person.name", "person.email", "person", "nowhere", "person.name[0]"), fc.string()),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("POST", "PUT"), mapping, async (method, body) => {
        const before = (await version(id)).version;
        const path = method === "POST" ? `${MAPPING_SETS}/${id}/mappings` : `${MAPPING_SETS}/${id}/mappings/${first.id}`;
        const reply = await call(system, method, path, { body });
        expect(reply.status, reply.text).toBeLessThan(500);
        if (reply.status === 200) expect((await version(id)).version).toBe(before + 1);
        else {
          expect(reply.body.type, reply.text).toMatch(/^https:\/\/ns\.adobe\.com\/aep\/errors\/[A-Z]+-\d+-4\d\d$/);
          expect((await version(id)).version).toBe(before);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("POST /mappingSets/validate", () => {
  const count = async () => (await call(system, "GET", `${MAPPING_SETS}?count=true`)).body.count;
  const outputSchema = () => ({ schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed-full+json;version=1" } });

  it("answers AEP's documented request with one verdict per mapping, SUCCESS and errors null, and saves nothing", async () => {
    const before = await count();
    const valid = await call(system, "POST", `${MAPPING_SETS}/validate`, {
      body: {
        outputSchema: outputSchema(),
        mappings: [
          { sourceType: "ATTRIBUTE", source: "id", destination: "_id", name: "id", description: "Identifier field" },
          { sourceType: "ATTRIBUTE", source: "firstName", destination: "person.name" },
          { sourceType: "ATTRIBUTE", source: "email", destination: "person.email" },
        ],
      },
    });
    expect(valid.status, valid.text).toBe(200);
    expect(valid.body).toEqual({ validationResponse: [0, 1, 2].map(() => ({ status: "SUCCESS", errors: null })) });
    expect(await count()).toBe(before);
  });

  it("answers a failing mapping FAILED with what is wrong, and takes every other mapping through every check", async () => {
    const reply = await call(system, "POST", `${MAPPING_SETS}/validate`, {
      body: {
        xdmSchema: schemaId,
        mappings: [
          { source: "email", destination: "_id" },
          { source: "email", destination: "nowhere" },
          // checked only once the destinations are known fields: still found beside the failing one
          { sourceType: "STATIC", source: "abc", destination: "customerId" },
        ],
      },
    });
    expect(reply.status, reply.text).toBe(200);
    const [ok, notAField, constant] = reply.body.validationResponse;
    expect(ok).toEqual({ status: "SUCCESS", errors: null });
    expect(notAField).toEqual({
      status: "FAILED",
      errors: [{ source: "email", destination: "nowhere", sourceType: "ATTRIBUTE", exception: expect.stringContaining("mappings[1].destination nowhere is not a field of the schema") }],
    });
    expect(constant).toEqual({
      status: "FAILED",
      errors: [{ source: "abc", destination: "customerId", sourceType: "STATIC", exception: expect.stringMatching(/^mappings\[2\]: the constant "abc" can never go into customerId/) }],
    });
  });

  it("refuses with AEP's error body what is no mapping set: no target schema, an unknown one, mappings not a list of mappings", async () => {
    for (const body of [
      { mappings: [{ source: "email", destination: "_id" }] },
      { xdmSchema: "https://ns.adobe.com/test/schemas/nope", mappings: [{ source: "email", destination: "_id" }] },
      { xdmSchema: schemaId, mappings: "email" },
      { xdmSchema: schemaId, mappings: [{ source: "email" }] },
    ]) {
      const refused = await call(system, "POST", `${MAPPING_SETS}/validate`, { body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1000-400");
    }
  });
});

describe("DELETE /mappingSets/{id}", () => {
  it("deletes a mapping set no flow uses, every version of it", async () => {
    const id = await newMappingSet();
    await call(system, "POST", `${MAPPING_SETS}/${id}/mappings`, { body: { source: "note", destination: "person.note" } });
    const deleted = await call(system, "DELETE", `${MAPPING_SETS}/${id}`);
    expect(deleted.status, deleted.text).toBe(204);
    for (const path of [`${MAPPING_SETS}/${id}`, `${MAPPING_SETS}/${id}?version=0`, `${MAPPING_SETS}/${id}/mappings`]) {
      expect((await call(system, "GET", path)).status).toBe(404);
    }
    expect((await call(system, "DELETE", `${MAPPING_SETS}/${id}`)).status).toBe(404);
  });

  it("refuses while a flow uses the mapping set, naming the flow; a flow patched onto another mapping set frees the first and holds the second", async () => {
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    const flowId = created.body.id;
    const refused = await call(system, "DELETE", `${MAPPING_SETS}/${pipeline.mappingId}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ type: "https://ns.adobe.com/aep/errors/DATAPREP-1012-400", report: { id: pipeline.mappingId, flows: [flowId] } });
    expect(refused.body.errorMessage).toContain(`the flows ${flowId} use it`);

    const other = (await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, mappings: (await version(pipeline.mappingId)).mappings } })).body.id;
    const flow = await call(system, "GET", `${FS}/flows/${flowId}`);
    const patched = await call(system, "PATCH", `${FS}/flows/${flowId}`, {
      headers: { "If-Match": flow.body.items[0].etag },
      body: [{ op: "replace", path: "/transformations", value: [{ name: "Mapping", params: { mappingId: other, mappingVersion: 0 } }] }],
    });
    expect(patched.status, patched.text).toBe(200);
    expect((await call(system, "DELETE", `${MAPPING_SETS}/${other}`)).status).toBe(400);
    expect((await call(system, "DELETE", `${MAPPING_SETS}/${pipeline.mappingId}`)).status).toBe(204);
  });
});
