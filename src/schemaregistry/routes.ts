/**
 * The Schema Registry's routes (docs/api/schemaregistry.md), under /data/foundation/schemaregistry:
 *   GET /global/{classes|fieldgroups|mixins|datatypes|schemas|behaviors}[/{id}]   the standard resources
 *   POST, GET /tenant/{classes|fieldgroups|mixins|datatypes|schemas}              create, list
 *   GET, PUT, PATCH, DELETE /tenant/{…}/{id}                                     one resource
 *   GET /tenant/unions[/{id}]                                                    unions (also /tenant/schemas/{union id})
 *   POST, GET /tenant/descriptors; GET, PUT, DELETE /tenant/descriptors/{id}     descriptors
 *   GET /stats                                                                   the org's tenant id and counts
 *   GET /rpc/export/{id}, POST /rpc/import (also POST /rpc/export, aepp's path), GET /rpc/sampledata/{id}
 *                                                                                move resources between sandboxes; a sample row
 * An `{id}` is the URL-encoded `$id` or the `meta:altId`. Reads answer the Accept variant asked for
 * (accept.ts, render.ts); a trailing slash changes nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Caller, callerOf, type IdParams } from "../aep-conventions/caller.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { parsePatch } from "../aep-conventions/json-patch.js";
import { ifMatchOf } from "../aep-conventions/resource-routes.js";
import { bodyTextOf, onlyQueryParams } from "../aep-conventions/request-body.js";
import { inexactInteger } from "../databricks/lossless-json.js";
import { DESCRIPTOR_LIST, DESCRIPTOR_LOOKUP, parseAccept, RESOURCE_LIST, RESOURCE_LOOKUP, type AcceptFormat } from "./accept.js";
import { canonicalId, XDM_KINDS, type XdmResourceType } from "./ids.js";
import { DESCRIPTOR_DEFAULT_ORDER, DESCRIPTOR_ORDER_FIELDS, registryList } from "./listing.js";
import { render, type RenderSources, summary } from "./render.js";
import { DESCRIPTOR_ROUTE_SCHEMAS, globalRouteSchemas, RPC_ROUTE_SCHEMAS, STATS_ROUTE_SCHEMA, tenantRouteSchemas, UNION_ROUTE_SCHEMAS } from "./route-schemas.js";
import { sampleDocument } from "./sample-data.js";
import type { XdmProperty } from "./xdm-fields.js";
import type { Schemas } from "./schemas.js";
import type { GlobalResourceType } from "./standard/container.js";
import { Unions } from "./unions.js";

type Json = Record<string, unknown>;

export const REGISTRY = "/data/foundation/schemaregistry";

/** Each URL segment of a resource family and the resource type it serves. */
export const TENANT_SEGMENTS: ReadonlyArray<[segment: string, type: XdmResourceType]> = [
  ["schemas", "schemas"],
  ["classes", "classes"],
  ["fieldgroups", "mixins"],
  ["mixins", "mixins"],
  ["datatypes", "datatypes"],
];
export const GLOBAL_SEGMENTS: ReadonlyArray<[segment: string, type: GlobalResourceType]> = [
  ["classes", "classes"],
  ["fieldgroups", "mixins"],
  ["mixins", "mixins"],
  ["datatypes", "datatypes"],
  ["schemas", "schemas"],
  ["behaviors", "behaviors"],
];

const accept = (request: FastifyRequest, allowed: Parameters<typeof parseAccept>[1]) => parseAccept(request.headers.accept, allowed);
const query = (request: FastifyRequest) => (request.query ?? {}) as Json;
/** A single resource's GET (and an rpc GET) takes no query parameter (the variant is the Accept header): one sent is refused naming it (FLOW-1451), as Flow Service's single GETs do, not ignored. */
const noQueryParams = (request: FastifyRequest) => onlyQueryParams(query(request), []);

