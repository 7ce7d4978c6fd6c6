/**
 * The OpenAPI 3.1 document, generated from the routes' own schemas (GET /openapi.json), and a
 * rendered reference (GET /docs, Swagger UI served from the package: nothing is fetched from the
 * internet). Neither needs a token: the gateway checks only /data/**.
 *
 * The route schemas document; they do not validate. Every handler checks its input itself and
 * answers each mistake with AEP's own error (FLOW-1104, SRC-1365, …): Fastify's validation would
 * answer first, in other words, and its type coercion would change what handlers see. Nor may
 * fast-json-stringify serialize answers from the response schemas: it drops the fields a schema
 * does not name. So schemas compile to "accept everything" and answers are JSON.stringify'd, as
 * they are without a schema.
 */
import { readFileSync } from "node:fs";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { SECURITY_SCHEMES, SHARED_SCHEMAS } from "../aep-conventions/openapi-schemas.js";

export const OPENAPI_PATH = "/openapi.json";
export const DOCS_PATH = "/docs";

/** The tags of the document: one per API family, in the order a user meets them. */
export const TAGS = [
  { name: "IMS", description: "Access tokens for the configured client (client credentials)." },
  { name: "Sandboxes", description: "The sandboxes of the organization (from SANDBOXES; prod always exists)." },
  { name: "Landing zone", description: "The staging container of a sandbox and its SAS credentials." },
  { name: "Flow Service", description: "Connection and flow specs, base connections (test, explore), source and target connections." },
  { name: "Dataflows", description: "Dataflows: a source connection into a dataset on a schedule." },
  { name: "Runs", description: "The runs of dataflows: metrics, on-demand runs, re-triggers." },
  { name: "Identity namespaces", description: "The Identity Service's namespaces, standard and custom, which identity descriptors name." },
  { name: "Schema Registry", description: "Standard and tenant XDM classes, field groups, data types and schemas; descriptors, unions, resolved schemas." },
  { name: "Catalog", description: "Datasets and their batches." },
  { name: "Data Prep", description: "Mapping sets: source columns into XDM fields." },
  { name: "Data Access", description: "The files of ingested batches, and the rows a run could not ingest." },
  { name: "Console", description: "The web console: its page and files (no token needed)." },
  { name: "Health", description: "Whether the service and its embedded parts are up." },
];

export interface RegisteredRoute {
  method: string;
  url: string;
  /** the schema the route was registered with, if any */
  schema?: Record<string, unknown>;
}

const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route registered after registerOpenApi, as Fastify announced it (HEAD routes included). */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return registered.get(app) ?? [];
}

const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** Before any route: the document sees only routes registered once its plugin has loaded. */
export function registerOpenApi(app: FastifyInstance): void {
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);

  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, schema: route.schema as Record<string, unknown> | undefined });
  });

  void app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Databricks Source",
        version,
        description:
          "A self-hosted Azure Databricks source for Adobe Experience Platform's HTTP contract: Flow Service, Schema Registry, Catalog, Data Prep, Data Access, the landing zone and IMS. Every /data/** call needs a bearer token from POST /ims/token/v3 and the x-api-key, x-gw-ims-org-id and x-sandbox-name headers.",
        license: { name: "Apache-2.0", identifier: "Apache-2.0" },
      },
      tags: TAGS,
      components: { securitySchemes: SECURITY_SCHEMES as never },
    },
    // shared schemas keep their $id as their name under components.schemas (AepError, IdEtag, …)
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === "string" ? json.$id : `def-${i}`) },
  });
  void app.register(swaggerUi, { routePrefix: DOCS_PATH, theme: { title: "Databricks Source API" } });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}
