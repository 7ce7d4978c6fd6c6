import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LandingZoneCredentials } from "../../src/landing-zone/service.js";
import { containerWithSas, eventually, listOnce, storageStatus } from "../support/blob.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const CREDENTIALS = "/data/foundation/connectors/landingzone/credentials";

async function call(system: TestSystem, method: string, query: string, sandbox = "prod") {
  const response = await fetch(`${system.url}${CREDENTIALS}?${query}`, {
    method,
    headers: { ...(await system.headers(sandbox)), "content-type": "application/json" },
  });
  // a GET sends the body serialized once for its policy: still JSON to every client
  expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  return { status: response.status, body: (await response.json()) as LandingZoneCredentials & Record<string, unknown> };
}

const get = (system: TestSystem, type = "dlz_databricks_source", sandbox = "prod") =>
  call(system, "GET", `type=${type}`, sandbox).then((r) => {
    expect(r.status).toBe(200);
    return r.body;
  });
const refresh = (system: TestSystem, type = "dlz_databricks_source") =>
  call(system, "POST", `type=${type}&action=refresh`).then((r) => {
    expect(r.status).toBe(200);
    return r.body;
  });

describe("landing zone credentials on the embedded Azurite", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  it("hands out a container SAS in AEP's layout with exactly the documented fields plus expiryTime", async () => {
    const body = await get(system);
    expect(Object.keys(body).sort()).toEqual(
      ["SASToken", "SASUri", "containerName", "expiryDate", "expiryTime", "storageAccountName"].sort(),
    );
    expect(body.SASToken).toMatch(/^sv=2020-10-02&si=dlz-[0-9a-f-]{36}&sr=c&sp=racwdlm&sig=[^&]+$/);
    expect(body.storageAccountName).toMatch(/^[a-z0-9]{24}$/);
    expect(body.SASUri).toBe(`${system.blob.url}/${body.storageAccountName}/${body.containerName}?${body.SASToken}`);
    expect(body.expiryDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const expiry = Date.parse(body.expiryTime);
    expect(expiry - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(body.expiryDate).toBe(body.expiryTime.slice(0, 10));
    // the same token until a refresh
    expect((await get(system)).SASToken).toBe(body.SASToken);
  });

  it("creates the Databricks container with the adobe-managed-staging folder", async () => {
    const { containerName } = await get(system);
    const admin = system.blobAccount.service.getContainerClient(containerName);
    const marker = await admin.getBlobClient("adobe-managed-staging").getProperties();
    expect(marker.metadata?.hdi_isfolder).toBe("true");
    const info = await fetch(`${system.url}/data/foundation/connectors/landingzone?type=dlz_databricks_source`, {
      headers: await system.headers(),
    });
    expect(await info.json()).toEqual({ containerName, containerTTL: "7" });
  });

  it("lets a fresh SAS do what Spark's WASB driver does to write a file", async () => {
    const container = containerWithSas((await get(system)).SASUri);
    const dir = `adobe-managed-staging/${randomUUID()}`;
    // mkdirs: a zero-byte folder marker
    await container.getBlockBlobClient(dir).upload("", 0, { metadata: { hdi_isfolder: "true" } });
    // the link file, then the data as blocks to a temp name
    const target = container.getBlockBlobClient(`${dir}/part-00000.parquet`);
    await target.upload("", 0, { metadata: { hdi_tmpupload: "temp" } });
    const temp = container.getBlockBlobClient(`_$azuretmpfolder$/${randomUUID()}part-00000.parquet`);
    const blockId = Buffer.from("block-000000").toString("base64");
    const payload = Buffer.from("PAR1 not really parquet PAR1");
    await temp.stageBlock(blockId, payload, payload.length);
    await temp.commitBlockList([blockId]);
    // rename = copy within the container + delete
    const poller = await target.beginCopyFromURL(temp.url);
    await poller.pollUntilDone();
    await temp.delete();
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat({ prefix: dir })) names.push(blob.name);
    expect(names).toEqual([dir, `${dir}/part-00000.parquet`]);
    expect((await target.downloadToBuffer()).equals(payload)).toBe(true);
    await target.delete();
    expect(await storageStatus(() => temp.getProperties())).toBe(404);
  });

  it("cannot touch another type's container or another sandbox's container", async () => {
    const databricks = await get(system);
    const dropZone = await get(system, "user_drop_zone");
    const otherSandbox = await get(system, "dlz_databricks_source", "dev");
    expect(new Set([databricks.containerName, dropZone.containerName, otherSandbox.containerName]).size).toBe(3);
    for (const foreign of [dropZone, otherSandbox]) {
      const trespass = containerWithSas(
        `${system.blob.url}/${foreign.storageAccountName}/${foreign.containerName}?${databricks.SASToken}`,
      );
      expect(await storageStatus(() => listOnce(trespass))).toBe(403);
      expect(await storageStatus(() => trespass.getBlockBlobClient("x").upload("x", 1))).toBe(403);
    }
    // and each sandbox's own token works on its own container
    expect(await storageStatus(() => listOnce(containerWithSas(otherSandbox.SASUri)))).toBe(200);
  });

  it("revokes the old SAS at once on refresh; the new one works", async () => {
    const before = await get(system);
    const after = await refresh(system);
    expect(after.SASToken).not.toBe(before.SASToken);
    expect(new URLSearchParams(after.SASToken).get("si")).not.toBe(new URLSearchParams(before.SASToken).get("si"));
    expect(await storageStatus(() => listOnce(containerWithSas(before.SASUri)))).toBe(403);
    expect(await storageStatus(() => listOnce(containerWithSas(after.SASUri)))).toBe(200);
    expect((await get(system)).SASToken).toBe(after.SASToken);
  });

  it("refreshes through GET with action=refresh too (as a curl example of AEP's Databricks page does)", async () => {
    const before = await get(system);
    const after = await call(system, "GET", "type=dlz_databricks_source&action=refresh");
    expect(after.status).toBe(200);
    expect(after.body.SASToken).not.toBe(before.SASToken);
    expect(await storageStatus(() => listOnce(containerWithSas(before.SASUri)))).toBe(403);
  });

  it("answers a policy whose expiry has passed with 403, and the next GET hands out a new working token", async () => {
    const stale = await get(system);
    const policyId = new URLSearchParams(stale.SASToken).get("si")!;
    // Let time pass for this policy: its expiry moves into the past, in the ACL and in the store.
    const past = new Date(Date.now() - 60_000);
    await system.blobAccount.service
      .getContainerClient(stale.containerName)
      .setAccessPolicy(undefined, [{ id: policyId, accessPolicy: { expiresOn: past } as never }]);
    await system.service.store.db
      .updateTable("landing_zone_policies")
      .set({ expires_at: past.getTime() })
      .where("policy_id", "=", policyId)
      .execute();
    expect(await storageStatus(() => listOnce(containerWithSas(stale.SASUri)))).toBe(403);
    const renewed = await get(system);
    expect(renewed.SASToken).not.toBe(stale.SASToken);
    expect(await storageStatus(() => listOnce(containerWithSas(renewed.SASUri)))).toBe(200);
  });

  it("refuses a refresh for an unknown type and a POST without action=refresh", async () => {
    const unknown = await call(system, "POST", "type=s3_bucket&action=refresh");
    expect(unknown.status).toBe(400);
    expect(unknown.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1710-400");
    expect(unknown.body.errorMessage).toBe(
      "The provided landing zone of type: s3_bucket is not supported. Please provide a valid landing zone type and try again: type=dlz_databricks_source, type=user_drop_zone, type=dlz_destination.",
    );
    const missing = await call(system, "GET", "");
    expect(missing.status).toBe(400);
    expect(missing.body.errorMessage).toContain("The provided landing zone of type: (none: the type query parameter is missing) is not supported.");
    const noAction = await call(system, "POST", "type=dlz_databricks_source");
    expect(noAction.status).toBe(400);
    expect(noAction.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1705-400");
    // each refusal says what to send instead
    expect(noAction.body.errorMessage).toContain("(none: the action query parameter is missing)");
    expect(noAction.body.errorMessage).toContain("action=refresh");
    const badAction = await call(system, "GET", "type=dlz_databricks_source&action=rotate");
    expect(badAction.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1705-400");
    expect(badAction.body.errorMessage).toContain(": rotate is unsupported");
    expect(badAction.body.errorMessage).toContain("action=refresh");
  });

  it("refuses an action on the container endpoint, saying where a refresh goes", async () => {
    const response = await fetch(`${system.url}/data/foundation/connectors/landingzone?type=dlz_databricks_source&action=refresh`, { headers: await system.headers() });
    const body = (await response.json()) as { type: string; errorMessage: string };
    expect(response.status).toBe(400);
    expect(body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1712-400");
    expect(body.errorMessage).toContain(`POST ${CREDENTIALS}?type=<type>&action=refresh`);
  });
});

describe("landing zone refresh with a grace window", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ env: { DLZ_REFRESH_GRACE_SECONDS: "2" } });
  });
  afterAll(() => system.close());

  it("keeps the previous SAS working until the window ends, then answers 403", async () => {
    expect((await call(system, "GET", "type=dlz_databricks_source&sparkConf=true", "prod")).body.refreshGraceSeconds).toBe(2); // what a refresh will leave
    const before = await get(system);
    const refreshedAt = Date.now();
    const after = await refresh(system);
    const old = containerWithSas(before.SASUri);
    expect(await storageStatus(() => listOnce(old))).toBe(200);
    expect(await storageStatus(() => listOnce(containerWithSas(after.SASUri)))).toBe(200);
    await eventually(async () => (await storageStatus(() => listOnce(old))) === 403, 10_000, 200);
    expect(Date.now() - refreshedAt).toBeGreaterThanOrEqual(1_500);
    expect(await storageStatus(() => listOnce(containerWithSas(after.SASUri)))).toBe(200);
  });

  it("gives grace to the previous token only: a second refresh revokes the one before it at once", async () => {
    const first = await get(system);
    const second = await refresh(system);
    const third = await refresh(system);
    expect(await storageStatus(() => listOnce(containerWithSas(first.SASUri)))).toBe(403);
    expect(await storageStatus(() => listOnce(containerWithSas(second.SASUri)))).toBe(200);
    expect(await storageStatus(() => listOnce(containerWithSas(third.SASUri)))).toBe(200);
  });
});
