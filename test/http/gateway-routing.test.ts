/**
 * The gateway decides on the route a request reaches, not on how its target is spelled: an encoded
 * letter (`/%64ata/…`) or an absolute-form target (`GET http://host/data/… HTTP/1.1`) reaches the
 * same /data/** route and meets the same checks (docs/api/conventions.md#gateway-checks).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registeredRoutes } from "../../src/http/openapi.js";
import { FS } from "../support/aep-calls.js";
import { type RawResponse, rawRequest, requestText } from "../support/raw-http.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const SPECS = `${FS}/connectionSpecs`;

/** The spellings of a /data/** target that the router reads as the same route. */
const SPELLINGS: Array<[string, (path: string) => string]> = [
  ["an encoded first letter", (path) => path.replace(/^\/data\//, "/%64ata/")],
  ["an encoded later letter", (path) => path.replace(/^\/data\//, "/d%61ta/")],
  ["an absolute-form target", (path) => `http://localhost${path}`],
];

function expectGatewayRefusal(response: RawResponse, what: string): void {
  expect([401, 403], `${what} → ${response.status} ${response.text.slice(0, 300)}`).toContain(response.status);
  if (what.startsWith("HEAD ")) return;
  expect(response.json, what).toMatchObject({ status: response.status, error_code: expect.stringMatching(/^40[13]/), report: { "request-id": expect.any(String) } });
  expect(response.json.type).toMatch(/^https:\/\/ns\.adobe\.com\/aep\/errors\/GW-40[13]\d+-40[13]$/);
}

describe("the gateway checks the route a request reaches", () => {
  let system: TestSystem;
  let good: Record<string, string>;
  beforeAll(async () => {
    system = await startTestSystem();
    good = await system.headers();
  });
  afterAll(() => system.close());

  it.each(SPELLINGS)("refuses %s without a token", async (_name, spell) => {
    const response = await rawRequest(system.url, requestText("GET", spell(SPECS)));
    expectGatewayRefusal(response, spell(SPECS));
  });

  it.each(SPELLINGS)("answers %s with a token as the plain path", async (_name, spell) => {
    const response = await rawRequest(system.url, requestText("GET", spell(SPECS), good));
    expect(response.status).toBe(200);
    expect(response.json.items.length).toBeGreaterThan(0);
  });

  it("refuses every /data/** route reached through an encoded letter without a token", async () => {
    const routes = registeredRoutes(system.service.app).filter((route) => route.url.startsWith("/data/"));
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) {
      const path = route.url.replace(/:\w+/g, "00000000-0000-4000-8000-000000000000").replace(/\*$/, "x");
      for (const [, spell] of SPELLINGS) {
        const body = ["POST", "PUT", "PATCH"].includes(route.method) ? "{}" : "";
        const headers: Record<string, string> = body ? { "content-type": "application/json" } : {};
        const response = await rawRequest(system.url, requestText(route.method, spell(path), headers, body));
        expectGatewayRefusal(response, `${route.method} ${spell(path)}`);
      }
    }
  });
});