export function registerSchemaRoutes(app: FastifyInstance, schemas: Schemas): void {
  for (const [segment, type] of GLOBAL_SEGMENTS) registerGlobal(app, schemas, segment, type);
  registerUnions(app, schemas);
  for (const [segment, type] of TENANT_SEGMENTS) registerTenant(app, schemas, segment, type);
  registerDescriptors(app, schemas);
  app.get(`${REGISTRY}/stats`, { schema: STATS_ROUTE_SCHEMA }, async (request) => schemas.stats(callerOf(request)));
  registerRpc(app, schemas);
}

function registerRpc(app: FastifyInstance, schemas: Schemas): void {
  // AEP documents no query parameter on either rpc GET, and aepp's exportResource and getSchemaSample send none
  app.get<IdParams>(`${REGISTRY}/rpc/export/:id`, { schema: RPC_ROUTE_SCHEMAS.export }, async (request) => {
    noQueryParams(request);
    return schemas.transfer.exportPayload(callerOf(request), request.params.id);
  });
  // nor on the imports: aepp's importResource posts the payload to /rpc/export/, without a query
  const importing = async (request: FastifyRequest, reply: FastifyReply) => {
    noQueryParams(request);
    return reply.status(201).send(await schemas.transfer.importPayload(callerOf(request), request.body));
  };
  app.post(`${REGISTRY}/rpc/import`, { schema: RPC_ROUTE_SCHEMAS.import }, importing);
  app.post(`${REGISTRY}/rpc/export`, { schema: RPC_ROUTE_SCHEMAS.importAtExportPath }, importing);
  app.get<IdParams>(`${REGISTRY}/rpc/sampledata/:id`, { schema: RPC_ROUTE_SCHEMAS.sampleData }, async (request) => {
    noQueryParams(request);
    const resolved = await schemas.resolveSchema(callerOf(request), request.params.id);
    return sampleDocument((resolved.properties ?? {}) as Record<string, XdmProperty>);
  });
}

function registerGlobal(app: FastifyInstance, schemas: Schemas, segment: string, type: GlobalResourceType): void {
  const path = `${REGISTRY}/global/${segment}`;
  const routeSchemas = globalRouteSchemas(segment);
  const sources = (request: FastifyRequest, document: Json): RenderSources => ({
    resolve: (deprecated) => schemas.resources.resolverFor(callerOf(request), { deprecated }).resolve(document),
    descriptors: async () => [],
  });
  app.get(path, { schema: routeSchemas.list }, async (request) => {
    const format = accept(request, RESOURCE_LIST);
    return registryList(schemas.global.list(type), query(request), { path, key: idOf, show: (d) => show(d, format, sources(request, d)) });
  });
  app.get<IdParams>(`${path}/:id`, { schema: routeSchemas.get }, async (request) => {
    noQueryParams(request);
    const format = accept(request, RESOURCE_LOOKUP);
    const document = schemas.global.find(type, request.params.id);
    if (!document) throw globalNotFound(type, request.params.id);
    return render(document, format, sources(request, document));
  });
}

/** A resource's body keeps its numbers as numbers: one written beyond what a number holds exactly is refused, not rounded. */
function exactNumbers(request: FastifyRequest, label: string): void {
  const inexact = inexactInteger(bodyTextOf(request) ?? "");
  if (inexact !== undefined) {
    throw Errors.xdmResourceInvalid(label, `the number ${inexact} is beyond 2^53, past which the registry cannot keep an integer exactly (it would keep ${BigInt(Number(inexact))}); give one within ±9007199254740992`);
  }
}

