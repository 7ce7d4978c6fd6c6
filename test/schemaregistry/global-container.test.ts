import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { DEMOGRAPHIC_DETAILS, encoded, EXPERIENCE_EVENT, IDENTITY_MAP, PROFILE, RECORD, REGISTRY, XED, XED_FULL } from "./registry-calls.js";

/**
 * The global container (docs/api/schemaregistry.md#the-global-container): the standard classes,
 * behaviours, field groups and data types, read-only, by `$id` or `meta:altId`, in every Accept
 * variant, resolved in compatibility mode.
 */
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

const get = (path: string, accept?: string) => call(system, "GET", `${REGISTRY}${path}`, { headers: accept ? { accept } : {} });

describe("the global container", () => {
  it("lists the standard classes, field groups (also under the legacy /mixins), data types and behaviours", async () => {
    const classes = await get("/global/classes", "application/vnd.adobe.xed-id+json");
    expect(classes.status).toBe(200);
    expect(classes.body.results).toEqual(
      expect.arrayContaining([
        { $id: PROFILE, "meta:altId": "_xdm.context.profile", version: "1.0", title: "XDM Individual Profile" },
        { $id: EXPERIENCE_EVENT, "meta:altId": "_xdm.context.experienceevent", version: "1.0", title: "XDM ExperienceEvent" },
      ]),
    );
    expect(classes.body._page).toEqual({ orderby: "title", next: null, count: 2 });
    expect(classes.body._links).toEqual({ next: null });
    const fieldGroups = (await get("/global/fieldgroups", "application/vnd.adobe.xed-id+json")).body.results.map((f: any) => f.$id);
    expect(fieldGroups).toEqual(expect.arrayContaining([IDENTITY_MAP, DEMOGRAPHIC_DETAILS, "https://ns.adobe.com/xdm/mixins/profile-consents", "https://ns.adobe.com/xdm/context/experienceevent-commerce"]));
    expect(fieldGroups.length).toBeGreaterThanOrEqual(12);
    expect((await get("/global/mixins/")).body.results.map((f: any) => f.$id)).toEqual(expect.arrayContaining(fieldGroups));
    const dataTypes = (await get("/global/datatypes")).body.results.map((d: any) => d.$id);
    expect(dataTypes).toEqual(expect.arrayContaining(["https://ns.adobe.com/xdm/context/person", "https://ns.adobe.com/xdm/common/address", "https://ns.adobe.com/xdm/context/emailaddress"]));
    expect((await get("/global/behaviors")).body.results.map((b: any) => b.$id)).toEqual(expect.arrayContaining([RECORD, "https://ns.adobe.com/xdm/data/time-series"]));
    expect((await get("/global/schemas")).body.results).toEqual([]);
  });

  it("filters with AEP's property expressions and pages with limit and start", async () => {
    const forProfile = await get(`/global/fieldgroups?property=${encoded(`meta:intendedToExtend==${PROFILE}`)}`, "application/vnd.adobe.xed-id+json");
    const titles = forProfile.body.results.map((f: any) => f.title);
    expect(titles).toEqual(expect.arrayContaining(["Demographic Details", "Personal Contact Details", "IdentityMap", "Loyalty Details"]));
    expect(titles).not.toContain("Web Details");
    const seen: string[] = [];
    let page = await get("/global/fieldgroups?limit=5&orderby=-title", "application/vnd.adobe.xed-id+json");
    for (;;) {
      expect(page.body.results.length).toBeLessThanOrEqual(5);
      seen.push(...page.body.results.map((f: any) => f.title));
      if (!page.body._page.next) break;
      expect(page.body._links.next.href).toBe(`${REGISTRY}/global/fieldgroups?start=${page.body._page.next}`);
      // as aepp does: the same parameters again, with start
      page = await get(`/global/fieldgroups?limit=5&start=${page.body._page.next}`, "application/vnd.adobe.xed-id+json");
    }
    expect(seen).toEqual([...seen].sort().reverse());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("answers one resource by URL-encoded $id or meta:altId, with or without a trailing slash", async () => {
    for (const id of [encoded(PROFILE), "_xdm.context.profile", `${encoded(PROFILE)}/`]) {
      const reply = await get(`/global/classes/${id}`, XED);
      expect(reply.status, id).toBe(200);
      expect(reply.body).toMatchObject({ $id: PROFILE, "meta:resourceType": "classes", "meta:extends": [RECORD, "https://ns.adobe.com/xdm/common/auditable"], "meta:containerId": "global" });
      expect(reply.body.allOf).toEqual(expect.arrayContaining([{ $ref: RECORD, type: "object", "meta:xdmType": "object" }]));
      expect(reply.body.properties).toBeUndefined();
    }
  });

  it("resolves the Profile class into the fields AEP shows", async () => {
    const reply = await get(`/global/classes/${encoded(PROFILE)}`, XED_FULL);
    expect(Object.keys(reply.body.properties).sort()).toEqual(["_id", "_repo", "createdByBatchID", "modifiedByBatchID", "personID", "repositoryCreatedBy", "repositoryLastModifiedBy"]);
    expect(reply.body.properties._repo.properties.modifyDate).toMatchObject({ type: "string", format: "date-time", "meta:xdmType": "date-time", "meta:xdmField": "repo:modifyDate" });
    expect(reply.body.required).toBeUndefined();
  });

  it("resolves the ExperienceEvent class with its identityMap and its required _id and timestamp", async () => {
    const reply = await get(`/global/classes/_xdm.context.experienceevent`, XED_FULL);
    expect(reply.body.required).toEqual(["_id", "timestamp"]);
    expect(reply.body.properties.timestamp).toMatchObject({ type: "string", format: "date-time", "meta:xdmType": "date-time", "meta:xdmField": "xdm:timestamp" });
    expect(reply.body.properties.identityMap).toMatchObject({ type: "object", "meta:xdmType": "map" });
    expect(reply.body.properties.identityMap.additionalProperties.items.properties.authenticatedState).toMatchObject({ enum: ["ambiguous", "authenticated", "loggedOut"] });
    expect(reply.body.properties).toHaveProperty("eventType");
    expect(reply.body.properties).toHaveProperty("producedBy");
  });

  it("answers the -notext, -flat and -deprecatedfield variants", async () => {
    const loyalty = encoded("https://ns.adobe.com/xdm/mixins/profile/profile-loyalty-details");
    const full = await get(`/global/fieldgroups/${loyalty}`, XED_FULL);
    expect(full.body.properties.loyalty.properties.upgradeDate).toBeUndefined();
    // AEP documents xed-deprecatefield alone as resolved, deprecated fields marked
    const deprecated = await get(`/global/fieldgroups/${loyalty}`, "application/vnd.adobe.xed-deprecatefield+json; version=1");
    expect(deprecated.body.allOf).toBeUndefined();
    expect(deprecated.body.properties.loyalty.properties.upgradeDate).toMatchObject({ "meta:status": "deprecated" });
    expect(deprecated.body.properties.loyalty.properties.tier).toMatchObject({ type: "string" });
    const fullDeprecated = await get(`/global/fieldgroups/${loyalty}`, "application/vnd.adobe.xed-full-deprecatedfield+json; version=1");
    expect(fullDeprecated.body.properties.loyalty.properties.upgradeDate).toMatchObject({ "meta:status": "deprecated" });
    const notext = await get(`/global/fieldgroups/${loyalty}`, "application/vnd.adobe.xed-full-notext+json; version=1");
    expect(notext.body.title).toBeUndefined();
    expect(notext.body.properties.loyalty.title).toBeUndefined();
    expect(notext.body.properties.loyalty.properties.tier).toEqual({ type: "string", "meta:xdmType": "string", "meta:xdmField": "xdm:tier" });
    const flat = await get(`/global/datatypes/${encoded("https://ns.adobe.com/xdm/common/address")}`, "application/vnd.adobe.xed-full-flat+json; version=1");
    expect(flat.body.properties["_schema/latitude"]).toMatchObject({ type: "number", minimum: -90, maximum: 90 });
  });

  it("answers 406 in the AEP envelope for an Accept it does not serve, and 404 for an unknown id", async () => {
    for (const accept of ["application/xml", "application/vnd.adobe.xed-bogus+json", "application/vnd.adobe.xed+json; version=2", "application/vnd.adobe.xed-link+json"]) {
      const reply = await get(`/global/classes/${encoded(PROFILE)}`, accept);
      expect(reply.status, accept).toBe(406);
      expect(reply.body).toMatchObject({
        type: "https://ns.adobe.com/aep/errors/XDM-1006-406",
        title: "Not Acceptable",
        status: 406,
        report: { "detailed-message": expect.stringContaining("is not supported"), "request-id": expect.any(String) },
        errorMessage: expect.stringContaining("application/vnd.adobe.xed+json"),
      });
    }
    const missing = await get(`/global/classes/${encoded("https://ns.adobe.com/xdm/context/nothing")}`, XED);
    expect(missing.status).toBe(404);
    expect(missing.body.type).toBe("https://ns.adobe.com/aep/errors/XDM-1011-404");
  });

  it("is read-only", async () => {
    const reply = await call(system, "POST", `${REGISTRY}/global/classes`, { body: { title: "x" } });
    expect(reply.status).toBe(404);
  });
});
