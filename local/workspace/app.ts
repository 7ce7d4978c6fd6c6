/**
 * The HTTP pipeline of the local workspace, in request order. Reading this file tells the path
 * every request takes.
 */
import { parse as parseQueryString } from "node:querystring";
import formbody from "@fastify/formbody";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { OAuthIssuer } from "./auth/oauth-issuer.js";
import type { PersonalTokens } from "./auth/personal-tokens.js";
import type { Metastore } from "./catalog/metastore.js";
import type { Cluster } from "./cluster/cluster.js";
import type { CommandRunner } from "./engine/commands.js";
import { ApiError, apiErrors } from "./errors.js";
import { authenticate } from "./routes/auth.js";
import { clusterRoutes } from "./routes/clusters.js";
import { commandRoutes } from "./routes/commands.js";
import { oauthRoutes } from "./routes/oauth.js";
import { tokenRoutes } from "./routes/tokens.js";
import { unityCatalogRoutes } from "./routes/unity-catalog.js";
import { statementRoutes, type StatementRouteOptions } from "./routes/statements.js";
import { warehouseRoutes } from "./routes/warehouses.js";
import type { StatementRunner } from "./warehouses/statements.js";
import type { Warehouses } from "./warehouses/warehouse.js";
import { deltaSharingRoutes, type SharingParts } from "./routes/delta-sharing.js";

export interface AppParts {
  /** the personal access tokens (Token API 2.0) */
  tokens: PersonalTokens;
  /** OAuth tokens of the workspace's service principal */
  oauth: OAuthIssuer;
  metastore: Metastore;
  /** the workspace's one user: owner and creator of what it lists */
  user: string;
  cluster: Cluster;
  runner: CommandRunner;
  warehouses: Warehouses;
  statements: StatementRunner;
  statementLinks: StatementRouteOptions;
  logger: Logger;
  /** the Delta Sharing server: shared tables, their answers and the file URL signer */
  sharing: SharingParts;
}

/**
 * A form-encoded body, or JSON sent as one: `curl -d '{"cluster_id": …}'` without a Content-Type (as Databricks' own examples are
 * written) sends JSON labelled form-encoded, and Databricks reads it as JSON
 */
function formOrJsonBody(body: string): Record<string, unknown> {
  if (!/^\s*[{[]/.test(body)) return parseQueryString(body);
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch (e) {
    throw Object.assign(new Error(`The body is neither form-encoded nor valid JSON: ${(e as Error).message}`), { statusCode: 400 });
  }
}

export async function buildApp(parts: AppParts): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: parts.logger as FastifyBaseLogger,
    // request lines carry no secrets (SAS values travel only in bodies, which are never logged)
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 16 * 1024 * 1024,
  });
  // 1. body parsers: JSON (built in) and form-encoded, which 1.2 clients (curl -d) send
  await app.register(formbody, { parser: formOrJsonBody });
  // 2. authentication: the personal access token or an unexpired OAuth token (the token endpoint checks the client's secret)
  app.addHook("onRequest", async (req) => authenticate(req, parts.tokens, parts.oauth));
  // 3. operations: OAuth M2M tokens, personal access tokens (Token API 2.0), Clusters API 2.0/2.1, Command Execution API 1.2, Unity Catalog listings,
  //    SQL Warehouses API 2.0, Statement Execution API 2.0 (and its presigned result links)
  oauthRoutes(app, parts.oauth);
  tokenRoutes(app, parts.tokens);
  clusterRoutes(app, parts.cluster);
  commandRoutes(app, parts.runner);
  unityCatalogRoutes(app, parts.metastore, parts.user);
  warehouseRoutes(app, parts.warehouses);
  statementRoutes(app, parts.statements, parts.statementLinks);
  // Delta Sharing: its own bearer tokens and its own error body, so in a context of its own (not awaited:
  // awaiting would build the routes above before the error handler below exists, and they would answer Fastify's body)
  app.register(deltaSharingRoutes(parts.sharing));
  // 4. anything else is an endpoint Databricks has and we do not, or none at all
  app.setNotFoundHandler(async (req, reply) => {
    const e = apiErrors.endpointNotFound(req.method, req.url);
    return reply.code(e.status).send(e.toBody());
  });
  // 5. errors: {"error_code","message"} with Databricks' statuses; a 500 is our bug and is logged
  app.setErrorHandler(async (err: unknown, req, reply) => {
    let e: ApiError;
    if (err instanceof ApiError) e = err;
    else {
      const status = (err as { statusCode?: number }).statusCode;
      if (status !== undefined && status >= 400 && status < 500) {
        e = apiErrors.malformedRequest((err as Error).message);
      } else {
        req.log.error({ err, reqId: req.id }, "local workspace request failed");
        e = apiErrors.internal(String(req.id));
      }
    }
    return reply.code(e.status).send(e.toBody());
  });
  return app;
}
