import { afterEach, describe, expect, it } from "vitest";
import type { LandingZoneCredentials } from "../../src/landing-zone/service.js";
import { containerWithSas, listOnce, storageStatus } from "../support/blob.js";
import { DIALECTS } from "../support/postgres.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const REFRESH = "/data/foundation/connectors/landingzone/credentials?type=dlz_databricks_source&action=refresh";

async function refreshAt(baseUrl: string, headers: Record<string, string>): Promise<LandingZoneCredentials> {
  const response = await fetch(`${baseUrl}${REFRESH}`, { method: "POST", headers });
  expect(response.status).toBe(200);
  return (await response.json()) as LandingZoneCredentials;
}

async function workingTokens(tokens: LandingZoneCredentials[]): Promise<LandingZoneCredentials[]> {
  const statuses = await Promise.all(tokens.map((t) => storageStatus(() => listOnce(containerWithSas(t.SASUri)))));
  expect(statuses.every((s) => s === 200 || s === 403)).toBe(true);
  return tokens.filter((_, i) => statuses[i] === 200);
}

async function aclIds(system: TestSystem, containerName: string): Promise<string[]> {
  const acl = await system.blobAccount.service.getContainerClient(containerName).getAccessPolicy();
  return acl.signedIdentifiers.map((s) => s.id);
}

describe.each(DIALECTS)("50 concurrent refreshes (%s)", (dialect) => {
  let system: TestSystem | undefined;
  afterEach(async () => {
    await system?.close();
    system = undefined;
  });

  it("end with exactly one current token when there is no grace window", async () => {
    system = await startTestSystem({ dialect });
    const headers = await system.headers();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => refreshAt(system!.url, headers)));
    expect(new Set(tokens.map((t) => t.SASToken)).size).toBe(50);
    const alive = await workingTokens(tokens);
    expect(alive).toHaveLength(1);
    const current = await (await fetch(`${system.url}/data/foundation/connectors/landingzone/credentials?type=dlz_databricks_source`, { headers })).json();
    expect(current.SASToken).toBe(alive[0].SASToken);
    expect(await aclIds(system, current.containerName)).toHaveLength(1);
  });

  it("end with one current token plus at most the one inside its grace window", async () => {
    system = await startTestSystem({ dialect, env: { DLZ_REFRESH_GRACE_SECONDS: "600" } });
    const headers = await system.headers();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => refreshAt(system!.url, headers)));
    const alive = await workingTokens(tokens);
    expect(alive.length).toBeGreaterThanOrEqual(1);
    expect(alive.length).toBeLessThanOrEqual(2);
    const ids = await aclIds(system, tokens[0].containerName);
    expect(ids.length).toBeLessThanOrEqual(2);
    expect(ids.length).toBeLessThanOrEqual(5);
  });
});

describe.runIf(DIALECTS.includes("postgres"))("two servers on one PostgreSQL", () => {
  let system: TestSystem | undefined;
  afterEach(async () => {
    await system?.close();
  });

  it("never interleave their read-modify-write of the container ACL", async () => {
    system = await startTestSystem({ dialect: "postgres", env: { DLZ_REFRESH_GRACE_SECONDS: "600" } });
    const peer = await system.startPeer();
    const headers = await system.headers();
    const urls = [system.url, peer.url];
    const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => refreshAt(urls[i % 2], headers)));
    const alive = await workingTokens(tokens);
    expect(alive.length).toBeGreaterThanOrEqual(1);
    expect(alive.length).toBeLessThanOrEqual(2);
    // the store and the ACL agree on what is alive
    const ids = await aclIds(system, tokens[0].containerName);
    const aliveIds = alive.map((t) => new URLSearchParams(t.SASToken).get("si"));
    expect(ids.sort()).toEqual(aliveIds.sort());
    const rows = await system.service.store.db.selectFrom("landing_zone_policies").select("policy_id").execute();
    expect(rows.map((r) => r.policy_id).sort()).toEqual(ids.sort());
  });
});
