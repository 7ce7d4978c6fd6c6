/**
 * Schema Registry, tenant schemas (docs/api/schemaregistry.md; AEP's help/xdm/api/schemas.md):
 *   POST /data/foundation/schemaregistry/tenant/schemas        → 201 the schema
 *   GET  /data/foundation/schemaregistry/tenant/schemas        → {results, _page, _links}
 *   GET  /data/foundation/schemaregistry/tenant/schemas/{id}   → the schema ($id URL-encoded, or meta:altId)
 * Lists give summaries ($id, meta:altId, version, title) unless Accept asks for
 * application/vnd.adobe.xed+json; `start` carries the continuation token.
 */
import type { FastifyInstance } from "fastify";
import type { Schemas } from "./schemas.js";
import { parseListQuery } from "../aep-conventions/listing/list-query.js";
import { applyListQuery } from "../aep-conventions/listing/page.js";
import { callerOf, type IdParams } from "../aep-conventions/caller.js";
import { SCHEMA_ROUTE_SCHEMAS } from "./route-schemas.js";

const BASE = "/data/foundation/schemaregistry/tenant/schemas";

export function registerSchemaRoutes(app: FastifyInstance, schemas: Schemas): void {
  app.post(BASE, { schema: SCHEMA_ROUTE_SCHEMAS.create }, async (request, reply) => reply.status(201).send(await schemas.create(callerOf(request), request.body)));
  app.get<IdParams>(`${BASE}/:id`, { schema: SCHEMA_ROUTE_SCHEMAS.get }, async (request) => schemas.get(callerOf(request), request.params.id));
  app.get(BASE, { schema: SCHEMA_ROUTE_SCHEMAS.list }, async (request) => {
    const query = parseListQuery(request.query as Record<string, unknown>, {
      defaultOrder: "+title",
      defaultLimit: 300,
      maxLimit: 300,
      names: { continuationToken: "start" },
    });
    const result = applyListQuery(await schemas.list(callerOf(request)), query);
    if (result.kind === "count") return { count: result.count };
    const full = /application\/vnd\.adobe\.xed\+json/i.test(request.headers.accept ?? "");
    const results = result.items.map(({ id: _id, ...schema }) =>
      full ? schema : { $id: schema.$id, "meta:altId": schema["meta:altId"], version: schema.version, title: schema.title },
    );
    return {
      results,
      _page: { orderby: query.order.source.replace(/^\+/, ""), next: result.nextToken ?? null, count: results.length },
      _links: {
        next: result.nextToken ? { href: `${BASE}?start=${result.nextToken}` } : null,
        global_schemas: { href: "/data/foundation/schemaregistry/global/schemas" },
      },
    };
  });
}