function registerTenant(app: FastifyInstance, schemas: Schemas, segment: string, type: XdmResourceType): void {
  const path = `${REGISTRY}/tenant/${segment}`;
  const routeSchemas = tenantRouteSchemas(segment);
  const { resources } = schemas;
  const { label } = XDM_KINDS[type];
  app.post(path, { schema: routeSchemas.create }, async (request, reply) => {
    exactNumbers(request, label);
    return reply.status(201).send(await resources.create(callerOf(request), type, request.body));
  });
  app.get(path, { schema: routeSchemas.list }, async (request) => {
    const format = accept(request, RESOURCE_LIST);
    const caller = callerOf(request);
    const documents = await resources.list(caller, type);
    const sources = (document: Json): RenderSources => ({ resolve: (deprecated) => resources.resolverFor(caller, { deprecated }).resolve(document), descriptors: async () => [] });
    const showOne = (document: Json) => show(document, format, sources(document));
    const global = { href: `${REGISTRY}/global/${segment}${sameFilters(request.url)}` };
    return registryList(documents, query(request), { path, key: idOf, show: showOne, links: { [`global_${segment}`]: global } });
  });
  app.get<IdParams>(`${path}/:id`, { schema: routeSchemas.get }, async (request) => {
    noQueryParams(request);
    const format = accept(request, RESOURCE_LOOKUP);
    const caller = callerOf(request);
    const unionClass = type === "schemas" ? Unions.classOf(canonicalId(request.params.id)) : undefined;
    if (unionClass) return renderUnion(schemas, request, unionClass, format);
    const record = await resources.get(caller, type, canonicalId(request.params.id));
    const rendered = await render(record.document, format, {
      resolve: async (deprecated) => {
        const resolved = await resources.resolverFor(caller, { deprecated }).resolve(record.document);
        return deprecated ? schemas.descriptors.markDeprecated(caller, record.id, resolved) : resolved;
      },
      descriptors: () => schemas.descriptors.of(caller, record.id),
    });
    // the -desc variants show the descriptors, and so also which of them name a field the resource no longer has
    const status = format.modifiers.has("desc") ? { "meta:descriptorStatus": await schemas.descriptors.status(caller, record) } : {};
    // as AEP's lookup of a schema shows it: the caller may read every field (no field-level access control here)
    return type === "schemas" ? { ...rendered, ...status, "meta:allFieldAccess": true } : { ...rendered, ...status };
  });
  // AEP answers a schema's change with the state of its descriptors (descriptor-status.ts)
  const changed = async (caller: Caller, document: Json) => {
    if (type !== "schemas") return document;
    const { id } = await resources.get(caller, type, String(document.$id));
    return { ...document, "meta:descriptorStatus": await schemas.descriptors.status(caller, { id, document }) };
  };
  app.put<IdParams>(`${path}/:id`, { schema: routeSchemas.replace }, async (request) => {
    exactNumbers(request, label);
    const caller = callerOf(request);
    return changed(caller, await resources.replace(caller, type, canonicalId(request.params.id), request.body, ifMatchOf(request)));
  });
  app.patch<IdParams>(`${path}/:id`, { schema: routeSchemas.patch }, async (request) => {
    exactNumbers(request, label);
    const caller = callerOf(request);
    return changed(caller, await resources.patch(caller, type, canonicalId(request.params.id), parsePatch(request.body), ifMatchOf(request)));
  });
  app.delete<IdParams>(`${path}/:id`, { schema: routeSchemas.delete }, async (request, reply) => {
    await resources.delete(callerOf(request), type, canonicalId(request.params.id));
    return reply.status(204).send();
  });
}

function registerUnions(app: FastifyInstance, schemas: Schemas): void {
  const path = `${REGISTRY}/tenant/unions`;
  app.get(path, { schema: UNION_ROUTE_SCHEMAS.list }, async (request) => {
    accept(request, RESOURCE_LIST);
    return registryList(await schemas.unions.list(callerOf(request)), query(request), { path, key: idOf, show: (d) => d });
  });
  app.get<IdParams>(`${path}/:id`, { schema: UNION_ROUTE_SCHEMAS.get }, async (request) => {
    noQueryParams(request);
    const format = accept(request, RESOURCE_LOOKUP);
    const unionClass = Unions.classOf(canonicalId(request.params.id));
    if (!unionClass) throw Errors.xdmNotFound("union", request.params.id);
    return renderUnion(schemas, request, unionClass, format);
  });
}

