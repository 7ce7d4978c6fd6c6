/**
 * Bearer personal access tokens (and Basic with user "token", which Databricks also accepts).
 * The comparison is constant-time; a missing or wrong token is 401.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { apiErrors } from "../errors.js";

export function authenticate(req: FastifyRequest, token: string): void {
  const header = req.headers.authorization;
  if (!header) throw apiErrors.missingCredentials();
  let presented: string | undefined;
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer) presented = bearer[1].trim();
  const basic = /^Basic\s+(.+)$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0 && decoded.slice(0, colon) === "token") presented = decoded.slice(colon + 1);
  }
  if (presented === undefined) throw apiErrors.missingCredentials();
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw apiErrors.unauthenticated();
}
