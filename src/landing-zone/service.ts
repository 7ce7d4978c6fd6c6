/**
 * Data Landing Zone credentials (docs/api/landing-zone.md): one container per (org, sandbox,
 * type), a container SAS in AEP's layout (sv=2020-10-02, si=dlz-<uuid>, sr=c, sp=racwdlm, sig)
 * whose expiry lives in the stored access policy, refresh = a new policy id with the old one
 * revoked (or kept for the grace window).
 *
 * The container ACL is a read-modify-write of the whole list, so rotations of one container are
 * serialized: a keyed mutex inside the process and, on PostgreSQL, the container row's lock
 * across processes. The store is the source of truth and the ACL is rewritten from it each time.
 *
 * The blob service can still end up apart from the store: a crash after it answered but before it
 * saved the ACL, a refresh whose store commit failed after the ACL was written, a change made
 * behind the service's back. Either way a revoked SAS would work again and the current one fail,
 * so every container's ACL is reconciled with the store at start and after every refresh.
 */
import { createHash, randomUUID } from "node:crypto";
import {
  type BlobServiceClient,
  type ContainerClient,
  RestError,
  type SignedIdentifier,
} from "@azure/storage-blob";
import type { Store } from "../store/database.js";
import {
  type ContainerRecord,
  findContainer,
  insertContainerIfAbsent,
  listContainers,
  listPolicies,
  type PolicyRecord,
  lockContainer,
  replacePolicies,
} from "../store/landing-zone.repository.js";
import { KeyedMutex } from "../util/keyed-mutex.js";
import { IssuedSasCache } from "./issued-sas.js";
import { withBody } from "./answer-bodies.js";
import { FreshReads } from "./fresh-reads.js";
import type { CallerSandbox } from "../aep-conventions/caller.js";
import type { BlobAccount } from "./blob-account.js";
import { policySasToken } from "./policy-sas.js";
import { storageAccountProblem } from "./storage-account-check.js";
import { promptStorageClient, withDeadline } from "./prompt-storage.js";
import { type ClusterSasCheck, checkClusterSas, describeClusterSas, type StagingTarget } from "./cluster-sas.js";
import { currentPolicy, planRefresh } from "./policy-plan.js";
import { type ClusterUpdate, DATABRICKS_STAGING, type LandingZoneKind, landingZoneKind } from "./types.js";

export interface LandingZoneCredentials {
  containerName: string;
  SASToken: string;
  storageAccountName: string;
  SASUri: string;
  /** YYYY-MM-DD, as AEP */
  expiryDate: string;
  /** ISO 8601, beyond AEP */
  expiryTime: string;
}

/** Told about every new SAS of a Databricks staging container; answers what it did with it (the opted-in clusters it updated). */
export type NewSasListener = (scope: CallerSandbox, credentials: LandingZoneCredentials) => Promise<ClusterUpdate[]>;

export interface LandingZoneSettings {
  tokenTtlDays: number;
  refreshGraceSeconds: number;
  containerTtlDays: number;
}

const DAY_MS = 86_400_000;

export class UnknownLandingZoneTypeError extends Error {
  constructor(readonly type: string) {
    super(`unknown landing zone type ${type}`);
  }
}

export class LandingZoneService {
  /** containers found in the store and created in storage; a container row never changes once written */
  private readonly containers = new Map<string, ContainerRecord>();
  private readonly issued = new IssuedSasCache<LandingZoneCredentials>();
  private readonly policyReads = new FreshReads<readonly PolicyRecord[]>();
  private readonly mutex = new KeyedMutex();
  private readonly newSasListeners: NewSasListener[] = [];
  /** the account's client for the calls a request waits on: they fail within seconds when storage is gone */
  private readonly storage: BlobServiceClient;

  constructor(
    private readonly store: Store,
    private readonly account: BlobAccount,
    private readonly settings: LandingZoneSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.storage = promptStorageClient(account);
  }

  /** What an error of a call to storage says about the service's own account (its key refused, unreachable), naming what an operator must fix. */
  storageProblem(error: unknown): string | undefined {
    return storageAccountProblem(error, this.account);
  }

  /** How long the previous SAS keeps working after a refresh (0: it is revoked at once). */
  get refreshGraceSeconds(): number {
    return this.settings.refreshGraceSeconds;
  }

