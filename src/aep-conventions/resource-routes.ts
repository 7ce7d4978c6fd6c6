/**
 * The five operations every Flow Service resource has
 * (docs/api/conventions.md#resource-operations):
 *   POST   /{resource}        → 201 {id, etag} (Location header)
 *   GET    /{resource}        → {items, _links} | {count}
 *   GET    /{resource}/{id}   → {items: [item]}
 *   PATCH  /{resource}/{id}   → 200 {id, etag}; If-Match as a header or (Postman) a query parameter
 *   DELETE /{resource}/{id}   → 204
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Errors } from "./errors/catalogue.js";
import { type Json, onlyQueryParams, queryString } from "./request-body.js";
import { type ListQuery, parseListQuery } from "./listing/list-query.js";
import { flowServiceListBytes, type ListResult } from "./listing/page.js";
import { sendJsonBytes } from "./listing/json-bytes.js";
import { type Caller, callerOf, type IdParams } from "./caller.js";
import { FLOW_SERVICE } from "./paths.js";
import type { ResourceRouteSchemas } from "./resource-route-schemas.js";

/** What a resource's service offers these routes (connections and the like, and dataflows). */
export interface ResourceOperations {
  create(caller: Caller, body: unknown): Promise<{ id: string; etag: string }>;
  list(caller: Caller, query: ListQuery): Promise<ListResult<{ id: string }>>;
  get(caller: Caller, id: string): Promise<unknown>;
  patch(caller: Caller, id: string, ifMatch: string | undefined, body: unknown): Promise<unknown>;
  delete(caller: Caller, id: string): Promise<void>;
}

export function registerResourceRoutes(app: FastifyInstance, resource: string, service: ResourceOperations, schemas: ResourceRouteSchemas): void {
  const base = `${FLOW_SERVICE}/${resource}`;
  app.post(base, { schema: schemas.create }, async (request, reply) => {
    onlyQueryParams(request.query as Record<string, unknown>, []);
    const created = await service.create(callerOf(request), request.body);
    return reply.status(201).header("location", `${base}/${created.id}`).send(created);
  });
  app.get(base, { schema: schemas.list }, async (request, reply) =>
    sendJsonBytes(reply, flowServiceListBytes(await service.list(callerOf(request), parseListQuery(request.query as Record<string, unknown>, { orderFields: schemas.orderFields, filterFields: schemas.orderFields, fieldForms: schemas.fieldForms })), `/${resource}`)),
  );
  app.get<IdParams>(`${base}/:id`, { schema: schemas.get }, async (request) => {
    // as the list does (FLOW-1451): a parameter that changes nothing is refused, not ignored
    onlyQueryParams(request.query as Record<string, unknown>, []);
    return { items: [await service.get(callerOf(request), request.params.id)] };
  });
  app.patch<IdParams>(`${base}/:id`, { schema: schemas.patch }, async (request) => {
    onlyQueryParams(request.query as Record<string, unknown>, ["if-match", "If-Match"]);
    return service.patch(callerOf(request), request.params.id, ifMatchOf(request), request.body);
  });
  app.delete<IdParams>(`${base}/:id`, { schema: schemas.delete }, async (request, reply) => {
    onlyQueryParams(request.query as Record<string, unknown>, []);
    await service.delete(callerOf(request), request.params.id);
    return reply.status(204).send();
  });
}

/** The If-Match header, else the `if-match` query parameter the Postman collection sends. */
export function ifMatchOf(request: FastifyRequest): string | undefined {
  const header = request.headers["if-match"];
  const query = request.query as Record<string, unknown>;
  const value = header ?? query["if-match"] ?? query["If-Match"];
  return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
}

/** The `op` of a POST …/{id}/action?op=… (flows and runs). */
export function actionOp(query: Json): string {
  const op = queryString(query, "op");
  if (op === undefined || op === "") throw Errors.mandatoryFieldMissing("op");
  return op;
}
