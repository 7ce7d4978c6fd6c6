/**
 * Data Prep mapping sets (docs/api/dataprep.md; AEP's OpenAPI data-prep.yaml):
 *   POST /data/foundation/conversion/mappingSets        → 200 {id, version, createdDate, modifiedDate, createdBy, modifiedBy}
 *   GET  /data/foundation/conversion/mappingSets/{id}   → the mapping set
 *   GET  /data/foundation/conversion/mappingSets        → {data, _page, _links} (limit, start = offset, name, orderBy, expandSchema)
 *   PUT  /data/foundation/conversion/mappingSets/{id}   → the next version, whole; GET …/{id}?version=n reads an earlier one
 *   POST /data/foundation/conversion/mappingSets/preview → [{data, errors}]: sample rows mapped by a mapping set body
 *   POST /data/foundation/conversion/mappingSets/validate → {validationResponse: [{status, errors}]}, one per mapping
 *   DELETE /data/foundation/conversion/mappingSets/{id} → 204, refused while a flow uses it
 *   GET, POST …/mappingSets/{id}/mappings; GET, PUT, DELETE …/mappingSets/{id}/mappings/{mappingId} → one mapping at a time
 */
import type { FastifyInstance } from "fastify";
import type { MappingSets } from "./mapping-sets.js";
import { MappingSetMappings } from "./mapping-set-mappings.js";
import { mappingSetPage, parseMappingSetListQuery } from "./mapping-set-list.js";
import { callerOf, type IdParams } from "../aep-conventions/caller.js";
import { bodyTextOf, onlyQueryParams, queryFlag } from "../aep-conventions/request-body.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { MAPPING_SET_ROUTE_SCHEMAS } from "./route-schemas.js";
import { registerExpressionRoutes } from "./expression/routes.js";

const BASE = "/data/foundation/conversion/mappingSets";

export function registerMappingSetRoutes(app: FastifyInstance, mappingSets: MappingSets): void {
  registerExpressionRoutes(app);
  // a misspelt parameter (verison, expandschema, valdiate) would be ignored: the answer would not be the one asked for
  app.post<{ Querystring: { validate?: string } }>(BASE, { schema: MAPPING_SET_ROUTE_SCHEMAS.create }, async (request) => {
    onlyQueryParams(request.query as Record<string, unknown>, ["validate"]);
    return mappingSets.create(callerOf(request), request.body, { validate: validateParam(request.query.validate) });
  });
  app.post(`${BASE}/preview`, { schema: MAPPING_SET_ROUTE_SCHEMAS.preview }, async (request) => mappingSets.preview(callerOf(request), request.body, bodyTextOf(request)));
  app.post(`${BASE}/validate`, { schema: MAPPING_SET_ROUTE_SCHEMAS.validate }, async (request) => mappingSets.validate(callerOf(request), request.body));
  app.put<IdParams>(`${BASE}/:id`, { schema: MAPPING_SET_ROUTE_SCHEMAS.replace }, async (request) => mappingSets.replace(callerOf(request), request.params.id, request.body));
  app.delete<IdParams>(`${BASE}/:id`, { schema: MAPPING_SET_ROUTE_SCHEMAS.remove }, async (request, reply) => {
    await mappingSets.remove(callerOf(request), request.params.id);
    return reply.status(204).send();
  });
  registerMappingRoutes(app, new MappingSetMappings(mappingSets));
  app.get<IdParams & { Querystring: { version?: string } }>(`${BASE}/:id`, { schema: MAPPING_SET_ROUTE_SCHEMAS.get }, async (request) => {
    onlyQueryParams(request.query as Record<string, unknown>, ["version", "expandSchema"]);
    const expandSchema = queryFlag(request.query as Record<string, unknown>, "expandSchema");
    return mappingSets.get(callerOf(request), request.params.id, request.query.version, { expandSchema });
  });
  app.get(BASE, { schema: MAPPING_SET_ROUTE_SCHEMAS.list }, async (request) => {
    const caller = callerOf(request);
    const query = parseMappingSetListQuery(request.query as Record<string, unknown>);
    const page = mappingSetPage(await mappingSets.list(caller), query);
    if (query.count) return { count: page.total };
    return {
      data: query.expandSchema ? await Promise.all(page.items.map((set) => mappingSets.expanded(caller, set))) : page.items,
      _page: { count: page.items.length, limit: query.limit },
      _links: page.next ? { next: { href: `${BASE}?${page.next.toString()}` } } : {},
    };
  });
}

type MappingParams = { Params: { id: string; mappingId: string } };

function registerMappingRoutes(app: FastifyInstance, mappings: MappingSetMappings): void {
  const one = `${BASE}/:id/mappings/:mappingId`;
  app.get<IdParams>(`${BASE}/:id/mappings`, { schema: MAPPING_SET_ROUTE_SCHEMAS.listMappings }, async (request) => mappings.list(callerOf(request), request.params.id));
  app.post<IdParams>(`${BASE}/:id/mappings`, { schema: MAPPING_SET_ROUTE_SCHEMAS.addMapping }, async (request) => mappings.add(callerOf(request), request.params.id, request.body));
  app.get<MappingParams>(one, { schema: MAPPING_SET_ROUTE_SCHEMAS.getMapping }, async (request) => mappings.get(callerOf(request), request.params.id, request.params.mappingId));
  app.put<MappingParams>(one, { schema: MAPPING_SET_ROUTE_SCHEMAS.replaceMapping }, async (request) =>
    mappings.replace(callerOf(request), request.params.id, request.params.mappingId, request.body),
  );
  app.delete<MappingParams>(one, { schema: MAPPING_SET_ROUTE_SCHEMAS.removeMapping }, async (request, reply) => {
    await mappings.remove(callerOf(request), request.params.id, request.params.mappingId);
    return reply.status(204).send();
  });
}

/** `?validate=`: true or false (either case); anything else would turn a dry run into a creation, so it is refused. */
function validateParam(value: unknown): boolean {
  if (value === undefined) return false;
  const text = String(value).toLowerCase();
  if (text === "true" || text === "false") return text === "true";
  throw Errors.mappingSetInvalid(`the query parameter validate must be true or false, not ${JSON.stringify(String(value))}; nothing was saved`);
}
