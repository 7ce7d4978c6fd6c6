/**
 * The local IMS (docs/api/ims.md): client-credentials tokens for the one configured client.
 * v3 takes a form body (OAuth Server-to-Server, what aepp sends); v2 takes the same parameters in
 * the query string (the Postman collection's legacy form). Failed attempts are throttled per
 * client id and per address (failed-attempts.ts).
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { TokenIssuer } from "./tokens.js";
import { DEFAULT_TOKEN_THROTTLE, FailedAttempts, type ThrottleSettings } from "./failed-attempts.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { IMS_ROUTE_SCHEMAS } from "./route-schemas.js";

export interface ImsClient {
  clientId: string;
  clientSecret: string;
  orgId: string;
}

type Params = Record<string, unknown>;

export function registerImsRoutes(app: FastifyInstance, tokens: TokenIssuer, client: ImsClient, throttle: ThrottleSettings = DEFAULT_TOKEN_THROTTLE): void {
  const failures = new FailedAttempts(throttle);
  const issue = (request: FastifyRequest, params: Params) => {
    const grant = stringParam(params, "grant_type");
    if (!grant) throw Errors.imsInvalidRequest(`missing grant_type parameter${whereParamsWent(request)}`);
    if (grant !== "client_credentials") throw Errors.imsUnsupportedGrant(grant);
    const clientId = stringParam(params, "client_id");
    if (!clientId) throw Errors.imsInvalidRequest(`missing client_id parameter${whereParamsWent(request)}`);
    const secret = stringParam(params, "client_secret");
    if (!secret) throw Errors.imsInvalidRequest("missing client_secret parameter");
    const keys = [`client:${clientId}`, `address:${request.ip}`];
    const lockedMs = failures.lockedFor(keys);
    if (lockedMs !== undefined) throw Errors.imsTooManyFailedAttempts(Math.ceil(lockedMs / 1000));
    if (clientId !== client.clientId || !sameSecret(secret, client.clientSecret)) {
      failures.recordFailure(keys);
      throw Errors.imsInvalidClient();
    }
    const { token, expiresIn } = tokens.issue(clientId, client.orgId, stringParam(params, "scope") ?? "");
    return { access_token: token, token_type: "bearer", expires_in: expiresIn };
  };

  app.post("/ims/token/v3", { schema: IMS_ROUTE_SCHEMAS.v3 }, async (request, reply) => uncached(reply, () => issue(request, bodyParams(request.body))));
  app.post("/ims/token/v2", { schema: IMS_ROUTE_SCHEMAS.v2 }, async (request, reply) =>
    uncached(reply, () => issue(request, { ...bodyParams(request.body), ...(request.query as Params) })),
  );
}

/** A token answer, and the refusals beside it, are never stored by a cache (RFC 6749 §5.1). */
function uncached<T>(reply: FastifyReply, answer: () => T): T {
  void reply.header("cache-control", "no-store").header("pragma", "no-cache");
  return answer();
}

/**
 * Why parameters a request did send were not read, said after "missing … parameter": a body that
 * is not a form or JSON object (curl -H 'Content-Type: text/plain'), v3's parameters in the query
 * string, or the client in an Authorization: Basic header. Empty when none of these is the case.
 */
function whereParamsWent(request: FastifyRequest): string {
  const form = "send grant_type, client_id and client_secret in a form body (Content-Type: application/x-www-form-urlencoded) or a JSON object";
  const body = request.body;
  if ((Buffer.isBuffer(body) || typeof body === "string") && body.length > 0) {
    return `: the body was not read, its Content-Type is ${JSON.stringify(String(request.headers["content-type"] ?? "none").slice(0, 100))}; ${form}`;
  }
  const query = request.query as Params;
  if (request.url.startsWith("/ims/token/v3") && (query.grant_type !== undefined || query.client_id !== undefined)) {
    return `: POST /ims/token/v3 reads its parameters from the body, not the query string; ${form} (POST /ims/token/v2 takes them in the query string)`;
  }
  if (/^basic\s/i.test(request.headers.authorization ?? "")) return `: an Authorization: Basic header is not read; ${form}`;
  return "";
}

function bodyParams(body: unknown): Params {
  return body && typeof body === "object" && !Buffer.isBuffer(body) ? (body as Params) : {};
}

function stringParam(params: Params, name: string): string | undefined {
  const value = params[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
