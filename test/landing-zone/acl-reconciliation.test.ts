/**
 * The store holds the truth about a container's stored access policies; the service rewrites a
 * container ACL that differs from it (docs/api/landing-zone.md#refresh-the-credentials), so a
 * revoked SAS stays revoked whatever the blob service lost or was told.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newEmbeddedAccount } from "../../local/embedded-account.js";
import { startEmbeddedBlobService } from "../../local/azurite.js";
import { loadConfig } from "../../src/config.js";
import { embeddedBlobAccount } from "../../src/landing-zone/blob-account.js";
import { type LandingZoneCredentials, LandingZoneService } from "../../src/landing-zone/service.js";
import { containerWithSas, listOnce, storageStatus } from "../support/blob.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const CREDENTIALS = "/data/foundation/connectors/landingzone/credentials?type=dlz_databricks_source";
const DAY_MS = 86_400_000;

async function credentials(system: TestSystem, action?: "refresh"): Promise<LandingZoneCredentials> {
  const response = await fetch(`${system.url}${CREDENTIALS}${action ? `&action=${action}` : ""}`, {
    method: action ? "POST" : "GET",
    headers: await system.headers(),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as LandingZoneCredentials;
}

const policyIdOf = (issued: LandingZoneCredentials) => new URLSearchParams(issued.SASToken).get("si")!;
const listStatus = (sasUri: string) => storageStatus(() => listOnce(containerWithSas(sasUri)));

describe("reconciling container ACLs with the store", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  const reconcileAtStart = () =>
    new LandingZoneService(system.service.store, system.blobAccount, loadConfig({}).landingZone).reconcileWithStore();
  const aclOf = async (containerName: string) =>
    (await system.blobAccount.service.getContainerClient(containerName).getAccessPolicy()).signedIdentifiers.map((entry) => ({
      id: entry.id,
      expiresOn: entry.accessPolicy?.expiresOn?.toISOString().slice(0, 19),
    }));

  it("rewrites an ACL changed behind the service's back: the revoked SAS is refused again, the current one works", async () => {
    const revoked = await credentials(system);
    const current = await credentials(system, "refresh");
    const admin = system.blobAccount.service.getContainerClient(current.containerName);
    await admin.setAccessPolicy(undefined, [
      { id: policyIdOf(revoked), accessPolicy: { expiresOn: new Date(Date.now() + DAY_MS) } as never },
    ]);
    expect(await listStatus(revoked.SASUri)).toBe(200);
    expect(await listStatus(current.SASUri)).toBe(403);

    await reconcileAtStart();

    expect(await aclOf(current.containerName)).toEqual([{ id: policyIdOf(current), expiresOn: current.expiryTime.slice(0, 19) }]);
    expect(await listStatus(revoked.SASUri)).toBe(403);
    expect(await listStatus(current.SASUri)).toBe(200);
  });

  it("leaves an ACL that matches the store as it is", async () => {
    const current = await credentials(system);
    const admin = system.blobAccount.service.getContainerClient(current.containerName);
    const before = (await admin.getProperties()).etag;
    await reconcileAtStart();
    expect((await admin.getProperties()).etag).toBe(before);
  });

  it("gives back a container the blob service lost, with its staging folder and its policies", async () => {
    const current = await credentials(system);
    await system.blobAccount.service.getContainerClient(current.containerName).delete();
    expect(await listStatus(current.SASUri)).toBe(403);

    await reconcileAtStart();

    expect(await aclOf(current.containerName)).toEqual([{ id: policyIdOf(current), expiresOn: current.expiryTime.slice(0, 19) }]);
    expect(await listStatus(current.SASUri)).toBe(200);
    const marker = await containerWithSas(current.SASUri).getBlobClient("adobe-managed-staging").getProperties();
    expect(marker.metadata?.hdi_isfolder).toBe("true");
  });

  it("puts the ACL back as the store has it when a refresh fails after writing it: the current SAS keeps working", async () => {
    const current = await credentials(system);
    const { db } = system.service.store;
    await sql`CREATE TRIGGER store_refuses_policies BEFORE INSERT ON landing_zone_policies BEGIN SELECT RAISE(ABORT, 'store down'); END`.execute(db);
    try {
      const failed = await fetch(`${system.url}${CREDENTIALS}&action=refresh`, { method: "POST", headers: await system.headers() });
      expect(failed.status).toBe(500);
    } finally {
      await sql`DROP TRIGGER store_refuses_policies`.execute(db);
    }
    expect(await aclOf(current.containerName)).toEqual([{ id: policyIdOf(current), expiresOn: current.expiryTime.slice(0, 19) }]);
    expect(await listStatus(current.SASUri)).toBe(200);
    expect((await credentials(system)).SASToken).toBe(current.SASToken);
  });

  it("reconciles when a service starts on the store", async () => {
    const revoked = await credentials(system);
    const current = await credentials(system, "refresh");
    await system.blobAccount.service
      .getContainerClient(current.containerName)
      .setAccessPolicy(undefined, [{ id: policyIdOf(revoked), accessPolicy: { expiresOn: new Date(Date.now() + DAY_MS) } as never }]);

    await system.startPeer();

    expect(await listStatus(revoked.SASUri)).toBe(403);
    expect(await listStatus(current.SASUri)).toBe(200);
  });
});

describe("the embedded blob service on disk", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ds-dlz-acl-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("has a container's new stored access policies on disk once Set Container ACL has answered", async () => {
    const account = newEmbeddedAccount();
    const live = path.join(dataDir, "live");
    const blob = await startEmbeddedBlobService({ port: 0, location: live, accounts: [account] });
    const admin = embeddedBlobAccount(account.name, account.key, blob.url).service.getContainerClient("acl-on-disk");
    try {
      await admin.create();
      await admin.setAccessPolicy(undefined, [{ id: "policy-on-disk", accessPolicy: { expiresOn: new Date(Date.now() + DAY_MS) } as never }]);
      // what a crash at this moment would leave behind
      cpSync(live, path.join(dataDir, "after-crash"), { recursive: true });
    } finally {
      await blob.close();
    }
    const restarted = await startEmbeddedBlobService({ port: 0, location: path.join(dataDir, "after-crash"), accounts: [account] });
    try {
      const acl = await embeddedBlobAccount(account.name, account.key, restarted.url).service.getContainerClient("acl-on-disk").getAccessPolicy();
      expect(acl.signedIdentifiers.map((entry) => entry.id)).toEqual(["policy-on-disk"]);
    } finally {
      await restarted.close();
    }
  });
});
