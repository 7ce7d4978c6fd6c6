/**
 * A first account on the local workspace, made in the console with the staging SAS pushed into its
 * cluster, which restarts to take it: the table list waits for the cluster, saying so in console
 * words, and lists the tables once it is RUNNING with no click of the user's; so does a table's
 * preview asked for while the cluster restarts again, on Sources and in the dataflow wizard. Real `npm start`, real browser. Screenshots: test-artifacts/console/.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { terminateCluster } from "../support/aep-calls.js";
import { workspaceCall } from "../support/journey.js";
import { CHROMIUM } from "./browser.js";
import { consoleSuite, signIn } from "./console-suite.js";

describe.skipIf(!existsSync(CHROMIUM))("the table list of an account whose cluster restarts, in a browser, against npm start", () => {
  const { system, browser, page } = consoleSuite({
    dataDirPrefix: "ds-cluster-restart-",
    // a restart long enough to see the list wait for it, and for a preview asked for right after a restart to find it
    // restarting on a loaded machine (6 s was once too short in a full run: the preview came after the restart)
    env: { DATABRICKS_CLUSTER_START_DELAY_MS: "10000" },
    prepare: async ({ page }) => {
      await signIn(page());
      await page().getByRole("link", { name: "Sources", exact: true }).waitFor();
    },
  });

  it("waits for the restarting cluster, then lists the tables and previews one by itself, on Sources and in the wizard", async () => {
    await page().getByRole("link", { name: "Sources", exact: true }).click();
    await page().getByLabel("Account name").fill("Local workspace");
    await page().getByLabel(/^Domain/).fill(system().workspace!.url);
    await page().getByRole("textbox", { name: "Access token" }).fill(system().workspace!.token);
    await page().getByLabel(/^Cluster ID/).fill(system().workspace!.clusterId);
    await page().getByLabel(/^Database/).fill("demo");
    await page().getByRole("checkbox", { name: /^Put the staging SAS into the cluster's Spark config/ }).check();
    await page().getByRole("button", { name: "Connect to source" }).click();

    const waiting = page().getByTestId("cluster-starting");
    await waiting.waitFor({ timeout: 20_000 });
    expect(await waiting.textContent()).toMatch(/^The cluster is restarting \(as it does after the service put the staging SAS into it\): the tables are listed once it\s+is RUNNING/);
    // no API advice (autoStart=true) and nothing to click meanwhile
    expect(await page().getByText(/autoStart/).count()).toBe(0);
    expect(await page().getByRole("button", { name: "List the tables again" }).count()).toBe(0);
    // when it asks again, counted down, and how often the cluster said no
    const nextTry = page().getByTestId("cluster-next-try");
    const countdown = await nextTry.textContent();
    expect(countdown).toMatch(/^Asked \d+ times? so far; (asking again in [123] s\.|asking again now…)$/);
    await expect.poll(() => nextTry.textContent(), { timeout: 5_000, interval: 200 }).not.toBe(countdown);
    await expect.poll(() => nextTry.textContent(), { timeout: 10_000 }).toMatch(/^Asked [2-9]\d* times so far/);
    await browser().screenshot("sources-cluster-restarting");

    const pushed = page().getByRole("status").filter({ hasText: "Done for you (the connection asks for it)" });
    expect(await pushed.textContent()).toContain("test the connection once it is RUNNING again.");

    await page().getByRole("button", { name: "customers", exact: true }).waitFor({ timeout: 30_000 });
    expect(await waiting.count()).toBe(0);
    // the tables listed, the cluster is running: the notice no longer asks to wait for it
    await expect.poll(() => pushed.textContent()).toMatch(/The cluster is RUNNING again with it\.$/);
    expect(await pushed.textContent()).not.toContain("once it is RUNNING again");
    await browser().screenshot("sources-cluster-running-again");

    // a preview asked for while the cluster restarts again waits for it the same way
    await workspaceCall(system(), "/api/2.1/clusters/restart", { cluster_id: system().workspace!.clusterId });
    await page().getByRole("button", { name: "customers", exact: true }).click();
    await waiting.waitFor({ timeout: 20_000 });
    expect(await waiting.textContent()).toMatch(/^The cluster is restarting .*: the rows are read once it is RUNNING/);
    await page().getByText(/^the first 100 rows, \d+ columns$/).waitFor({ timeout: 30_000 });
    expect(await waiting.count()).toBe(0);
    expect(await page().getByText(/autoStart/).count()).toBe(0);

    // so does the wizard's preview of its source table
    await page().getByRole("link", { name: "New dataflow" }).click();
    await page().getByRole("button", { name: "customers", exact: true }).waitFor({ timeout: 30_000 });
    await workspaceCall(system(), "/api/2.1/clusters/restart", { cluster_id: system().workspace!.clusterId });
    await page().getByRole("button", { name: "customers", exact: true }).click();
    await waiting.waitFor({ timeout: 20_000 });
    expect(await waiting.textContent()).toMatch(/^The cluster is restarting .*: demo\.customers is read once it is RUNNING/);
    await page().getByText("demo.customers: the first 100 rows").waitFor({ timeout: 30_000 });
    expect(await waiting.count()).toBe(0);
    expect(await page().getByText(/autoStart/).count()).toBe(0);
    // the refused lists while it restarted are the browser's only errors
    expect(browser().errorsBesides(400)).toEqual([]);
  }, 90_000);

  it("offers to start a stopped cluster where the table list found it stopped, then lists the tables once it runs", async () => {
    await terminateCluster(system());
    await page().getByRole("link", { name: "Sources", exact: true }).click();
    await page().getByRole("button", { name: "Local workspace" }).first().click();
    const stopped = page().getByTestId("cluster-stopped");
    await stopped.waitFor({ timeout: 20_000 });
    expect(await stopped.textContent()).toContain("The account's cluster is stopped (TERMINATED): start it here (or in Databricks)");
    expect(await page().getByText(/autoStart/).count()).toBe(0);
    await browser().screenshot("sources-cluster-stopped");
    await page().getByRole("button", { name: "Start the cluster" }).click();
    await page().getByText("Starting the cluster, and waiting until it runs").waitFor({ timeout: 5_000 });
    await page().getByRole("button", { name: "customers", exact: true }).waitFor({ timeout: 60_000 });
    expect(await stopped.count()).toBe(0);
    expect(browser().errorsBesides(400)).toEqual([]);
  }, 90_000);
});
