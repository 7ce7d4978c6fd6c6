/** The OpenAPI schemas of the console's routes. */
import type { FastifySchema } from "fastify";
import { AEP_ERROR_RESPONSES } from "../aep-conventions/openapi-schemas.js";

const TAG = "Console";

export const CONSOLE_PAGE_SCHEMA: FastifySchema = {
  tags: [TAG],
  operationId: "getConsole",
  summary: "Open the web console",
  description:
    "The console's page. It signs in with the IMS client and uses only the public API. Needs no token; the first request after a change of console/ builds it: a browser (Accept: text/html) is answered 202 with a page that says so and reloads itself every 2 s, any other client waits for the build. Its <meta> tags carry the service settings the console checks against (flow-start-time-tolerance-seconds).",
  response: {
    200: { description: "The console's HTML page", content: { "text/html": { schema: { type: "string" } } } },
    202: { description: "To a browser while the console is being built: a page that says so and reloads itself", content: { "text/html": { schema: { type: "string" } } } },
    ...AEP_ERROR_RESPONSES,
  },
};

export const CONSOLE_ASSET_SCHEMA: FastifySchema = {
  tags: [TAG],
  operationId: "getConsoleAsset",
  summary: "A file of the web console",
  description: "A script, style sheet or image of the console's build, by its hashed name. Needs no token.",
  params: { type: "object", required: ["name"], properties: { name: { type: "string", description: "the file's name under assets/", examples: ["index-001_09xM.js"] } } },
  response: {
    200: { description: "The file", content: { "application/octet-stream": { schema: { type: "string" } } } },
    ...AEP_ERROR_RESPONSES,
  },
};
