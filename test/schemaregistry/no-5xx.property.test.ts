import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { DIALECTS } from "../support/postgres.js";
import { startTestSystem, TEST_CLIENT, type TestSystem } from "../support/system.js";
import { DEMOGRAPHIC_DETAILS, IDENTITY_MAP, loyaltyDataType, loyaltyFieldGroup, PROFILE, profileSchema, REGISTRY, TENANT } from "./registry-calls.js";
import { type Mutation, mutatedJson } from "../support/mutated-bodies.js";

/**
 * Whatever a client sends to the Schema Registry — generated methods, paths (real ids of every
 * kind, standard ids, unions, garbage), Accept headers, list parameters and bodies (mutated valid
 * bodies, JSON Patch documents, broken JSON) — the answer is a 2xx or a 4xx in the AEP envelope,
 * never a 5xx, and neither an answer nor the log holds the caller's access token or client secret.
 * Sent through app.inject to stay fast.
 */
const RUNS: Record<string, number> = { sqlite: 3000, postgres: 500 };

describe.each(DIALECTS)("no request to the Schema Registry causes a 5xx (%s)", (dialect) => {
  let system: TestSystem;
  let headers: Record<string, string>;
  let accessToken: string;
  const ids: Record<string, string> = {};
  let bodies: Record<string, unknown>;

  const create = async (segment: string, body: unknown) => {
    const reply = await call(system, "POST", `${REGISTRY}/tenant/${segment}`, { body });
    if (reply.status !== 201) throw new Error(`${segment} not created: ${reply.text}`);
    return reply.body;
  };

  beforeAll(async () => {
    system = await startTestSystem({ dialect, env: { LOG_LEVEL: "warn" } });
    headers = await system.headers();
    accessToken = headers.authorization.slice("Bearer ".length);
    const dataType = await create("datatypes", loyaltyDataType);
    const fieldGroup = await create("fieldgroups", loyaltyFieldGroup(dataType.$id));
    const schemaClass = await create("classes", { title: "Property", type: "object", allOf: [{ $ref: "https://ns.adobe.com/xdm/data/record" }] });
    const schema = await create("schemas", profileSchema("Members", [IDENTITY_MAP, DEMOGRAPHIC_DETAILS, fieldGroup.$id]));
    const descriptor = {
      "@type": "xdm:descriptorIdentity",
      "xdm:sourceSchema": schema.$id,
      "xdm:sourceVersion": 1,
      "xdm:sourceProperty": "/person/name/firstName",
      "xdm:namespace": "Email",
      "xdm:isPrimary": true,
    };
    ids.datatypes = dataType.$id;
    ids.fieldgroups = fieldGroup.$id;
    ids.mixins = fieldGroup.$id;
    ids.classes = schemaClass.$id;
    ids.schemas = schema.$id;
    ids.descriptors = (await call(system, "POST", `${REGISTRY}/tenant/descriptors`, { body: descriptor })).body["@id"];
    bodies = { datatypes: loyaltyDataType, fieldgroups: loyaltyFieldGroup(dataType.$id), classes: { title: "C", type: "object", allOf: [{ $ref: "https://ns.adobe.com/xdm/data/record" }] }, schemas: profileSchema("S", [IDENTITY_MAP]), descriptors: descriptor };
    bodies.mixins = bodies.fieldgroups;
    bodies.rpc = (await call(system, "GET", `${REGISTRY}/rpc/export/${encodeURIComponent(schema.$id)}`)).body;
  });
  afterAll(() => system.close());

  const tenantSegments = ["schemas", "classes", "fieldgroups", "mixins", "datatypes", "descriptors"] as const;
  const globalSegments = ["classes", "fieldgroups", "mixins", "datatypes", "schemas", "behaviors"] as const;
  const standardIds = [PROFILE, "_xdm.context.experienceevent", DEMOGRAPHIC_DETAILS, "https://ns.adobe.com/xdm/context/person", "https://ns.adobe.com/xdm/data/record", `${PROFILE}__union`, "_xdm.context.profile__union"];
  const garbageId = fc.oneof(
    fc.constantFrom("%00", "..", "%E0%A4%A", "_test.schemas.x", "_test.schemas." + "0".repeat(32), "0".repeat(32), "0".repeat(40), "https%3A%2F%2Fns.adobe.com%2Fx", "https%3A%2F%2Fns.adobe.com%2Fother%2Fschemas%2F" + "1".repeat(32)),
    fc.string({ maxLength: 40 }).map(encodeURIComponent),
  );
  /** "real" (the fixture of the segment), a standard id, or garbage */
  const idChoice = fc.oneof({ weight: 5, arbitrary: fc.constant("real") }, { weight: 2, arbitrary: fc.constantFrom(...standardIds).map(encodeURIComponent) }, { weight: 2, arbitrary: garbageId });
  const tenantItem = fc.tuple(fc.constantFrom(...tenantSegments), idChoice, fc.constantFrom("", "/")).map(([segment, id, slash]) => ({
    segment,
    path: `${REGISTRY}/tenant/${segment}/${id === "real" ? encodeURIComponent(ids[segment]) : id}${slash}`,
  }));
  const request = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constant("GET"), fc.constantFrom(...tenantSegments, "unions").map((s) => ({ segment: s, path: `${REGISTRY}/tenant/${s}` }))) },
    { weight: 2, arbitrary: fc.tuple(fc.constant("GET"), fc.constantFrom(...globalSegments).map((s) => ({ segment: s, path: `${REGISTRY}/global/${s}` }))) },
    { weight: 2, arbitrary: fc.tuple(fc.constant("GET"), fc.tuple(fc.constantFrom(...globalSegments), idChoice).map(([s, id]) => ({ segment: s, path: `${REGISTRY}/global/${s}/${id === "real" ? encodeURIComponent(PROFILE) : id}` }))) },
    { weight: 4, arbitrary: fc.tuple(fc.constant("GET"), tenantItem) },
    { weight: 1, arbitrary: fc.tuple(fc.constant("GET"), fc.tuple(fc.constant("unions"), idChoice).map(([s, id]) => ({ segment: s, path: `${REGISTRY}/tenant/unions/${id === "real" ? encodeURIComponent(`${PROFILE}__union`) : id}` }))) },
    { weight: 1, arbitrary: fc.tuple(fc.constant("GET"), fc.constant({ segment: "stats", path: `${REGISTRY}/stats/` })) },
    {
      weight: 2,
      arbitrary: fc.tuple(
        fc.constant("GET"),
        fc.tuple(fc.constantFrom("export", "sampledata"), fc.constantFrom(...tenantSegments), idChoice).map(([rpc, s, id]) => ({ segment: s, path: `${REGISTRY}/rpc/${rpc}/${id === "real" ? encodeURIComponent(ids[s]) : id}` })),
      ),
    },
    { weight: 2, arbitrary: fc.tuple(fc.constant("POST"), fc.constantFrom(`${REGISTRY}/rpc/import`, `${REGISTRY}/rpc/export/`).map((path) => ({ segment: "rpc", path }))) },
    { weight: 4, arbitrary: fc.tuple(fc.constant("POST"), fc.constantFrom(...tenantSegments).map((s) => ({ segment: s, path: `${REGISTRY}/tenant/${s}` }))) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom("PUT", "PATCH"), tenantItem) },
    { weight: 1, arbitrary: fc.tuple(fc.constant("DELETE"), tenantItem) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("POST", "PUT", "PATCH", "DELETE"), fc.constantFrom(...globalSegments).map((s) => ({ segment: s, path: `${REGISTRY}/global/${s}` }))) },
  );

  const accept = fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(fc.constantFrom("xed", "xdm", "xxx"), fc.subarray(["-id", "-full", "-notext", "-desc", "-flat", "-deprecatedfield", "-link", "-v2", "-bogus"], { maxLength: 3 }), fc.constantFrom("", "; version=1", ";version=1.0", "; version=2", "; version="))
        .map(([notation, modifiers, version]) => `application/vnd.adobe.${notation}${modifiers.join("")}+json${version}`),
    },
    { weight: 1, arbitrary: fc.constantFrom("*/*", "application/json", "text/html", "application/xml, */*", "", ",,") },
  );
  const filterText = fc.oneof(
    fc.constantFrom(`meta:extends!=https://ns.adobe.com/xdm/data/adhoc`, `meta:intendedToExtend==${PROFILE}`, "meta:immutableTags==union", "@type==xdm:descriptorIdentity,xdm:sourceSchema==x", "title", "title~x", "==", "a..b==1", "meta:class==", "version>1"),
    fc.string({ maxLength: 30 }),
  );
  const listEntry = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constant("property"), filterText) },
    { weight: 2, arbitrary: fc.tuple(fc.constant("orderby"), fc.oneof(fc.constantFrom("title", "-title", "updated", "-created", "*x", "-", "a[]", "meta:class"), fc.string({ maxLength: 10 }))) },
    { weight: 2, arbitrary: fc.tuple(fc.constant("limit"), fc.oneof(fc.integer({ min: -5, max: 1000 }).map(String), fc.string({ maxLength: 5 }))) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("count", "properties"), fc.constantFrom("true", "False", "maybe", "title,$id", "")) },
    { weight: 1, arbitrary: fc.tuple(fc.constant("start"), fc.oneof(fc.base64String({ maxLength: 40 }), fc.string({ maxLength: 20 }))) },
    { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })) },
  );

  const knownKeys = fc.constantFrom("title", "description", "type", "allOf", "definitions", "properties", "$ref", "meta:intendedToExtend", "meta:immutableTags", "meta:extends", "membership", "loyalty", TENANT, "items", "format", "@type", "xdm:sourceSchema", "xdm:sourceProperty", "xdm:isPrimary", "xdm:namespace", "0", "1", "__proto__", "constructor");
  const mutationPath = fc.oneof({ weight: 4, arbitrary: fc.array(knownKeys, { minLength: 1, maxLength: 4 }) }, { weight: 1, arbitrary: fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 3 }) });
  const mutationValue = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constant(undefined),
    fc.constantFrom("", "object", "string", "array", "#/definitions/membership", "#/definitions/nothing", PROFILE, DEMOGRAPHIC_DETAILS, "https://ns.adobe.com/xdm/data/record", "/person/name/firstName", "/_test", true, null, [], {}, { type: "string" }, { $ref: PROFILE }),
  );
  const patchOps = fc.array(
    fc.record({
      op: fc.constantFrom("add", "replace", "remove", "move", "Add"),
      path: fc.oneof(fc.constantFrom("/allOf/-", "/allOf", "/allOf/0", "/meta:immutableTags", "/meta:immutableTags-", "/title", "/definitions", "/meta:intendedToExtend", "/$id", "", "/x/y"), fc.string({ maxLength: 10 })),
      value: fc.oneof(mutationValue, fc.constant(["union"]), fc.constant({ $ref: DEMOGRAPHIC_DETAILS })),
    }, { requiredKeys: ["op"] }),
    { maxLength: 3 },
  );
  const body = fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 6, arbitrary: fc.array(fc.tuple(mutationPath, mutationValue), { maxLength: 3 }).map((mutations) => ({ kind: "mutated" as const, mutations })) },
    { weight: 3, arbitrary: patchOps.map((ops) => JSON.stringify(ops)) },
    { weight: 1, arbitrary: fc.constantFrom("{", "[1,", "null", '"x"', "[]", "{}", "\\u0000") },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  );

  function render(segment: string, value: unknown): string | undefined {
    if (value === undefined || typeof value === "string") return value as string | undefined;
    return mutatedJson(bodies[segment] ?? bodies.schemas, (value as { mutations: Mutation[] }).mutations);
  }

  /** a fixture a request deleted comes back, so later requests still reach real resources */
  async function recreate(segment: string): Promise<void> {
    const path = segment === "descriptors" ? `${REGISTRY}/tenant/descriptors` : `${REGISTRY}/tenant/${segment}`;
    const reply = await call(system, "POST", path, { body: bodies[segment] });
    if (reply.status === 201) ids[segment] = reply.body.$id ?? reply.body["@id"];
    if (segment === "fieldgroups" || segment === "mixins") ids.fieldgroups = ids.mixins = ids[segment];
  }

  it(`holds over ${RUNS[dialect]} generated requests`, { timeout: 300_000 }, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, fc.array(listEntry, { maxLength: 3 }), accept, body, async ([method, target], query, acceptHeader, payloadSpec) => {
        const search = method === "GET" ? query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&") : "";
        const payload = method === "GET" || method === "DELETE" ? undefined : render(target.segment, payloadSpec);
        const requestHeaders: Record<string, string> = { ...headers };
        if (acceptHeader !== undefined) requestHeaders.accept = acceptHeader;
        if (payload !== undefined) requestHeaders["content-type"] = "application/json";
        const response = await system.service.app.inject({ method: method as never, url: `${target.path}${search ? `?${search}` : ""}`, headers: requestHeaders, payload });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        // a body's __proto__ or constructor key must stay the body's: set on Object.prototype, it would reach every object of the service
        // (removed again before failing, so that the later test files of this process are not broken too)
        const polluted = Object.keys(Object.prototype);
        for (const key of polluted) delete (Object.prototype as Record<string, unknown>)[key];
        expect(polluted, `${method} ${target.path} ${payload?.slice(0, 300)}`).toEqual([]);
        expect(response.statusCode, `${method} ${target.path}?${search} [${acceptHeader}] ${payload?.slice(0, 300)} → ${response.body.slice(0, 500)}`).toBeLessThan(500);
        if (response.statusCode >= 400) expect((JSON.parse(response.body) as { status?: number }).status).toBe(response.statusCode);
        expect(response.body).not.toContain(accessToken);
        expect(response.body).not.toContain(TEST_CLIENT.clientSecret);
        if (method === "DELETE" && response.statusCode === 204) await recreate(target.segment);
      }),
      { numRuns: RUNS[dialect] },
    );
    // the run must have reached the handlers and their successes, not only their refusals
    expect([...statuses.keys()].filter((s) => s < 300).length).toBeGreaterThan(1);
    expect(system.logs.join("")).not.toContain(accessToken);
  });
});
