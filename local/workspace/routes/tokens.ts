/**
 * Token API 2.0: personal access tokens are created, listed and revoked (auth/personal-tokens.ts).
 * As on Databricks, the caller is any authenticated client, and a created token's value is shown
 * once, in the answer of its creation.
 */
import type { FastifyInstance } from "fastify";
import type { PersonalTokens } from "../auth/personal-tokens.js";
import { apiErrors } from "../errors.js";
import { fields, optionalInteger, optionalString, requiredString } from "./params.js";

export function tokenRoutes(app: FastifyInstance, tokens: PersonalTokens): void {
  app.post("/api/2.0/token/create", async (req) => {
    const f = fields(req);
    const lifetime = optionalInteger(f, "lifetime_seconds");
    if (lifetime !== undefined && lifetime <= 0) {
      throw apiErrors.invalidParameter(`lifetime_seconds must be a positive number of seconds, or left out for a token that never expires; got ${lifetime}`);
    }
    return tokens.create(lifetime, optionalString(f, "comment") ?? "");
  });
  app.get("/api/2.0/token/list", async () => ({ token_infos: tokens.list() }));
  app.post("/api/2.0/token/delete", async (req) => {
    const id = requiredString(fields(req), "token_id");
    if (!tokens.revoke(id)) throw apiErrors.tokenNotFound(id);
    return {};
  });
}
