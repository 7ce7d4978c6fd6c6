import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { connectionBody, customerSchema, waitForCluster } from "../support/aep-calls.js";
import { aeppHeaders, PYTHON_REQUESTS } from "../support/aepp.js";
import { configureClusterSas } from "../support/journey.js";

/**
 * The Python client aepp, call for call (docs/aepp.md, docs/api/conventions.md#paging): its paths,
 * its headers (Accept and Content-Type: application/json on every call, a lower-case "bearer" from
 * ConnectObject), how it follows `_links.next.href`, how it reads single items, and its PATCH with
 * the etag of a GET.
 */
describe("aepp's call patterns", () => {
  let system: TestSystem;
  let endpoint: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    system = await startTestSystem({ workspace: true });
    await waitForCluster(system, "RUNNING");
    await configureClusterSas(system); // AEP's step before a connection: the connection test checks it
    endpoint = `${system.url}/data/foundation/flowservice`;
    headers = await aeppHeaders(system, "application/json", PYTHON_REQUESTS);
  });
  afterAll(() => system.close());

  /** requests.get(url, params=…): params appended after any query the URL has */
  const getData = async (url: string, params: Record<string, string | boolean | number> = {}) => {
    const search = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, typeof v === "boolean" ? (v ? "True" : "False") : String(v)]));
    const full = search.size ? `${url}${url.includes("?") ? "&" : "?"}${search}` : url;
    const response = await fetch(full, { headers });
    return { status: response.status, body: (await response.json()) as any };
  };
  const postData = async (url: string, data?: unknown, extra: Record<string, string> = {}) => {
    const response = await fetch(url, { method: "POST", headers: { ...headers, ...extra }, body: data === undefined ? undefined : JSON.stringify(data) });
    return { status: response.status, body: (await response.json()) as any };
  };
  const patchData = async (url: string, etagHeaders: Record<string, string>, data: unknown) => {
    const response = await fetch(url, { method: "PATCH", headers: { ...headers, ...etagHeaders }, body: JSON.stringify(data) });
    return { status: response.status, body: (await response.json()) as any };
  };
  const deleteData = async (url: string) => (await fetch(url, { method: "DELETE", headers })).status;

  it("getConnectionSpecs / getConnectionSpecIdFromName('datalake') / getConnectionSpec(id) / getFlowSpecs('name==CRMToAEP')", async () => {
    const specs = (await getData(`${endpoint}/connectionSpecs`)).body.items as Array<{ name: string; id: string }>;
    const byName = Object.fromEntries(specs.map((s) => [s.name, s.id]));
    expect(byName.datalake).toBe("c604ff05-7f1a-43c0-8e18-33bf874cb11c");
    const one = (await getData(`${endpoint}/connectionSpecs/${byName.databricks}`)).body;
    expect(one.items[0].id).toBe("e9d7ec6b-0873-4e57-ad21-b3a7c65e310b");
    const flowSpecs = (await getData(`${endpoint}/flowSpecs`, { property: "name==CRMToAEP" })).body.items;
    expect(flowSpecs).toHaveLength(1);
    expect(flowSpecs[0].sourceConnectionSpecIds).toContain(byName.databricks);
    expect(flowSpecs[0].targetConnectionSpecIds).toContain(byName.datalake);
  });

  it("createConnection / getConnection / patchConnection (If-Match from the GET) / connectionTest / getConnections / deleteConnection", async () => {
    const created = await postData(`${endpoint}/connections`, connectionBody(system));
    expect(created.status).toBe(201);
    const connection = (await getData(`${endpoint}/connections/${created.body.id}`)).body.items[0];
    const patched = await patchData(`${endpoint}/connections/${created.body.id}`, { "If-Match": connection.etag }, [
      { op: "Add", path: "/description", value: "A new description to provide further context" },
    ]);
    expect(patched.status).toBe(200);
    expect((await getData(`${endpoint}/connections/${created.body.id}/test`)).body.result).toBe(true);

    for (let i = 0; i < 4; i++) expect((await postData(`${endpoint}/connections`, connectionBody(system))).status).toBe(201);
    // getConnections(limit=2): follows endpoint + href with its params again
    const params = { limit: 2 };
    let res = (await getData(`${endpoint}/connections`, params)).body;
    const data = [...res.items];
    let href: string = res._links?.next?.href ?? "";
    while (href !== "") {
      res = (await getData(endpoint + href, params)).body;
      data.push(...res.items);
      href = res._links?.next?.href ?? "";
    }
    expect(data).toHaveLength(5);
    expect(new Set(data.map((c) => c.id)).size).toBe(5);

    expect(await deleteData(`${endpoint}/connections/${created.body.id}`)).toBe(204);
    const gone = await getData(`${endpoint}/connections/${created.body.id}`);
    // aepp's deleteData returns the JSON of a >= 400 answer; it looks for status and report
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ status: 404, report: { "detailed-message": expect.any(String) }, errorMessage: expect.any(String) });
  });

  it("getSourceConnections / getTargetConnections: `_links` is always there; the next token is href.split('=')[1]", async () => {
    const base = (await postData(`${endpoint}/connections`, connectionBody(system))).body.id;
    for (const table of ["demo.customers", "demo.orders", "customers"]) {
      const reply = await postData(`${endpoint}/sourceConnections`, {
        name: `source ${table}`,
        baseConnectionId: base,
        data: { format: "tabular" },
        params: { tableName: table },
        connectionSpec: { id: "e9d7ec6b-0873-4e57-ad21-b3a7c65e310b", version: "1.0" },
      });
      expect(reply.status).toBe(201);
    }
    const params: Record<string, string | number | boolean> = { limit: 1, count: false };
    let res = (await getData(`${endpoint}/sourceConnections`, params)).body;
    const data = [...res.items];
    let nextPage: string = res._links.next?.href ?? "";
    while (nextPage !== "") {
      params.continuationToken = nextPage.split("=")[1];
      res = (await getData(`${endpoint}/sourceConnections`, params)).body;
      data.push(...res.items);
      nextPage = res._links.next?.href ?? "";
    }
    expect(data.map((s) => s.params.tableName)).toEqual(["demo.customers", "demo.orders", "customers"]);
    const first = (await getData(`${endpoint}/sourceConnections/${data[0].id}`)).body.items[0];
    // updateSourceConnection: header "if-match" with the etag as read
    const updated = await patchData(`${endpoint}/sourceConnections/${first.id}`, { "if-match": first.etag }, [{ op: "replace", path: "/name", value: "renamed" }]);
    expect(updated.status).toBe(200);
    expect((await getData(`${endpoint}/targetConnections`)).body).toEqual({ items: [], _links: {} });
  });

  it("createTargetConnectionDataLake: the spec looked up by name, format delimited, schema version 1.0", async () => {
    const schemaResponse = await fetch(`${system.url}/data/foundation/schemaregistry/tenant/schemas`, { method: "POST", headers, body: JSON.stringify(customerSchema) });
    const schema = (await schemaResponse.json()) as { $id: string };
    const dataset = await postData(`${system.url}/data/foundation/catalog/dataSets`, { name: "customers", schemaRef: { id: schema.$id, contentType: "application/vnd.adobe.xed+json;version=1" } });
    const datasetId = dataset.body[0].split("/").pop();
    const specs = (await getData(`${endpoint}/connectionSpecs`)).body.items as Array<{ name: string; id: string }>;
    const specId = specs.find((s) => s.name === "datalake")!.id;
    const target = await postData(`${endpoint}/targetConnections`, {
      name: "aepp target",
      description: "",
      data: { format: "delimited", schema: { id: schema.$id, version: "application/vnd.adobe.xed-full+json;version=1.0" } },
      params: { dataSetId: datasetId },
      connectionSpec: { id: specId, version: "1.0" },
    });
    expect(target.status).toBe(201);
    expect(target.body).toEqual({ id: expect.any(String), etag: expect.any(String) });
  });

  it("a bodiless POST without Content-Type passes the gateway and meets the resource's own check", async () => {
    const { "Content-Type": _dropped, ...noType } = headers;
    const response = await fetch(`${endpoint}/connections`, { method: "POST", headers: noType });
    const body = (await response.json()) as { type: string };
    expect(response.status).toBe(400);
    expect(body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1405-400");
  });
});
