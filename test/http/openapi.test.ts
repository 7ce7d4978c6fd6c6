/**
 * The OpenAPI document at /openapi.json and the reference at /docs, on the real app: the document
 * is valid OpenAPI 3.1, names every route the app serves, its request examples pass its own
 * schemas, and real answers (a connection, credentials, a token, errors) fit the documented ones.
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registeredRoutes } from "../../src/http/openapi.js";
import { call, createConnection, FS } from "../support/aep-calls.js";
import { startTestSystem, TEST_CLIENT, type TestSystem } from "../support/system.js";

// ajv-formats is CommonJS: its default export arrives wrapped under ESM
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Json = Record<string, any>;

const DOC_ID = "https://databricks-source.local/openapi.json";
const DOCUMENTATION_ROUTES = /^\/(openapi\.json|docs)(\/|$)/;
const CREDENTIALS = "/data/foundation/connectors/landingzone/credentials";

/** /data/…/connections/:id → /data/…/connections/{id}, as OpenAPI writes paths */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, "{$1}");
const pointer = (...tokens: string[]) => tokens.map((t) => encodeURIComponent(t.replace(/~/g, "~0").replace(/\//g, "~1"))).join("/");

describe("the OpenAPI document and the API reference", () => {
  let system: TestSystem;
  let doc: Json;
  let ajv: Ajv2020;

  /** The schema at a place of the document, its $refs resolved against the document's components. */
  const schemaAt = (...tokens: string[]): ValidateFunction => ajv.compile({ $ref: `${DOC_ID}#/${pointer(...tokens)}` });
  const responseSchema = (path: string, method: string, status: string, media = "application/json") =>
    schemaAt("paths", path, method, "responses", status, "content", media, "schema");
  const expectValid = (validate: ValidateFunction, value: unknown) => {
    const valid = validate(value);
    expect(valid ? [] : validate.errors, JSON.stringify(value).slice(0, 500)).toEqual([]);
  };

  beforeAll(async () => {
    system = await startTestSystem({ workspace: true });
    const response = await fetch(`${system.url}/openapi.json`);
    expect(response.status).toBe(200);
    doc = (await response.json()) as Json;
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc, DOC_ID);
  });
  afterAll(() => system.close());

  it("serves a valid OpenAPI 3.1 document without any token", async () => {
    const response = await fetch(`${system.url}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("documents every route the app serves, by path and method, with a summary, a tag, an operation id and its answers", () => {
    const routes = registeredRoutes(system.service.app).filter((r) => r.method !== "HEAD" && !DOCUMENTATION_ROUTES.test(r.url));
    expect(routes.length).toBeGreaterThan(50);
    const tags = new Set((doc.tags as Array<{ name: string }>).map((t) => t.name));
    const problems: string[] = [];
    for (const route of routes) {
      const name = `${route.method} ${route.url}`;
      if (!route.schema?.response) problems.push(`${name}: registered without a schema`);
      const operation = doc.paths[openApiPath(route.url)]?.[route.method.toLowerCase()] as Json | undefined;
      if (!operation) {
        problems.push(`${name}: not in the document`);
        continue;
      }
      if (!operation.summary) problems.push(`${name}: no summary`);
      if (!operation.operationId) problems.push(`${name}: no operationId`);
      if (operation.tags?.length !== 1 || !tags.has(operation.tags[0])) problems.push(`${name}: not tagged with one family of the document`);
      const statuses = Object.keys(operation.responses);
      const success = statuses.filter((s) => /^2\d\d$/.test(s));
      if (success.length === 0) problems.push(`${name}: no success answer`);
      for (const status of success) {
        const answer = operation.responses[status];
        if (answer.description === "Default Response") problems.push(`${name}: ${status} undescribed`);
        if (status !== "204" && !answer.content) problems.push(`${name}: ${status} has no body schema`);
      }
      if (!["4XX", "5XX"].some((s) => operation.responses[s]?.content)) problems.push(`${name}: its error body is not documented`);
      if (route.url.startsWith("/data/") && !operation.security?.some((s: Json) => "bearerAuth" in s)) problems.push(`${name}: no bearer token`);
    }
    expect(problems).toEqual([]);
    const operationIds = routes.map((r) => doc.paths[openApiPath(r.url)][r.method.toLowerCase()].operationId);
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it("gives every request body an example that its own schema accepts", () => {
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [media, content] of Object.entries((operation.requestBody?.content ?? {}) as Record<string, Json>)) {
          const examples = content.example !== undefined ? [content.example] : Object.values(content.examples ?? {}).map((e: any) => e.value);
          expect(examples.length, `${method} ${path} (${media}) has no example`).toBeGreaterThan(0);
          const validate = schemaAt("paths", path, method, "requestBody", "content", media, "schema");
          for (const example of examples) {
            expectValid(validate, example);
            checked++;
          }
        }
      }
    }
    // creates of connections, source and target connections, flows, runs, schemas, datasets, mapping sets, a token; four PATCHes
    expect(checked).toBeGreaterThanOrEqual(14);
  });

  it("describes the answers a client really gets: a connection and its test, specs, sandboxes, credentials, a token and errors", async () => {
    const id = await createConnection(system);
    const connection = await call(system, "GET", `${FS}/connections/${id}`);
    expect(connection.status).toBe(200);
    expectValid(responseSchema(`${FS}/connections/{id}`, "get", "200"), connection.body);
    expectValid(responseSchema(`${FS}/connections`, "get", "200"), (await call(system, "GET", `${FS}/connections?limit=5`)).body);
    expectValid(responseSchema(`${FS}/connections`, "get", "200"), (await call(system, "GET", `${FS}/connections?count=true`)).body);

    const reads: Array<[url: string, documented: string]> = [
      ["/data/foundation/sandbox-management/sandboxes", "/data/foundation/sandbox-management/sandboxes"],
      ["/data/foundation/sandbox-management/sandboxes/dev", "/data/foundation/sandbox-management/sandboxes/{name}"],
      [`${FS}/connectionSpecs?property=name==databricks`, `${FS}/connectionSpecs`],
      [`${FS}/flowSpecs/14518937-270c-4525-bdec-c2ba7cce3860`, `${FS}/flowSpecs/{id}`],
      [`${FS}/connections/${id}/test`, `${FS}/connections/{id}/test`],
      [`${FS}/connections/${id}/explore?objectType=root`, `${FS}/connections/{id}/explore`],
      ["/data/foundation/connectors/landingzone?type=dlz_databricks_source", "/data/foundation/connectors/landingzone"],
      ["/health", "/health"],
    ];
    for (const [url, documented] of reads) {
      const reply = await call(system, "GET", url);
      expect(reply.status, url).toBe(200);
      expectValid(responseSchema(documented, "get", "200"), reply.body);
    }

    const credentials = await call(system, "GET", `${CREDENTIALS}?type=dlz_databricks_source`);
    expect(credentials.status).toBe(200);
    const credentialsSchema = responseSchema(CREDENTIALS, "get", "200");
    expectValid(credentialsSchema, credentials.body);
    // the schema says something: credentials without their SAS do not pass
    const { SASToken: _sas, ...withoutSas } = credentials.body;
    expect(credentialsSchema(withoutSas)).toBe(false);

    const missing = await call(system, "GET", `${FS}/connections/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expectValid(responseSchema(`${FS}/connections/{id}`, "get", "4XX"), missing.body);
    const noToken = await fetch(`${system.url}${FS}/connections/${id}`);
    expect(noToken.status).toBe(403);
    expectValid(responseSchema(`${FS}/connections/{id}`, "get", "4XX"), await noToken.json());

    const token = (secret: string) =>
      fetch(`${system.url}/ims/token/v3`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: TEST_CLIENT.clientId, client_secret: secret }),
      });
    const issued = await token(TEST_CLIENT.clientSecret);
    expect(issued.status).toBe(200);
    expectValid(responseSchema("/ims/token/v3", "post", "200"), await issued.json());
    const refused = await token("not-the-secret");
    expect(refused.status).toBe(401);
    expectValid(responseSchema("/ims/token/v3", "post", "4XX"), await refused.json());
  });

  it("renders the API reference at /docs from the service's own files, without a token", async () => {
    const page = await fetch(`${system.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain("<title>Databricks Source API</title>");
    expect(html).toContain('id="swagger-ui"');
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      // nothing from the internet: every script, style and icon comes from this service
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const served = await fetch(new URL(asset, `${system.url}/docs/`));
      await served.arrayBuffer(); // read to the end, so that the server can close the connection
      expect(served.status, asset).toBe(200);
    }
    const spec = await fetch(`${system.url}/docs/json`);
    expect(((await spec.json()) as Json).openapi).toBe("3.1.0");
  });
});
