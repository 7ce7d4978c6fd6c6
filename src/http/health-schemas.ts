/** The OpenAPI schema of GET /health. */
import type { FastifySchema } from "fastify";
import { AEP_ERROR, ref } from "../aep-conventions/openapi-schemas.js";

export const HEALTH_SCHEMA: FastifySchema = {
  tags: ["Health"],
  operationId: "getHealth",
  summary: "Check that the service is up",
  description: "Answers once the service and its embedded parts are up: the server listens only then. Needs no token.",
  response: {
    200: {
      description: "Up, with where its embedded parts listen",
      type: "object",
      required: ["status", "components"],
      properties: {
        status: { type: "string", const: "ok" },
        components: { type: "object", additionalProperties: { type: "string" }, examples: [{ blob: "http://127.0.0.1:10000/dsaccount", databricks: "http://127.0.0.1:8081", api: "http://127.0.0.1:8080" }] },
      },
    },
    "5xx": ref(AEP_ERROR, "A failure on our side"),
  },
};
