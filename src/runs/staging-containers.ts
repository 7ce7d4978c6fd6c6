/**
 * The staging containers the cluster exports into (landing zone type dlz_databricks_source, one per
 * sandbox), reached with the service's own account credentials, never the SAS handed to the cluster.
 */
import type { ContainerClient } from "@azure/storage-blob";
import type { CallerSandbox } from "../aep-conventions/caller.js";
import type { BlobAccount } from "../landing-zone/blob-account.js";
import type { LandingZoneService } from "../landing-zone/service.js";
import type { Store } from "../store/database.js";
import { DATABRICKS_STAGING } from "../landing-zone/types.js";
import { listContainers } from "../store/landing-zone.repository.js";

/** The sandbox's staging container, made when it has none yet. */
export async function stagingContainer(landingZone: LandingZoneService, blobAccount: BlobAccount, scope: CallerSandbox): Promise<{ containerName: string; container: ContainerClient }> {
  const { containerName } = await landingZone.containerInfo(scope, DATABRICKS_STAGING);
  return { containerName, container: blobAccount.service.getContainerClient(containerName) };
}

/** Every sandbox's staging container ever handed out (as the landing zone recorded them). */
export async function allStagingContainers(store: Store, blobAccount: BlobAccount): Promise<ContainerClient[]> {
  const records = await listContainers(store.db);
  return records.filter((r) => r.type === DATABRICKS_STAGING).map((r) => blobAccount.service.getContainerClient(r.containerName));
}
