/**
 * Sandbox management, the part clients read: aepp's oauthV1 flow asks for a sandbox's id.
 * Sandboxes come from configuration (SANDBOXES); `prod` always exists.
 */
import type { FastifyInstance } from "fastify";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { callerOf } from "../aep-conventions/caller.js";
import { sandboxId } from "../aep-conventions/sandbox-id.js";
import { onlyQueryParams, queryWholeNumber } from "../aep-conventions/request-body.js";
import { SANDBOX_ROUTE_SCHEMAS } from "./route-schemas.js";

const SANDBOXES_PATH = "/data/foundation/sandbox-management/sandboxes";

export function registerSandboxRoutes(app: FastifyInstance, sandboxes: readonly string[]): void {
  const describe = (org: string, name: string) => ({
    id: sandboxId(org, name),
    name,
    title: name === "prod" ? "Production" : name,
    state: "active",
    type: name === "prod" ? "production" : "development",
    region: "local",
    isDefault: name === "prod",
  });
  app.get(SANDBOXES_PATH, { schema: SANDBOX_ROUTE_SCHEMAS.list }, async (request) => {
    const query = request.query as Record<string, unknown>;
    onlyQueryParams(query, ["limit", "offset"]);
    // AEP's paging of this list: limit (how many) and offset (how many to skip)
    const limit = queryWholeNumber(query, "limit", 1) ?? sandboxes.length;
    const offset = queryWholeNumber(query, "offset", 0) ?? 0;
    const page = sandboxes.slice(offset, offset + limit);
    const more = offset + limit < sandboxes.length;
    return {
      sandboxes: page.map((name) => describe(callerOf(request).imsOrgId, name)),
      _page: { limit, count: page.length },
      _links: more ? { next: { href: `${SANDBOXES_PATH}?limit=${limit}&offset=${offset + limit}` } } : {},
    };
  });
  app.get<{ Params: { name: string } }>(`${SANDBOXES_PATH}/:name`, { schema: SANDBOX_ROUTE_SCHEMAS.get }, async (request) => {
    onlyQueryParams(request.query as Record<string, unknown>, []);
    if (!sandboxes.includes(request.params.name)) throw Errors.sandboxNotFound(request.params.name, sandboxes);
    return describe(callerOf(request).imsOrgId, request.params.name);
  });
}
