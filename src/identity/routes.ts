/**
 * `/data/core/idnamespace/identities`: the Identity Service's namespaces, which identity descriptors name (docs/api/identity.md).
 * Answers are the bare namespace objects AEP's Identity Service answers, not Flow Service's `{items}`.
 */
import type { FastifyInstance } from "fastify";
import { callerOf, type IdParams } from "../aep-conventions/caller.js";
import { onlyQueryParams } from "../aep-conventions/request-body.js";
import type { IdentityNamespaces } from "./namespaces.js";
import { IDENTITY_NAMESPACES_PATH } from "./namespace.js";
import { IDENTITY_ROUTE_SCHEMAS } from "./route-schemas.js";

export function registerIdentityRoutes(app: FastifyInstance, namespaces: IdentityNamespaces): void {
  app.get(IDENTITY_NAMESPACES_PATH, { schema: IDENTITY_ROUTE_SCHEMAS.list }, async (request) => {
    onlyQueryParams(request.query as Record<string, unknown>, []);
    return namespaces.list(callerOf(request));
  });
  app.post(IDENTITY_NAMESPACES_PATH, { schema: IDENTITY_ROUTE_SCHEMAS.create }, async (request) => {
    onlyQueryParams(request.query as Record<string, unknown>, []);
    return namespaces.create(callerOf(request), request.body);
  });
  app.get<IdParams>(`${IDENTITY_NAMESPACES_PATH}/:id`, { schema: IDENTITY_ROUTE_SCHEMAS.get }, async (request) => {
    onlyQueryParams(request.query as Record<string, unknown>, []);
    return namespaces.get(callerOf(request), request.params.id);
  });
  app.put<IdParams>(`${IDENTITY_NAMESPACES_PATH}/:id`, { schema: IDENTITY_ROUTE_SCHEMAS.update }, async (request) => {
    onlyQueryParams(request.query as Record<string, unknown>, []);
    return namespaces.update(callerOf(request), request.params.id, request.body);
  });
}
