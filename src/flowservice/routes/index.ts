/** Flow Service (/data/foundation/flowservice): specs, connections and their actions, source and target connections. */
import type { FastifyInstance } from "fastify";
import type { ConnectionService } from "../connection-service.js";
import { registerConnectionActionRoutes } from "./connection-actions.js";
import { registerResourceRoutes } from "../../aep-conventions/resource-routes.js";
import { registerSpecRoutes } from "./specs.js";

export function registerFlowServiceRoutes(app: FastifyInstance, connections: ConnectionService): void {
  registerSpecRoutes(app);
  registerResourceRoutes(app, "connections", connections.connections);
  registerConnectionActionRoutes(app, connections);
  registerResourceRoutes(app, "sourceConnections", connections.sourceConnections);
  registerResourceRoutes(app, "targetConnections", connections.targetConnections);
}
