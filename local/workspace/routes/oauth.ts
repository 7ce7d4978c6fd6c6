/**
 * POST /oidc/v1/token: OAuth machine-to-machine for the configured service principal. The client
 * authenticates with HTTP Basic (client id and secret, form-encoded as RFC 6749 says, or plain) or
 * with client_id and client_secret in the form body. Errors are OAuth's {"error",
 * "error_description"} (RFC 6749 §5.2), not Databricks' REST error body.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { OAuthIssuer } from "../auth/oauth-issuer.js";

export const TOKEN_PATH = "/oidc/v1/token";
const SCOPES = new Set(["all-apis", "sql", "offline_access"]);

export function oauthRoutes(app: FastifyInstance, issuer: OAuthIssuer): void {
  app.post(TOKEN_PATH, async (req, reply) => {
    const form = (req.body && typeof req.body === "object" ? req.body : {}) as Record<string, unknown>;
    const client = basicClient(req.headers.authorization) ?? formClient(form);
    if (!client || !authenticates(issuer, client)) {
      return oauthError(reply, 401, "invalid_client", "Client authentication failed");
    }
    if (form.grant_type !== "client_credentials") {
      return oauthError(reply, 400, "unsupported_grant_type", "Only grant_type=client_credentials is supported for a service principal");
    }
    const scope = typeof form.scope === "string" && form.scope.trim() !== "" ? form.scope.trim() : "all-apis";
    const unknown = scope.split(/\s+/).filter((s) => !SCOPES.has(s));
    if (unknown.length > 0) return oauthError(reply, 400, "invalid_scope", `Unknown scope: ${unknown.join(" ")}`);
    return reply.header("cache-control", "no-store").send(issuer.issue(scope));
  });
}

interface Client {
  id: string;
  secret: string;
}

function basicClient(header: string | undefined): Client | undefined {
  const basic = header ? /^Basic\s+(.+)$/i.exec(header) : null;
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function formClient(form: Record<string, unknown>): Client | undefined {
  return typeof form.client_id === "string" && typeof form.client_secret === "string" ? { id: form.client_id, secret: form.client_secret } : undefined;
}

/** As sent, or form-decoded (RFC 6749 §2.3.1 encodes both before Basic; many clients do not). */
function authenticates(issuer: OAuthIssuer, client: Client): boolean {
  if (issuer.authenticates(client.id, client.secret)) return true;
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text.replace(/\+/g, " "));
    } catch {
      return undefined;
    }
  };
  const id = decode(client.id);
  const secret = decode(client.secret);
  return id !== undefined && secret !== undefined && issuer.authenticates(id, secret);
}

function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply.code(status).header("cache-control", "no-store").send({ error, error_description: description });
}
