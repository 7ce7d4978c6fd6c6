/** Flow Service (/data/foundation/flowservice): specs, connections and their actions, source and target connections. */
import type { FastifyInstance } from "fastify";
import type { ConnectionService } from "../connection-service.js";
import { registerConnectionActionRoutes } from "./connection-actions.js";
import { registerResourceRoutes } from "../../aep-conventions/resource-routes.js";
import { CONNECTION_ROUTE_SCHEMAS, SOURCE_CONNECTION_ROUTE_SCHEMAS, TARGET_CONNECTION_ROUTE_SCHEMAS } from "./route-schemas.js";
import { registerSpecRoutes } from "./specs.js";

export function registerFlowServiceRoutes(app: FastifyInstance, connections: ConnectionService): void {
  registerSpecRoutes(app);
  registerResourceRoutes(app, "connections", connections.connections, CONNECTION_ROUTE_SCHEMAS);
  registerConnectionActionRoutes(app, connections);
  registerResourceRoutes(app, "sourceConnections", connections.sourceConnections, SOURCE_CONNECTION_ROUTE_SCHEMAS);
  registerResourceRoutes(app, "targetConnections", connections.targetConnections, TARGET_CONNECTION_ROUTE_SCHEMAS);
}
