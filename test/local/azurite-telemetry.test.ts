/**
 * The embedded blob service leaves the process's module loading alone: Azurite's telemetry package
 * (applicationinsights, which hooks every `require` and wraps modules such as pg as they load) is
 * never loaded, in a fresh process as npm start's.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/repo-root.js";

const run = promisify(execFile);

const CHILD = `
import { createRequire, Module } from "node:module";
const require = createRequire(process.cwd() + "/");
const requireBefore = Module.prototype.require;
const { startEmbeddedBlobService } = await import("./local/azurite.ts");
const service = await startEmbeddedBlobService({ port: 0, accounts: [{ name: "acct", key: Buffer.from("k".repeat(32)).toString("base64") }] });
const listed = await fetch(service.url + "/acct?comp=list");
await service.close();
const loaded = Object.keys(require.cache).filter((file) => /node_modules\\/(applicationinsights|diagnostic-channel)/.test(file));
console.log(JSON.stringify({ status: listed.status, requireHooked: Module.prototype.require !== requireBefore, loaded }));
`;

describe("the embedded blob service's start", () => {
  it("never loads Azurite's telemetry package, whose require hook would wrap the process's modules", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", CHILD], { cwd: REPO_ROOT });
    const seen = JSON.parse(stdout.trim().split("\n").at(-1)!);
    // a request without credentials reaches Azurite and is refused by it: the server runs
    expect(seen.status).toBe(403);
    expect(seen.requireHooked).toBe(false);
    expect(seen.loaded.filter((file: string) => file.includes("diagnostic-channel"))).toEqual([]);
  });
});
