/** Flow Service (/data/foundation/flowservice): specs, connections and their actions, source and target connections. */
import type { FastifyInstance } from "fastify";
import type { FlowService } from "../index.js";
import { registerConnectionActionRoutes } from "./connection-actions.js";
import { registerResourceRoutes } from "./resources.js";
import { registerSpecRoutes } from "./specs.js";

export function registerFlowServiceRoutes(app: FastifyInstance, flowService: FlowService): void {
  registerSpecRoutes(app);
  registerResourceRoutes(app, "connections", flowService.connections);
  registerConnectionActionRoutes(app, flowService);
  registerResourceRoutes(app, "sourceConnections", flowService.sourceConnections);
  registerResourceRoutes(app, "targetConnections", flowService.targetConnections);
}
