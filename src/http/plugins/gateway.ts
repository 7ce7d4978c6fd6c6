/**
 * The checks Adobe's gateway makes before a Platform API sees a request
 * (docs/api/conventions.md#gateway-checks), in the gateway's order: token, API key, org, sandbox,
 * then Content-Type on bodies.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { TokenIssuer } from "../../ims/tokens.js";
import { Errors } from "../../aep-conventions/errors/catalogue.js";
import { type Caller, newCaller } from "../../aep-conventions/caller.js";

export interface GatewayOptions {
  tokens: TokenIssuer;
  sandboxes: readonly string[];
}

const GATED_PREFIX = "/data/";
const BEARER = /^bearer\s+(\S+)\s*$/i;
/** Told when the Authorization header is not `Bearer <token>`; the header's value is never repeated. */
const BEARER_HINT = "the Authorization header must be `Bearer <token>` (the word Bearer, a space, then the access token), and this one is not";
/** Told when the signature does not hold: a token of another IMS, of a key no longer used, or cut short. */
const NOT_ISSUED_HINT = "it is not a token this service's IMS issued, or not all of one: get one with POST /ims/token/v3";
const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH"]);
export const JSON_CONTENT_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

export function registerGateway(app: FastifyInstance, options: GatewayOptions): void {
  app.decorateRequest("caller", undefined);
  // a callback hook, not an async one: no promise per request on the hot path (a throw still reaches the error handler)
  app.addHook("onRequest", (request, _reply, done) => {
    if (behindGateway(request)) {
      request.caller = authenticate(request, options);
      if (hasBody(request) && !JSON_CONTENT_TYPE.test(request.headers["content-type"] ?? "")) {
        throw Errors.contentTypeInvalid(request.headers["content-type"]);
      }
    }
    done();
  });
}

/**
 * Decided on the route the router matched, not on the target as sent: `/%64ata/…` and
 * `http://host/data/…` reach /data/** routes too. A target no route matches is checked when it reads
 * /data/… as sent, so an unknown /data/ path still needs a token before it learns it is unknown.
 */
function behindGateway(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return route?.startsWith(GATED_PREFIX) === true || request.url.startsWith(GATED_PREFIX);
}

function authenticate(request: FastifyRequest, { tokens, sandboxes }: GatewayOptions): Caller {
  const authorization = request.headers.authorization;
  if (!authorization) throw Errors.tokenMissing();
  const bearer = BEARER.exec(authorization);
  if (!bearer) throw Errors.tokenInvalid(BEARER_HINT);
  const claims = tokens.verify(bearer[1]);
  if (!claims) throw Errors.tokenInvalid(refusalHint(tokens, bearer[1]));

  const apiKey = header(request, "x-api-key");
  if (!apiKey) throw Errors.apiKeyMissing();
  if (apiKey !== claims.client_id) throw Errors.apiKeyInvalid();

  const org = header(request, "x-gw-ims-org-id");
  if (!org) throw Errors.orgHeaderMissing();
  if (org !== claims.org) throw Errors.orgNotEntitled();

  const sandboxName = header(request, "x-sandbox-name");
  if (!sandboxName) throw Errors.sandboxHeaderMissing();
  if (!sandboxes.includes(sandboxName)) throw Errors.sandboxNotFound(sandboxName, sandboxes);

  return newCaller(claims.client_id, org, sandboxName);
}

function refusalHint(tokens: TokenIssuer, token: string): string {
  const expiredAt = tokens.expiredAt(token);
  if (expiredAt === undefined) return NOT_ISSUED_HINT;
  return `it expired at ${new Date(expiredAt * 1000).toISOString()}: get a new one with POST /ims/token/v3`;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined ? undefined : utf8Of(text).trim() || undefined;
}

/**
 * Node reads a header's bytes as latin1: a value whose bytes are UTF-8 (a sandbox name `prödß`) is
 * read as UTF-8, so that an answer repeats it as it was sent rather than as `prÃ¶dÃ`.
 */
function utf8Of(text: string): string {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(text, "latin1"));
  } catch {
    return text;
  }
}

function hasBody(request: FastifyRequest): boolean {
  if (!METHODS_WITH_BODY.has(request.method)) return false;
  const length = Number(request.headers["content-length"] ?? 0);
  return length > 0 || request.headers["transfer-encoding"] !== undefined;
}