async function renderUnion(schemas: Schemas, request: FastifyRequest<IdParams>, classId: string, format: AcceptFormat): Promise<Json> {
  const caller = callerOf(request);
  const union = await schemas.unions.document(caller, classId);
  if (!union) throw Errors.xdmNotFound("union", request.params.id);
  return render(union, format, { resolve: (deprecated) => schemas.unions.resolved(caller, classId, { deprecated }), descriptors: async () => [] });
}

function registerDescriptors(app: FastifyInstance, schemas: Schemas): void {
  const path = `${REGISTRY}/tenant/descriptors`;
  const { descriptors } = schemas;
  app.post(path, { schema: DESCRIPTOR_ROUTE_SCHEMAS.create }, async (request, reply) => reply.status(201).send(await descriptors.create(callerOf(request), request.body)));
  app.get(path, { schema: DESCRIPTOR_ROUTE_SCHEMAS.list }, async (request) => {
    const format = accept(request, DESCRIPTOR_LIST);
    const all = await descriptors.list(callerOf(request));
    const listed = { path, key: (d: Json) => String(d["@id"]), show: (d: Json) => d, orderable: DESCRIPTOR_ORDER_FIELDS, defaultOrder: DESCRIPTOR_DEFAULT_ORDER };
    const shape = (d: Json) => (format.modifiers.has("id") ? d["@id"] : format.modifiers.has("link") ? `/tenant/descriptors/${d["@id"]}` : d);
    if (format.modifiers.has("v2")) {
      const page = await registryList(all, query(request), listed);
      return Array.isArray(page.results) ? { ...page, results: (page.results as Json[]).map(shape) } : page;
    }
    const page = await registryList(all, { ...query(request), limit: undefined, start: undefined }, listed);
    if (!Array.isArray(page.results)) return page;
    const byType: Record<string, unknown[]> = {};
    for (const descriptor of page.results as Json[]) (byType[String(descriptor["@type"])] ??= []).push(shape(descriptor));
    return byType;
  });
  app.get<IdParams>(`${path}/:id`, { schema: DESCRIPTOR_ROUTE_SCHEMAS.get }, async (request) => {
    noQueryParams(request);
    accept(request, DESCRIPTOR_LOOKUP);
    return descriptors.get(callerOf(request), request.params.id);
  });
  app.put<IdParams>(`${path}/:id`, { schema: DESCRIPTOR_ROUTE_SCHEMAS.replace }, async (request, reply) => {
    const replaced = await descriptors.replace(callerOf(request), request.params.id, request.body);
    return reply.status(201).send({ "@id": replaced["@id"] });
  });
  app.delete<IdParams>(`${path}/:id`, { schema: DESCRIPTOR_ROUTE_SCHEMAS.delete }, async (request, reply) => {
    await descriptors.delete(callerOf(request), request.params.id);
    return reply.status(204).send();
  });
}

async function show(document: Json, format: AcceptFormat, sources: RenderSources): Promise<Json> {
  return format.modifiers.has("id") ? summary(document) : render(document, format, sources);
}

const idOf = (document: Json) => String(document.$id);

function globalNotFound(type: GlobalResourceType, id: string) {
  switch (type) {
    case "schemas":
      return Errors.schemaNotFound(id);
    case "classes":
      return Errors.xdmNotFound("class", id);
    case "mixins":
      return Errors.xdmNotFound("field group", id);
    case "datatypes":
      return Errors.xdmNotFound("data type", id);
    case "behaviors":
      return Errors.xdmNotFound("behavior", id);
  }
}

/** The list request's query as AEP repeats it on `_links.global_schemas`: its filters and order, not its page. */
function sameFilters(url: string): string {
  const at = url.indexOf("?");
  const kept = at < 0 ? [] : url.slice(at + 1).split("&").filter((param) => param !== "" && !/^start(=|$)/.test(param));
  return kept.length === 0 ? "" : `?${kept.join("&")}`;
}
