/**
 * The five operations every Flow Service resource has (contract §1.4, §1.5, §4.3, §4.5, §4.6):
 *   POST   /{resource}        → 201 {id, etag} (Location header)
 *   GET    /{resource}        → {items, _links} | {count}
 *   GET    /{resource}/{id}   → {items: [item]}
 *   PATCH  /{resource}/{id}   → 200 {id, etag}; If-Match as a header or (Postman) a query parameter
 *   DELETE /{resource}/{id}   → 204
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { FlowResourceService } from "../flow-resource.js";
import type { DataflowService } from "../../dataflows/dataflow-service.js";
import { onlyQueryParams } from "../../aep-conventions/request-body.js";
import { parseListQuery } from "../../aep-conventions/listing/list-query.js";
import { flowServiceListBody } from "../../aep-conventions/listing/page.js";
import { callerOf, type IdParams } from "../../aep-conventions/caller.js";
import { FLOW_SERVICE } from "../../aep-conventions/paths.js";

/** What a resource's service offers these routes (connections and the like, and dataflows). */
type ResourceOperations = Pick<FlowResourceService | DataflowService, "create" | "list" | "get" | "patch" | "delete">;

export function registerResourceRoutes(app: FastifyInstance, resource: string, service: ResourceOperations): void {
  const base = `${FLOW_SERVICE}/${resource}`;
  app.post(base, async (request, reply) => {
    const created = await service.create(callerOf(request), request.body);
    return reply.status(201).header("location", `${base}/${created.id}`).send(created);
  });
  app.get(base, async (request) =>
    flowServiceListBody(await service.list(callerOf(request), parseListQuery(request.query as Record<string, unknown>)), `/${resource}`),
  );
  app.get<IdParams>(`${base}/:id`, async (request) => ({ items: [await service.get(callerOf(request), request.params.id)] }));
  app.patch<IdParams>(`${base}/:id`, async (request) => {
    onlyQueryParams(request.query as Record<string, unknown>, ["if-match", "If-Match"]);
    return service.patch(callerOf(request), request.params.id, ifMatchOf(request), request.body);
  });
  app.delete<IdParams>(`${base}/:id`, async (request, reply) => {
    await service.delete(callerOf(request), request.params.id);
    return reply.status(204).send();
  });
}

/** The If-Match header, else the `if-match` query parameter the Postman collection sends. */
function ifMatchOf(request: FastifyRequest): string | undefined {
  const header = request.headers["if-match"];
  const query = request.query as Record<string, unknown>;
  const value = header ?? query["if-match"] ?? query["If-Match"];
  return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
}
