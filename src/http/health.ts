import type { FastifyInstance } from "fastify";

/** GET /health: 200 once the service and its embedded parts are up (the server listens only then). */
export function registerHealthRoute(app: FastifyInstance, components: () => Record<string, string>): void {
  app.get("/health", async () => ({ status: "ok", components: components() }));
}
