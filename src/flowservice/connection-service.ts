/** Flow Service connections, source and target connections, test and explore, over one store, one secret box and one Databricks access. */
import type { SecretBox } from "../security/secret-box.js";
import type { Store } from "../store/database.js";
import type { Caller } from "../aep-conventions/caller.js";
import type { Json } from "../aep-conventions/request-body.js";
import type { Datasets } from "../catalog/datasets.js";
import type { CallerSandbox } from "../aep-conventions/caller.js";
import type { LandingZoneService } from "../landing-zone/service.js";
import type { ClusterUpdate } from "../landing-zone/types.js";
import { type NewSas, optsIn, pushSasToCluster, pushSasToClusters } from "./cluster-sas.js";
import { deepEqual } from "../aep-conventions/request-body.js";
import { DATABRICKS_STAGING } from "../landing-zone/types.js";
import { connectionAuth, connectionDefinition, testConnection } from "./connections.js";
import { DatabricksAccess, type DatabricksSettings } from "./databricks-access.js";
import { explore } from "./explore.js";
import { testSharingConnection } from "./sharing-connections.js";
import { exploreSharing } from "./sharing-explore.js";
import { FlowResourceService } from "./flow-resource.js";
import { sourceConnectionDefinition } from "./source-connections.js";
import { targetConnectionDefinition } from "./target-connections.js";

export interface ConnectionServiceParts {
  store: Store;
  secretBox: SecretBox;
  databricks: DatabricksSettings;
  datasets: Datasets;
  /** the staging container's SAS: checked by the connection test, pushed to opted-in clusters */
  landingZone: LandingZoneService;
  now?: () => number;
}

export class ConnectionService {
  readonly databricks: DatabricksAccess;
  readonly connections: FlowResourceService;
  readonly sourceConnections: FlowResourceService;
  readonly targetConnections: FlowResourceService;
  private readonly store: Store;
  private readonly landingZone: LandingZoneService;

  constructor(parts: ConnectionServiceParts) {
    const now = parts.now ?? Date.now;
    this.store = parts.store;
    this.landingZone = parts.landingZone;
    this.databricks = new DatabricksAccess(parts.databricks);
    this.connections = new FlowResourceService(
      connectionDefinition(this.databricks, (caller, id, document, previous, secretsSupplied) => this.pushCurrentSas(caller, id, document, previous, secretsSupplied)),
      parts.store,
      parts.secretBox,
      now,
    );
    this.sourceConnections = new FlowResourceService(
      sourceConnectionDefinition(this.databricks, () => this.connections),
      parts.store,
      parts.secretBox,
      now,
    );
    this.targetConnections = new FlowResourceService(targetConnectionDefinition(parts.datasets), parts.store, parts.secretBox, now);
  }

  async testConnection(caller: Caller, id: string): Promise<Json> {
    const auth = connectionAuth(this.connections, await this.connections.record(caller, id));
    if (auth.sharing) return testSharingConnection(auth);
    return testConnection(this.databricks, this.landingZone, caller, auth);
  }

  /** Beyond AEP: a new staging SAS into the clusters of the sandbox's connections that opted in (auth.params.pushSasToCluster). */
  pushSasToClusters(scope: CallerSandbox, sas: NewSas): Promise<ClusterUpdate[]> {
    return pushSasToClusters(this.store, this.databricks, (record) => connectionAuth(this.connections, record), scope, sas);
  }

  /**
   * Beyond AEP: a connection created with auth.params.pushSasToCluster, or PATCHed to it, to
   * another cluster or to renewed credentials while it is on, gets the sandbox's current staging SAS
   * into its cluster's Spark config, as a refresh would put a new one there, without a refresh: the
   * SAS other clusters hold stays valid. A PATCH of its name alone pushes nothing. Answers
   * `clusterUpdates` for the 201 or 200 answer.
   */
  private async pushCurrentSas(caller: Caller, id: string, document: Json, previous?: Json, secretsSupplied = false): Promise<Json | undefined> {
    if (!optsIn(document) || (previous && optsIn(previous) && deepEqual(previous.auth, document.auth) && !secretsSupplied)) return undefined;
    const auth = connectionAuth(this.connections, await this.connections.record(caller, id));
    if (auth.clusterId === undefined) return undefined;
    let sas: Awaited<ReturnType<LandingZoneService["credentials"]>>;
    try {
      sas = await this.landingZone.credentials(caller, DATABRICKS_STAGING);
    } catch (error) {
      const problem = this.landingZone.storageProblem(error) ?? "the landing zone's storage did not answer";
      const failed: ClusterUpdate = { connectionId: id, clusterId: auth.clusterId, status: "failed", message: `the current SAS could not be read: ${problem}` };
      return { clusterUpdates: [failed] };
    }
    // none was current: the new one was issued, and pushed to every opted-in connection's cluster, this one's too
    if (sas.clusterUpdates) return { clusterUpdates: sas.clusterUpdates };
    return { clusterUpdates: [await pushSasToCluster(this.databricks, id, auth, sas, "current")] };
  }

  async explore(caller: Caller, id: string, query: Json): Promise<unknown> {
    const auth = connectionAuth(this.connections, await this.connections.record(caller, id));
    if (auth.sharing) return exploreSharing(auth, query);
    return explore(this.databricks, auth, query);
  }
}
