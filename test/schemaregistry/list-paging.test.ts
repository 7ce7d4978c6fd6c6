import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { PROFILE, REGISTRY } from "./registry-calls.js";

/**
 * Paging the registry's lists as AEP's Schema Registry appendix does (docs/api/schemaregistry.md#lists):
 * `start` as the value of the sort field the page starts after, `orderby` with several fields, and
 * the `_page.next` / `_links.next` of each page leading to the next.
 */
const SCHEMAS = `${REGISTRY}/tenant/schemas`;
const IDS = { accept: "application/vnd.adobe.xed+json" };
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
  const schema = (title: string, description: string) => ({ type: "object", title, description, allOf: [{ $ref: PROFILE }] });
  for (const [title, description] of [
    ["Hotels", "b"],
    ["Loyalty Members", "a"],
    ["Reservations", "b"],
    ["Rooms", "a"],
    ["Stays", "a"],
  ]) {
    const reply = await call(system, "POST", SCHEMAS, { body: schema(title, description) });
    expect(reply.status, reply.text).toBe(201);
  }
});
afterAll(() => system.close());

const titles = (body: any) => body.results.map((r: any) => r.title);
const get = (query: string) => call(system, "GET", `${SCHEMAS}?${query}`, { headers: IDS });

describe("registry list paging", () => {
  it("starts after the value of the orderby field that start names", async () => {
    const page = await get("orderby=title&start=Loyalty%20Members&limit=2");
    expect(page.status, page.text).toBe(200);
    expect(titles(page.body)).toEqual(["Reservations", "Rooms"]);
    // the next page follows by the page's own link
    const next = await call(system, "GET", page.body._links.next.href, { headers: IDS });
    expect(next.status, next.text).toBe(200);
    expect(titles(next.body)).toEqual(["Stays"]);
    expect(next.body._page.next).toBeNull();
    const descending = await get("orderby=-title&start=Reservations");
    expect(titles(descending.body)).toEqual(["Loyalty Members", "Hotels"]);
  });

  it("links the global schemas with the list's own filters and order, as AEP does, not its page", async () => {
    const page = await get("property=meta:extends==https://ns.adobe.com/xdm/context/profile&orderby=-title&start=Stays&limit=2");
    expect(page.status, page.text).toBe(200);
    expect(page.body._links.global_schemas).toEqual({ href: "/data/foundation/schemaregistry/global/schemas?property=meta:extends==https://ns.adobe.com/xdm/context/profile&orderby=-title&limit=2" });
    expect((await get("")).body._links.global_schemas).toEqual({ href: "/data/foundation/schemaregistry/global/schemas" });
  });

  it("orders by several fields, each next one ordering what the ones before leave equal, across pages", async () => {
    const first = await get("orderby=description,-title&limit=2");
    expect(first.status, first.text).toBe(200);
    expect(first.body._page).toMatchObject({ orderby: "description,-title", count: 2 });
    const seen = [...titles(first.body)];
    let page = first;
    while (page.body._page.next) {
      page = await get(`start=${page.body._page.next}&limit=2`);
      expect(page.status, page.text).toBe(200);
      seen.push(...titles(page.body));
    }
    expect(seen).toEqual(["Stays", "Rooms", "Loyalty Members", "Reservations", "Hotels"]);
    const byTitleThenDescription = await get("orderby=title,description");
    expect(titles(byTitleThenDescription.body)).toEqual(["Hotels", "Loyalty Members", "Reservations", "Rooms", "Stays"]);
  });

  it("still refuses a field the list does not order by, also as a later field", async () => {
    const reply = await get("orderby=title,meta:class");
    expect(reply.status).toBe(400);
    expect(reply.body.errorMessage).toContain("Incorrect field= meta:class passed in orderBy");
  });
});
