import { describe, expect, it } from "vitest";
import { checkClusterSas, describeClusterSas, sparkConfKey, withSas } from "./cluster-sas.js";

const target = { containerName: "dlz-databricks-container-abc", storageAccountName: "acct" };
const KEY = "fs.azure.sas.dlz-databricks-container-abc.acct.blob.core.windows.net";
const NOW = 1_000_000;
const policy = (policyId: string, expiresAt: number) => ({ policyId, createdAt: 0, expiresAt, supersededAt: null });
const token = (si: string) => `sv=2020-10-02&si=${si}&sr=c&sp=racwdlm&sig=SECRETSIG%3D`;

describe("the SAS in a cluster's Spark config", () => {
  it("names the WASB key of the container", () => {
    expect(sparkConfKey(target)).toBe(KEY);
  });

  it("tells a usable SAS from a missing, revoked and expired one, by its policy id", () => {
    const policies = [policy("dlz-current", NOW + 1000), policy("dlz-ended", NOW - 1)];
    expect(checkClusterSas({ [KEY]: token("dlz-current") }, target, policies, NOW)).toMatchObject({ ok: true, policyId: "dlz-current" });
    expect(checkClusterSas({ [`spark.hadoop.${KEY}`]: token("dlz-current") }, target, policies, NOW)).toMatchObject({ ok: true });
    expect(checkClusterSas({ other: "x", [KEY]: "  " }, target, policies, NOW)).toMatchObject({ ok: false, problem: "missing" });
    expect(checkClusterSas({ [KEY]: token("dlz-gone") }, target, policies, NOW)).toMatchObject({ ok: false, problem: "revoked", policyId: "dlz-gone" });
    expect(checkClusterSas({ [KEY]: "sv=2020-10-02&sr=c&sig=x" }, target, policies, NOW)).toMatchObject({ ok: false, problem: "revoked" });
    expect(checkClusterSas({ [KEY]: token("dlz-ended") }, target, policies, NOW)).toMatchObject({ ok: false, problem: "expired", expiredAt: NOW - 1 });
  });

  it("describes each problem naming container, account, key and fix, never the token", () => {
    const policies = [policy("dlz-ended", NOW - 1)];
    const confs: Record<string, string>[] = [{}, { [KEY]: token("dlz-gone") }, { [KEY]: token("dlz-ended") }];
    const messages = confs.map((conf) =>
      describeClusterSas(checkClusterSas(conf, target, policies, NOW), target, "c-1"),
    );
    expect(messages.map((m) => m.split(":")[0])).toEqual(["Missing SAS", "Revoked SAS", "Expired SAS"]);
    for (const message of messages) {
      expect(message).toContain(target.containerName);
      expect(message).toContain("'acct'");
      expect(message).toContain(KEY);
      expect(message).toContain("sparkConf=true");
      expect(message).not.toContain("SECRETSIG");
    }
  });

  it("puts a new token under the keys the cluster already uses, keeping the rest", () => {
    expect(withSas({ a: "1" }, target, "new")).toEqual({ a: "1", [KEY]: "new" });
    expect(withSas({ [`spark.hadoop.${KEY}`]: "old" }, target, "new")).toEqual({ [`spark.hadoop.${KEY}`]: "new" });
  });
});
