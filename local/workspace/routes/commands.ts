/** Command Execution API 1.2: contexts create/status/destroy and commands execute/status/cancel (camelCase fields). */
import type { FastifyInstance } from "fastify";
import type { CommandRunner } from "../engine/commands.js";
import { fields, requiredString } from "./params.js";

export function commandRoutes(app: FastifyInstance, runner: CommandRunner): void {
  app.post("/api/1.2/contexts/create", async (req) => {
    const f = fields(req);
    return { id: runner.createContext(requiredString(f, "clusterId"), requiredString(f, "language")) };
  });
  app.get("/api/1.2/contexts/status", async (req) => {
    const f = fields(req);
    return runner.contextStatus(requiredString(f, "clusterId"), requiredString(f, "contextId"));
  });
  app.post("/api/1.2/contexts/destroy", async (req) => {
    const f = fields(req);
    const id = requiredString(f, "contextId");
    runner.destroyContext(requiredString(f, "clusterId"), id);
    return { id };
  });
  app.post("/api/1.2/commands/execute", async (req) => {
    const f = fields(req);
    const id = runner.execute(
      requiredString(f, "clusterId"),
      requiredString(f, "contextId"),
      requiredString(f, "language"),
      requiredString(f, "command"),
    );
    return { id };
  });
  app.get("/api/1.2/commands/status", async (req) => {
    const f = fields(req);
    return runner.status(requiredString(f, "clusterId"), requiredString(f, "contextId"), requiredString(f, "commandId"));
  });
  app.post("/api/1.2/commands/cancel", async (req) => {
    const f = fields(req);
    const id = requiredString(f, "commandId");
    runner.cancel(requiredString(f, "clusterId"), requiredString(f, "contextId"), id);
    return { id };
  });
}
