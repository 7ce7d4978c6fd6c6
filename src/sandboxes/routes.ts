/**
 * Sandbox management, the part clients read: aepp's oauthV1 flow asks for a sandbox's id.
 * Sandboxes come from configuration (SANDBOXES); `prod` always exists.
 */
import type { FastifyInstance } from "fastify";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { callerOf } from "../aep-conventions/caller.js";
import { sandboxId } from "../aep-conventions/sandbox-id.js";
import { SANDBOX_ROUTE_SCHEMAS } from "./route-schemas.js";

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
  app.get("/data/foundation/sandbox-management/sandboxes", { schema: SANDBOX_ROUTE_SCHEMAS.list }, async (request) => ({
    sandboxes: sandboxes.map((name) => describe(callerOf(request).imsOrgId, name)),
    _page: { limit: sandboxes.length, count: sandboxes.length },
    _links: {},
  }));
  app.get<{ Params: { name: string } }>("/data/foundation/sandbox-management/sandboxes/:name", { schema: SANDBOX_ROUTE_SCHEMAS.get }, async (request) => {
    if (!sandboxes.includes(request.params.name)) throw Errors.sandboxNotFound(request.params.name);
    return describe(callerOf(request).imsOrgId, request.params.name);
  });
}
