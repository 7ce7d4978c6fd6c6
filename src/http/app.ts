/**
 * The HTTP app, assembled in the order a request meets it:
 *   socket timeouts and refusals before a request exists → request id → access log → gateway checks
 *   on /data/** routes → body parsing (size, depth, keys) → route → error envelope.
 * The OpenAPI document is generated from the routes' schemas (src/http/openapi.ts).
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from "fastify";
import type { Logger } from "pino";
import type { TokenIssuer } from "../ims/tokens.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import type { DataflowService } from "../dataflows/dataflow-service.js";
import type { ConnectionService } from "../flowservice/connection-service.js";
import type { Datasets } from "../catalog/datasets.js";
import type { MappingSets } from "../dataprep/mapping-sets.js";
import type { Schemas } from "../schemaregistry/schemas.js";
import type { RunService } from "../runs/run-service.js";
import type { Store } from "../store/database.js";
import type { LandingZoneService } from "../landing-zone/service.js";
import { registerBodyParsers } from "./plugins/body-parsers.js";
import { clientErrorAnswer } from "./plugins/client-errors.js";
import { registerErrorHandling } from "./plugins/errors.js";
import type { KnownRoute } from "./route-suggestion.js";
import { registerGateway } from "./plugins/gateway.js";
import { answerProtocolMistakes, NODE_HOST_CHECK_OFF, registerHostCheck } from "./plugins/protocol-mistakes.js";
import { requestIdOf } from "./request-id.js";
import { registerBatchRoutes, registerDatasetRoutes } from "../catalog/routes.js";
import { registerDataAccessRoutes } from "../export/routes.js";
import { registerMappingSetRoutes } from "../dataprep/routes.js";
import { registerDataflowRoutes } from "../dataflows/routes.js";
import { registerRunRoutes } from "../runs/routes.js";
import { registerFlowServiceRoutes } from "../flowservice/routes/index.js";
import { registerHealthRoute } from "./health.js";
import { registerOpenApi } from "./openapi.js";
import { type ImsClient, registerImsRoutes } from "../ims/routes.js";
import type { ThrottleSettings } from "../ims/failed-attempts.js";
import { registerLandingZoneRoutes } from "../landing-zone/routes.js";
import { registerSandboxRoutes } from "../sandboxes/routes.js";
import { registerIdentityRoutes } from "../identity/routes.js";
import { IdentityNamespaces } from "../identity/namespaces.js";
import { registerSchemaRoutes } from "../schemaregistry/routes.js";
import { registerConsoleRoutes } from "../console-host/routes.js";
import type { ConsolePageSettings } from "../console-host/page-settings.js";

export interface AppDependencies {
  logger: Logger;
  tokens: TokenIssuer;
  imsClient: ImsClient;
  sandboxes: readonly string[];
  landingZone: LandingZoneService;
  connections: ConnectionService;
  schemas: Schemas;
  datasets: Datasets;
  mappingSets: MappingSets;
  dataflows: DataflowService;
  runs: RunService;
  /** the lake, for Catalog batches and the Data Access API */
  lake: { store: Store; lakeRoot: string };
  components?: () => Record<string, string>;
  /** how long a socket may idle between requests, take for its headers, take for its whole request */
  http: { keepAliveTimeoutMs: number; headersTimeoutMs: number; requestTimeoutMs: number };
  /** the settings the console's page tells the console (src/console-host/page-settings.ts) */
  consolePage?: ConsolePageSettings;
  /** failed token requests allowed per client id and per address in a window (default: 10 a minute) */
  tokenThrottle?: ThrottleSettings;
}

const BODY_LIMIT_BYTES = 1024 * 1024;

export function buildApp(deps: AppDependencies): FastifyInstance {
  const timeouts = socketTimeouts(deps.http);
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    http: {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
      ...NODE_HOST_CHECK_OFF,
    },
    // 0. What Node's server refuses before there is a request (431, 408, not HTTP): the AEP envelope too.
    clientErrorHandler: clientErrorAnswer(timeouts, deps.logger as FastifyBaseLogger),
    // 1. Request id: the caller's x-request-id when it is sane, else a new one; echoed on every response.
    genReqId: (req) => requestIdOf(req.headers),
    routerOptions: { ignoreTrailingSlash: true },
    // Requests the router rejects before any hook runs (a malformed URL, say) still get our envelope.
    frameworkErrors: (error, request, reply) => {
      const apiError = Errors.invalidRequest(error.message);
      // the reply here is typed without a route schema; it is a plain FastifyReply
      const plain = reply as unknown as FastifyReply;
      void plain.status(apiError.status).header("x-request-id", request.id).send(apiError.toBody(request.id));
    },
  });
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  // 0b. What Node's server would answer bare once it has read the headers: unknown Expect, CONNECT, no Host.
  answerProtocolMistakes(app.server, deps.logger as FastifyBaseLogger);
  registerHostCheck(app);

  // 2. Gateway: token, API key, org, sandbox, Content-Type (docs/api/conventions.md#gateway-checks).
  registerGateway(app, { tokens: deps.tokens, sandboxes: deps.sandboxes });
  // 3. Bodies: JSON and IMS forms; malformed JSON becomes an AEP 400.
  registerBodyParsers(app);
  // 4. The OpenAPI document (/openapi.json, /docs) and the schema compilers that keep schemas descriptive.
  registerOpenApi(app);
  // 5. Routes, then unknown routes and every error in the AEP envelope. They load as a plugin after the
  //    document's so it sees them; the plugin is not encapsulated (Fastify's documented skip-override),
  //    so the routes and the error handler live in this instance, with the hooks and parsers above.
  // every route, as registered, for the not-found answer's "did you mean"
  const known: KnownRoute[] = [];
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) known.push({ method, url: route.url });
  });
  const routes = async (root: FastifyInstance) => {
    registerHealthRoute(root, deps.components ?? (() => ({})));
    registerImsRoutes(root, deps.tokens, deps.imsClient, deps.tokenThrottle);
    registerSandboxRoutes(root, deps.sandboxes);
    registerLandingZoneRoutes(root, deps.landingZone);
    registerFlowServiceRoutes(root, deps.connections);
    registerSchemaRoutes(root, deps.schemas);
    registerIdentityRoutes(root, new IdentityNamespaces(deps.lake.store));
    registerDatasetRoutes(root, deps.datasets);
    registerMappingSetRoutes(root, deps.mappingSets);
    registerDataflowRoutes(root, deps.dataflows);
    registerRunRoutes(root, deps.runs);
    registerBatchRoutes(root, deps.lake.store);
    registerDataAccessRoutes(root, deps.lake);
    registerConsoleRoutes(root, deps.consolePage);
    registerErrorHandling(root, BODY_LIMIT_BYTES, known);
  };
  void app.register(Object.assign(routes, { [Symbol.for("skip-override")]: true }));
  return app;
}

/**
 * Node refuses a headers timeout longer than the request timeout, and checks both only every
 * connectionsCheckingInterval (30 s by default, longer than the timeouts themselves): the checks
 * run four times per headers timeout instead, so a timeout is enforced within a quarter of itself.
 */
function socketTimeouts(http: AppDependencies["http"]) {
  const headersTimeoutMs = Math.min(http.headersTimeoutMs, http.requestTimeoutMs);
  const checkEveryMs = Math.min(30_000, Math.max(50, Math.floor(headersTimeoutMs / 4)));
  return { ...http, headersTimeoutMs, checkEveryMs };
}