  async containerInfo(scope: CallerSandbox, type: string): Promise<{ containerName: string; containerTTL: string }> {
    const container = await this.ensureContainer(scope, type);
    return { containerName: container.containerName, containerTTL: String(this.settings.containerTtlDays) };
  }

  /** The current token; a new one when there is none or it has expired. */
  async credentials(scope: CallerSandbox, type: string): Promise<LandingZoneCredentials & { clusterUpdates?: ClusterUpdate[] }> {
    const container = await this.ensureContainer(scope, type);
    const policies = await this.policyReads.read(container.id, () => listPolicies(this.store.db, container.id));
    const policy = currentPolicy(policies, this.now());
    if (policy) return this.toCredentials(container, policy);
    return this.announced(scope, container, this.toCredentials(container, await this.rotate(container, "when-missing")));
  }

  /** A new token; the previous one is revoked now, or at the end of the grace window. */
  async refresh(scope: CallerSandbox, type: string): Promise<LandingZoneCredentials & { clusterUpdates?: ClusterUpdate[] }> {
    const container = await this.ensureContainer(scope, type);
    let credentials: LandingZoneCredentials;
    try {
      credentials = this.toCredentials(container, await this.rotate(container, "always"));
    } finally {
      await this.reconcile(container);
    }
    return this.announced(scope, container, credentials);
  }

  /** Listeners hear of each new SAS of a Databricks staging container (the opt-in push to clusters). */
  onNewSas(listener: NewSasListener): void {
    this.newSasListeners.push(listener);
  }

  /**
   * Whether a cluster's Spark config (clusters/get's spark_conf) holds a usable SAS for the
   * sandbox's Databricks staging container, and a message that says so or what to fix.
   */
  async checkClusterSas(scope: CallerSandbox, sparkConf: Readonly<Record<string, string>>, clusterId: string): Promise<{ check: ClusterSasCheck; message: string }> {
    const container = await this.ensureContainer(scope, DATABRICKS_STAGING);
    const target = this.stagingTarget(container);
    const check = checkClusterSas(sparkConf, target, await listPolicies(this.store.db, container.id), this.now());
    return { check, message: describeClusterSas(check, target, clusterId) };
  }

  stagingTarget(container: Pick<ContainerRecord, "containerName">): StagingTarget {
    return { containerName: container.containerName, storageAccountName: this.account.accountName };
  }

  private async announced(
    scope: CallerSandbox,
    container: ContainerRecord,
    credentials: LandingZoneCredentials,
  ): Promise<LandingZoneCredentials & { clusterUpdates?: ClusterUpdate[] }> {
    if (container.type !== DATABRICKS_STAGING || this.newSasListeners.length === 0) return credentials;
    const updates = (await Promise.all(this.newSasListeners.map((listener) => listener(scope, credentials)))).flat();
    return updates.length > 0 ? { ...credentials, clusterUpdates: updates } : credentials;
  }

  /** Rewrites the stored access policies of every container whose ACL differs from the store. */
  async reconcileWithStore(): Promise<void> {
    for (const container of await listContainers(this.store.db)) await this.reconcile(container);
  }

  private async reconcile(container: ContainerRecord): Promise<void> {
    await this.mutex.run(container.id, () =>
      this.store.db.transaction().execute(async (trx) => {
        await lockContainer(trx, container.id, this.store.capabilities);
        const policies = await listPolicies(trx, container.id);
        const client = this.storage.getContainerClient(container.containerName);
        const acl = await readAcl(client);
        if (acl === "no container") {
          await this.createInStorage(container.containerName, landingZoneKind(container.type)?.folder);
        } else if (aclMatches(acl, policies)) {
          return;
        }
        await writeAcl(client, policies);
      }),
    );
  }

  private async rotate(container: ContainerRecord, mode: "always" | "when-missing"): Promise<PolicyRecord> {
    return this.mutex.run(container.id, () =>
      this.store.db.transaction().execute(async (trx) => {
        await lockContainer(trx, container.id, this.store.capabilities);
        const existing = await listPolicies(trx, container.id);
        const now = this.now();
        const stillCurrent = currentPolicy(existing, now);
        if (mode === "when-missing" && stillCurrent) return stillCurrent; // another caller renewed it
        const plan = planRefresh(existing, {
          now,
          newPolicyId: `dlz-${randomUUID()}`,
          ttlMs: this.settings.tokenTtlDays * DAY_MS,
          graceMs: this.settings.refreshGraceSeconds * 1000,
        });
        await writeAcl(this.storage.getContainerClient(container.containerName), plan.keep);
        await replacePolicies(trx, container.id, plan.keep, plan.drop);
        return plan.current;
      }),
    );
  }

