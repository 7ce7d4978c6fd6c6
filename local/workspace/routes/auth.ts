/**
 * Who may call: Bearer with a personal access token not revoked nor expired (auth/personal-tokens.ts;
 * or Basic with user "token", which Databricks also accepts), or Bearer with an OAuth token the workspace issued to its service
 * principal (routes/oauth.ts) and that has not expired. The token endpoint itself authenticates the
 * client by its id and secret; a statement's presigned result links (routes/statements.ts) check their own signature. Comparisons are constant-time; a missing, wrong or expired token is 401.
 */
import type { FastifyRequest } from "fastify";
import type { OAuthIssuer } from "../auth/oauth-issuer.js";
import type { PersonalTokens } from "../auth/personal-tokens.js";
import { apiErrors } from "../errors.js";
import { TOKEN_PATH } from "./oauth.js";
import { RESULT_LINK_PATH } from "./statements.js";
import { isSharingPath } from "./delta-sharing.js";

export function authenticate(req: FastifyRequest, tokens: PersonalTokens, issuer: OAuthIssuer): void {
  if (req.method === "POST" && req.url.split("?")[0] === TOKEN_PATH) return;
  // presigned result links carry their own signature and are fetched without credentials
  if (req.method === "GET" && req.url.startsWith(`${RESULT_LINK_PATH}/`)) return;
  // Delta Sharing recipients sign in with their own bearer token (routes/delta-sharing.ts)
  if (isSharingPath(req.url)) return;
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
  const personal = tokens.check(presented);
  if (personal === "valid") return;
  if (personal === "expired") throw apiErrors.tokenExpired();
  const oauth = issuer.check(presented);
  if (oauth === "valid") return;
  throw oauth === "expired" ? apiErrors.tokenExpired() : apiErrors.unauthenticated();
}
