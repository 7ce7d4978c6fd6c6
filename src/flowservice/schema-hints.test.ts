import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { WorkspaceHttp } from "../databricks/http.js";
import { locateSchema, schemaElsewhereHint } from "./schema-hints.js";

/** A workspace's Unity Catalog listings on loopback: main (schema sales) and hive_metastore (schema demo). */
const SCHEMAS: Record<string, string[]> = { main: ["sales"], hive_metastore: ["demo"] };
let server: Server;
let http: WorkspaceHttp;
/** the catalogs whose schemas were listed, in the order asked */
let schemaListings: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://workspace");
    response.setHeader("content-type", "application/json");
    if (url.pathname.endsWith("/catalogs")) return response.end(JSON.stringify({ catalogs: Object.keys(SCHEMAS).map((name) => ({ name })) }));
    const catalog = url.searchParams.get("catalog_name") ?? "";
    schemaListings.push(catalog);
    response.end(JSON.stringify({ schemas: (SCHEMAS[catalog] ?? []).map((name) => ({ name, catalog_name: catalog })) }));
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  http = new WorkspaceHttp({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, accessToken: "dapi-test" });
});
afterAll(() => new Promise((done) => server.close(done)));
beforeEach(() => {
  schemaListings = [];
});

describe("locating a schema named in the wrong catalog", () => {
  it("looks in the catalog it was named in first, then in the others", async () => {
    expect(await locateSchema(http, "main", "DEMO")).toMatchObject({ catalog: "hive_metastore", schema: { name: "demo" } });
    expect(schemaListings.sort()).toEqual(["hive_metastore", "main"]);
  });

  it("does not list again a catalog whose listing the caller has read", async () => {
    const hint = await schemaElsewhereHint(http, "main", "demo", (found) => `set auth.params.catalog to ${found.catalog}`, [{ name: "sales", catalog_name: "main" }]);
    expect(hint).toBe("demo is a schema of hive_metastore, not of main: set auth.params.catalog to hive_metastore");
    expect(schemaListings).toEqual(["hive_metastore"]);
  });

  it("gives no hint for a schema that is in the catalog's listing after all, or nowhere", async () => {
    expect(await schemaElsewhereHint(http, "main", "sales", () => "never")).toBeUndefined();
    expect(await schemaElsewhereHint(http, "main", "nowhere", () => "never")).toBeUndefined();
  });
});