  private async ensureContainer(scope: CallerSandbox, type: string): Promise<ContainerRecord> {
    const cacheKey = `${scope.imsOrgId}\n${scope.sandboxName}\n${type}`;
    const known = this.containers.get(cacheKey);
    if (known) return known;
    const kind = landingZoneKind(type);
    if (!kind) throw new UnknownLandingZoneTypeError(type);
    const key = { imsOrgId: scope.imsOrgId, sandboxName: scope.sandboxName, type };
    let container = await findContainer(this.store.db, key);
    if (!container) {
      await insertContainerIfAbsent(
        this.store.db,
        { id: randomUUID(), ...key, containerName: containerNameFor(kind, scope) },
        this.now(),
      );
      container = (await findContainer(this.store.db, key))!;
    }
    await this.createInStorage(container.containerName, kind.folder);
    this.containers.set(cacheKey, container);
    return container;
  }

  private async createInStorage(containerName: string, folder: string | undefined): Promise<void> {
    const client = this.storage.getContainerClient(containerName);
    await withDeadline((options) => client.createIfNotExists(options));
    if (folder) {
      // How WASB marks a folder: a zero-byte blob named after it, flagged hdi_isfolder.
      const marker = client.getBlockBlobClient(folder);
      if (!(await withDeadline((options) => marker.exists(options)))) {
        await withDeadline((options) => marker.upload("", 0, { ...options, metadata: { hdi_isfolder: "true" } }));
      }
    }
  }

  private toCredentials(container: ContainerRecord, policy: PolicyRecord): LandingZoneCredentials {
    return this.issued.forPolicy(container.id, policy, () => this.deriveCredentials(container, policy));
  }

  private deriveCredentials(container: ContainerRecord, policy: PolicyRecord): LandingZoneCredentials {
    const SASToken = policySasToken(container.containerName, policy.policyId, this.account.credential);
    const expiry = new Date(policy.expiresAt);
    return withBody({
      containerName: container.containerName,
      SASToken,
      storageAccountName: this.account.accountName,
      SASUri: `${this.account.containerUrl(container.containerName)}?${SASToken}`,
      expiryDate: expiry.toISOString().slice(0, 10),
      expiryTime: expiry.toISOString(),
    });
  }
}

/** The container's stored access policies: the expiry only, permissions and start stay in the SAS. */
async function writeAcl(client: ContainerClient, policies: readonly PolicyRecord[]): Promise<void> {
  const acl = policies.map((p) => ({ id: p.policyId, accessPolicy: { expiresOn: new Date(p.expiresAt) } as never }));
  await withDeadline((options) => client.setAccessPolicy(undefined, acl, options));
}

async function readAcl(client: ContainerClient): Promise<SignedIdentifier[] | "no container"> {
  try {
    return (await withDeadline((options) => client.getAccessPolicy(options))).signedIdentifiers;
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404) return "no container";
    throw error;
  }
}

/** Expiries are compared to the second: the storage service may keep fewer fractional digits. */
function aclMatches(acl: readonly SignedIdentifier[], policies: readonly PolicyRecord[]): boolean {
  const seconds = (ms: number) => Math.floor(ms / 1000);
  const expected = new Map(policies.map((p) => [p.policyId, seconds(p.expiresAt)]));
  return (
    acl.length === expected.size &&
    acl.every(
      ({ id, accessPolicy }) =>
        expected.get(id) !== undefined &&
        accessPolicy?.expiresOn !== undefined &&
        seconds(accessPolicy.expiresOn.getTime()) === expected.get(id) &&
        !accessPolicy.permissions &&
        !accessPolicy.startsOn,
    )
  );
}

/**
 * AEP gives every sandbox a storage account of its own, so its container names repeat
 * (dlz-databricks-container). Here one account serves every (org, sandbox), so the name carries
 * a short digest of the scope: stable, valid (lowercase, ≤ 63) and unguessable across sandboxes.
 */
export function containerNameFor(kind: LandingZoneKind, scope: CallerSandbox): string {
  const digest = createHash("sha256").update(`${scope.imsOrgId}\n${scope.sandboxName}`).digest("hex").slice(0, 12);
  return `${kind.containerBase}-${digest}`;
}
