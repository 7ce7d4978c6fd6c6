/** Flow Service connections, source and target connections, test and explore, over one store, one secret box and one Databricks access. */
import type { SecretBox } from "../security/secret-box.js";
import type { Store } from "../store/database.js";
import type { Caller } from "../aep-conventions/caller.js";
import type { Json } from "../aep-conventions/request-body.js";
import type { Datasets } from "../catalog/datasets.js";
import { connectionAuth, connectionDefinition, testConnection } from "./connections.js";
import { DatabricksAccess, type DatabricksSettings } from "./databricks-access.js";
import { explore } from "./explore.js";
import { FlowResourceService } from "./flow-resource.js";
import { sourceConnectionDefinition } from "./source-connections.js";
import { targetConnectionDefinition } from "./target-connections.js";

export interface ConnectionServiceParts {
  store: Store;
  secretBox: SecretBox;
  databricks: DatabricksSettings;
  datasets: Datasets;
  now?: () => number;
}

export class ConnectionService {
  readonly databricks: DatabricksAccess;
  readonly connections: FlowResourceService;
  readonly sourceConnections: FlowResourceService;
  readonly targetConnections: FlowResourceService;

  constructor(parts: ConnectionServiceParts) {
    const now = parts.now ?? Date.now;
    this.databricks = new DatabricksAccess(parts.databricks);
    this.connections = new FlowResourceService(connectionDefinition(this.databricks), parts.store, parts.secretBox, now);
    this.sourceConnections = new FlowResourceService(
      sourceConnectionDefinition(this.databricks, () => this.connections),
      parts.store,
      parts.secretBox,
      now,
    );
    this.targetConnections = new FlowResourceService(targetConnectionDefinition(parts.datasets), parts.store, parts.secretBox, now);
  }

  async testConnection(caller: Caller, id: string): Promise<Json> {
    return testConnection(this.databricks, connectionAuth(this.connections, await this.connections.record(caller, id)));
  }

  async explore(caller: Caller, id: string, query: Json): Promise<unknown> {
    return explore(this.databricks, connectionAuth(this.connections, await this.connections.record(caller, id)), query);
  }
}
