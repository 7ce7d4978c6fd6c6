/**
 * Sandbox management, the part clients read: aepp's oauthV1 flow asks for a sandbox's id.
 * Sandboxes come from configuration (SANDBOXES); `prod` always exists.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { Errors } from "../../errors/catalogue.js";
import "../request-scope.js";

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
  app.get("/data/foundation/sandbox-management/sandboxes", async (request) => ({
    sandboxes: sandboxes.map((name) => describe(request.scope.imsOrgId, name)),
    _page: { limit: sandboxes.length, count: sandboxes.length },
    _links: {},
  }));
  app.get<{ Params: { name: string } }>("/data/foundation/sandbox-management/sandboxes/:name", async (request) => {
    if (!sandboxes.includes(request.params.name)) throw Errors.sandboxNotFound(request.params.name);
    return describe(request.scope.imsOrgId, request.params.name);
  });
}

/** A stable UUID-shaped id per (org, sandbox). */
export function sandboxId(org: string, name: string): string {
  const h = createHash("sha256").update(`${org}/${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
