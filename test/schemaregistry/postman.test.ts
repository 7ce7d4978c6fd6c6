import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, TEST_CLIENT, type TestSystem } from "../support/system.js";
import { loyaltyDataType, PROFILE, RECORD, REGISTRY, TENANT } from "./registry-calls.js";

/**
 * The public Postman collection's Schema Registry requests (adobe/experience-platform-postman-samples,
 * "Schema Registry API"), as its requests are built: `Accept: application/json` and
 * `Content-Type: application/json` on every request (GET and DELETE included, with no body), paths
 * `/:CONTAINER_ID/<kind>/` with a trailing slash for lists and creates (field groups under the
 * legacy `/mixins/`), the URL-encoded `$id` for one resource, and the list's
 * `properties`/`orderby`/`limit` query.
 */
describe("the Postman collection's Schema Registry requests", () => {
  let system: TestSystem;
  let headers: Record<string, string>;
  beforeAll(async () => {
    system = await startTestSystem();
    const token = (await system.headers()).authorization;
    headers = {
      Accept: "application/json",
      "Content-Type": "application/json",
      Authorization: token,
      "x-api-key": TEST_CLIENT.clientId,
      "x-gw-ims-org-id": TEST_CLIENT.orgId,
      "x-sandbox-name": "prod",
    };
  });
  afterAll(() => system.close());

  const send = async (method: string, path: string, payload?: unknown) => {
    const response = await fetch(`${system.url}${REGISTRY}${path}`, { method, headers, body: payload === undefined ? undefined : JSON.stringify(payload) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
  };

  it("answers Stats", async () => {
    const stats = await send("GET", "/stats");
    expect(stats.status).toBe(200);
    expect(stats.body.tenantId).toBe(TENANT.slice(1));
  });

  it.each([
    ["classes", { title: "Postman class", type: "object", allOf: [{ $ref: RECORD }] }],
    [
      "mixins",
      {
        title: "Postman mixin",
        type: "object",
        "meta:intendedToExtend": [PROFILE],
        definitions: { customFields: { properties: { [TENANT]: { type: "object", properties: { nickname: { type: "string" } } } } } },
        allOf: [{ $ref: "#/definitions/customFields" }],
      },
    ],
    ["datatypes", { ...loyaltyDataType, title: "Postman data type" }],
    ["schemas", { type: "object", title: "Postman schema", allOf: [{ $ref: PROFILE }] }],
  ])("creates, lists, looks up, replaces, modifies and deletes tenant %s", async (kind, payload) => {
    const created = await send("POST", `/tenant/${kind}/`, payload);
    expect(created.status, created.text).toBe(201);
    const id = encodeURIComponent(created.body.$id);

    const list = await send("GET", `/tenant/${kind}/?properties=title,$id&orderby=title&limit=5`);
    expect(list.status, list.text).toBe(200);
    expect(list.body.results).toContainEqual({ title: payload.title, $id: created.body.$id });
    expect(list.body._page).toMatchObject({ orderby: "title" });

    const got = await send("GET", `/tenant/${kind}/${id}`);
    expect(got.status, got.text).toBe(200);
    expect(got.body).toMatchObject({ $id: created.body.$id, version: "1.0", allOf: expect.any(Array) });

    const replaced = await send("PUT", `/tenant/${kind}/${id}`, { ...payload, description: "replaced" });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.body).toMatchObject({ description: "replaced", version: "1.1" });

    const modified = await send("PATCH", `/tenant/${kind}/${id}`, [{ op: "replace", path: "/title", value: `${payload.title} (renamed)` }]);
    expect(modified.status, modified.text).toBe(200);
    expect(modified.body).toMatchObject({ title: `${payload.title} (renamed)`, version: "1.2" });

    const deleted = await send("DELETE", `/tenant/${kind}/${id}`);
    expect(deleted.status, deleted.text).toBe(204);
    expect((await send("GET", `/tenant/${kind}/${id}`)).status).toBe(404);
  });

  it("lists the global container's classes and looks one up", async () => {
    const classes = await send("GET", "/global/classes/?orderby=title&limit=5");
    expect(classes.status).toBe(200);
    expect(classes.body.results.map((c: { $id: string }) => c.$id)).toContain(PROFILE);
    const profile = await send("GET", `/global/classes/${encodeURIComponent(PROFILE)}`);
    expect(profile.body).toMatchObject({ $id: PROFILE, title: "XDM Individual Profile" });
  });
});
