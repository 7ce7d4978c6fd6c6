/** The services of issue 5, wired together over one store, one secret box and one Databricks access. */
import type { SecretBox } from "../security/secret-box.js";
import type { Store } from "../store/database.js";
import type { Caller } from "../aep-conventions/caller.js";
import { connectionAuth, connectionDefinition, testConnection } from "./connections.js";
import { DatabricksAccess, type DatabricksSettings } from "./databricks-access.js";
import { Datasets } from "../catalog/datasets.js";
import { explore } from "./explore.js";
import { FlowResourceService } from "./flow-resource.js";
import { MappingSets } from "../dataprep/mapping-sets.js";
import { Schemas } from "../schemaregistry/schemas.js";
import { sourceConnectionDefinition } from "./source-connections.js";
import { targetConnectionDefinition } from "./target-connections.js";
import type { Json } from "../aep-conventions/request-body.js";

export type { Caller } from "../aep-conventions/caller.js";

export interface FlowServiceParts {
  store: Store;
  secretBox: SecretBox;
  databricks: DatabricksSettings;
  now?: () => number;
}

export class FlowService {
  readonly databricks: DatabricksAccess;
  readonly schemas: Schemas;
  readonly datasets: Datasets;
  readonly mappingSets: MappingSets;
  readonly connections: FlowResourceService;
  readonly sourceConnections: FlowResourceService;
  readonly targetConnections: FlowResourceService;

  constructor(parts: FlowServiceParts) {
    const now = parts.now ?? Date.now;
    this.databricks = new DatabricksAccess(parts.databricks);
    this.schemas = new Schemas(parts.store, now);
    this.datasets = new Datasets(parts.store, this.schemas, now);
    this.mappingSets = new MappingSets(parts.store, this.schemas, now);
    this.connections = new FlowResourceService(connectionDefinition(this.databricks), parts.store, parts.secretBox, now);
    this.sourceConnections = new FlowResourceService(
      sourceConnectionDefinition(this.databricks, () => this.connections),
      parts.store,
      parts.secretBox,
      now,
    );
    this.targetConnections = new FlowResourceService(targetConnectionDefinition(this.datasets), parts.store, parts.secretBox, now);
  }

  async testConnection(caller: Caller, id: string): Promise<Json> {
    return testConnection(this.databricks, connectionAuth(this.connections, await this.connections.record(caller, id)));
  }

  async explore(caller: Caller, id: string, query: Json): Promise<unknown> {
    return explore(this.databricks, connectionAuth(this.connections, await this.connections.record(caller, id)), query);
  }
}
