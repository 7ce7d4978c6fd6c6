import type { FastifyInstance } from "fastify";
import { HEALTH_SCHEMA } from "./health-schemas.js";

/** GET /health: 200 once the service and its embedded parts are up (the server listens only then). */
export function registerHealthRoute(app: FastifyInstance, components: () => Record<string, string>): void {
  app.get("/health", { schema: HEALTH_SCHEMA }, async () => ({ status: "ok", components: components() }));
}
