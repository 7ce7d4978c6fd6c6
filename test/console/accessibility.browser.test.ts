/**
 * axe-core, injected into the page, finds nothing serious or critical on the console's main screens
 * (labels, names of buttons and links, contrast, roles): sign-in, the sandbox choice, the landing
 * zone, Sources (an account, its test, tables and preview, the new-account and renewal forms), each
 * step of the dataflow wizard, Monitoring's list of flows and runs, and a run's details, a failed
 * one with what to do about its error. Real `npm start`, real browser. Screenshots:
 * test-artifacts/console/.
 */
import { existsSync } from "node:fs";
import type { Locator } from "playwright-core";
import { beforeEach, describe, expect, it } from "vitest";
import { call, createConnection, FS } from "../support/aep-calls.js";
import { configureClusterSas, createPipeline, flowBody, waitForRuns } from "../support/journey.js";
import { CHROMIUM, axeFindings } from "./browser.js";
import { consoleSuite, newDataflow } from "./console-suite.js";
import { firstBuild } from "./first-build.browser.js";

const SETTLES = { timeout: 30_000 };

describe.skipIf(!existsSync(CHROMIUM))("the console's screens, checked by axe-core", () => {
  const suite = consoleSuite({
    dataDirPrefix: "ds-axe-",
    env: { DATABRICKS_CLUSTER_START_DELAY_MS: "200", RUN_POLL_MS: "100", RUN_RETRY_BACKOFF_MS: "600000" },
    failureName: (testName) => `failure-axe-${testName.split(" ").slice(4, 8).join("-")}`,
  });
  const { system, browser, page } = suite;
  firstBuild.register(suite);
  /** what axe found, per screen checked */
  const findings: string[] = [];
  const check = async (screen: string) => {
    await browser().screenshot(`axe-${screen}`);
    findings.push(...(await axeFindings(page())).map((finding) => `${screen}: ${finding}`));
  };

  beforeEach(() => {
    findings.length = 0;
  });

  /** The missing SAS said with the console's way to fix it; the service's message, which names API calls, shown only on asking for it. */
  async function expectConsoleWayToSas(where: Locator, consoleWay: RegExp) {
    await where.getByText(consoleWay).waitFor(SETTLES);
    const serviceMessage = where.getByText(/pushSasToCluster/);
    expect(await serviceMessage.isVisible()).toBe(false);
    await where.getByText("The service's message").click();
    expect(await serviceMessage.isVisible()).toBe(true);
    expect(await serviceMessage.textContent()).toMatch(/^Missing SAS: .* Fix: GET \/data\/foundation\/connectors\/landingzone\/credentials/);
  }

  it("finds nothing serious on sign-in, the landing zone and Sources", async () => {
    await page().goto("/");
    await page().getByLabel("Client id").waitFor();
    // the command is shown as code, not between literal backticks
    const clientHint = page().locator("p.hint").filter({ hasText: "prints the development client id and secret" });
    expect(await clientHint.locator("code").allTextContents()).toEqual(["npm start", "AUTH_CLIENT_ID", "AUTH_CLIENT_SECRET"]);
    expect(await clientHint.textContent()).toContain("never prints its secret: use the one it was given");
    await check("sign-in");
    await page().getByLabel("With an access token").check();
    await check("sign-in-token");
    await page().getByLabel("With the IMS client").check();
    await page().getByLabel("Client id").fill("dev-client");
    await page().getByLabel("Client secret").fill("wrong-secret");
    await page().getByRole("button", { name: "Sign in" }).click();
    await page().getByRole("alert").waitFor();
    await check("sign-in-refused");
    await page().getByLabel("Client secret").fill("dev-secret");
    await page().getByRole("button", { name: "Sign in" }).click();
    await page().getByLabel("Sandbox", { exact: true }).waitFor();
    await check("sandbox");
    await page().getByRole("button", { name: "Open the console" }).click();

    await page().getByRole("link", { name: "Landing zone" }).click();
    await page().getByTestId("spark-line").waitFor(SETTLES);
    await check("landing-zone");
    // the expiry written as every time of the console is (2026-12-11 17:35:24 UTC)
    expect(await page().getByRole("definition").filter({ has: page().locator("time") }).textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    // no account yet: the check of the clusters the intro speaks of says where it comes from
    expect(await page().getByTestId("no-cluster-accounts").textContent()).toContain("Once one reads through an all-purpose cluster (Sources → New account…), its cluster is listed here");
    // the intro says what the landing zone is, what the cluster writes with, and the screen's ways to give it the SAS and renew it
    const intro = (await page().getByTestId("landing-zone-intro").textContent()) ?? "";
    expect(intro).toMatch(/the landing zone is this service's Azure Blob container where a run stages the rows/i);
    expect(intro).toContain("The cluster writes there with the container's SAS");
    expect(intro).toContain("copy the Spark config line below into the cluster");
    expect(intro).toContain("tick “Put the staging SAS into the cluster's Spark config” on the account (on the Sources screen: New account…, or Renew the credentials of the account…)");
    expect(intro).toContain("Refresh credentials… issues a new one and revokes the old");
    // by keyboard: Enter opens the dialog, Esc closes it and gives the focus back to the button that opened it
    const refresh = page().getByRole("button", { name: "Refresh credentials…" });
    await refresh.focus();
    await page().keyboard.press("Enter");
    await page().getByRole("dialog").waitFor();
    await check("landing-zone-refresh-dialog");
    await page().keyboard.press("Escape");
    await page().getByRole("dialog").waitFor({ state: "detached" });
    expect(await refresh.evaluate((button) => button === document.activeElement)).toBe(true);

    await page().getByRole("link", { name: "Sources", exact: true }).click();
    await page().getByRole("heading", { name: "Sources" }).waitFor();
    await page().getByLabel("Domain (workspace URL)").waitFor(SETTLES); // no account yet: the new-account form
    // the Compute choice, not an API hint, says cluster or warehouse; the push setting has a label in words
    await page().getByLabel(/^Cluster ID/).waitFor();
    expect(await page().getByText(/clusterId or warehouseId/).count()).toBe(0);
    await page().getByRole("checkbox", { name: "Put the staging SAS into the cluster's Spark config", exact: true }).waitFor();
    // a field is named by its label alone, and described by its hint (not named by both)
    const token = page().getByRole("textbox", { name: "Access token", exact: true });
    const hint = await token.evaluate((input) => document.getElementById(input.getAttribute("aria-describedby") ?? "")?.textContent);
    expect(hint).toMatch(/personal access token/);
    await check("sources-new-account");
    // a first account on the local workspace of npm start: the form says what to fill in, and asks for the push of the SAS, the only way onto that cluster
    await page().getByText("Trying the local workspace of npm start?").click();
    // the workspace this npm start runs (on a port of its own here), not the default's
    const workspaceUrl = system().workspace!.url;
    expect(workspaceUrl).not.toBe("http://127.0.0.1:8090");
    expect(await page().locator("details").filter({ hasText: "Trying the local workspace" }).textContent()).toMatch(
      new RegExp(`Domain, Cluster ID and Access token: .*\\(${workspaceUrl.replaceAll(".", "\\.")}, local-cluster and dapi-local-dev by default\\); Database demo\\. Tick “Put the staging SAS into the cluster's Spark config”`),
    );
    const pushNeeded = page().getByTestId("push-sas-needed");
    const pushSas = page().getByRole("checkbox", { name: "Put the staging SAS into the cluster's Spark config", exact: true });
    await page().getByLabel("Domain (workspace URL)").fill("http://127.0.0.1:8090");
    await pushNeeded.waitFor();
    expect(await pushNeeded.textContent()).toMatch(/a workspace on this machine, .* runs through this cluster cannot stage their rows until the service puts the SAS there\. Tick “Put the staging SAS into the cluster's Spark config”\.$/);
    await check("sources-new-account-local-workspace");
    await pushSas.check();
    await pushNeeded.waitFor({ state: "detached" });
    await pushSas.uncheck();
    await page().getByLabel("Domain (workspace URL)").fill("https://adb-1234567890123456.7.azuredatabricks.net");
    await pushNeeded.waitFor({ state: "detached" });
    await page().getByRole("radio", { name: "Delta Sharing" }).check();
    await check("sources-new-sharing-account");
    await createConnection(system());
    await page().reload();
    await page().getByRole("button", { name: /^Renew the credentials of / }).waitFor(SETTLES);
    await page().getByRole("button", { name: "customers", exact: true }).click(SETTLES);
    await page().getByRole("heading", { name: /^Preview of .*customers$/ }).waitFor(SETTLES);
    await page().getByText(/^the first 100 rows, \d+ columns$/).waitFor(SETTLES);
    await check("sources-preview");
    // a cluster without the staging SAS yet: the console's way to put it there, the service's message (API steps) folded away
    await page().getByRole("button", { name: "Test connection" }).click();
    const sasCheck = page().getByRole("list", { name: "Checks" }).getByRole("listitem").filter({ hasText: "stagingSas" });
    await sasCheck.getByText(/In the console:/).waitFor(SETTLES);
    await expectConsoleWayToSas(sasCheck, /copy the staging SAS's Spark config line \(on the Landing zone screen\) into the cluster's Spark config .* then test again\./);
    await check("sources-test-missing-sas");
    await page().getByRole("button", { name: /^Renew the credentials of / }).click();
    await page().getByRole("heading", { name: /^Renew the credentials of / }).waitFor(SETTLES);
    await check("sources-renew");
    // the landing zone again, now with the cluster of an account to check
    await page().getByRole("link", { name: "Landing zone" }).click();
    await page().getByRole("button", { name: "Check the clusters again" }).click(SETTLES);
    await page().waitForLoadState("networkidle");
    const clusterRow = page().getByRole("row").filter({ hasText: "Missing SAS" });
    await expectConsoleWayToSas(clusterRow, /copy the Spark config line above \(Copy the Spark config line\) into the cluster's Spark config .* then Check the clusters again\./);
    await check("landing-zone-clusters");
    expect(findings).toEqual([]);
    expect(browser().errorsBesides(401)).toEqual([]);
  }, 90_000);

  it("finds nothing serious on the wizard's steps, Monitoring and a run's details", async () => {
    // a run that failed (no staging SAS in the cluster yet), for a run's page with errors and what to do about them
    const failing = await call(system(), "POST", `${FS}/flows`, { body: flowBody(await createPipeline(system()), { startTime: Math.floor(Date.now() / 1000), frequency: "once" }, { name: "Without a SAS" }) });
    expect(failing.status, failing.text).toBe(201);
    const [failed] = await waitForRuns(system(), failing.body.id, 1, 30_000);
    await configureClusterSas(system());

    await newDataflow(page());
    await page().getByLabel("Search tables").fill("customers");
    await page().getByRole("button", { name: "customers", exact: true }).click();
    await page().getByText("demo.customers: the first 100 rows").waitFor(SETTLES);
    await check("wizard-source");
    await page().getByRole("button", { name: "Next" }).click();
    await page().getByLabel("Dataflow name").fill("Checked by axe");
    await page().getByLabel("Class", { exact: true }).selectOption({ label: "XDM Individual Profile" });
    await check("wizard-dataset");
    await page().getByRole("button", { name: "Next" }).click();
    await page().getByRole("table", { name: "Mappings" }).waitFor(SETTLES);
    await page().waitForLoadState("networkidle");
    await check("wizard-mapping");
    const field = (await page().getByLabel(/^Source of /).first().getAttribute("aria-label"))!.replace("Source of ", "");
    await page().getByLabel(`Source of ${field}`, { exact: true }).selectOption({ label: "Calculated field…" });
    await page().getByLabel(`Expression for ${field}`).fill("upper(name)");
    // the check answers, then the preview is asked again with the field: Next stays disabled until it answers
    const checked = page().getByRole("row").filter({ has: page().getByLabel(`Expression for ${field}`) }).getByRole("status").getByText(/^✓ valid, gives \w+; on the first row: "[^"]*"/);
    await checked.waitFor(SETTLES);
    const firstValue = /on the first row: "([^"]*)"/.exec((await checked.textContent())!)![1];
    const mappedFirstRow = () => page().getByRole("table", { name: "Mapped rows" }).getByRole("row").nth(1).getByRole("cell").allTextContents();
    await expect.poll(mappedFirstRow, SETTLES).toContain(firstValue);
    await check("wizard-mapping-calculated");
    await page().getByRole("button", { name: "Next" }).click();
    await page().getByLabel("Frequency").selectOption("once");
    await check("wizard-schedule");
    await page().getByRole("button", { name: "Next" }).click();
    await page().getByRole("button", { name: "Finish" }).waitFor();
    await check("wizard-review");
    await page().getByRole("button", { name: "Finish" }).click();
    await page().getByRole("link", { name: "Watch its runs in Monitoring" }).waitFor(SETTLES);
    await check("wizard-created");

    await page().getByRole("link", { name: "Watch its runs in Monitoring" }).click();
    await page().getByRole("table", { name: "Dataflows" }).waitFor(SETTLES);
    await page().getByRole("table", { name: "Runs" }).getByRole("row").nth(1).getByText("success").waitFor({ timeout: 60_000 });
    await check("monitoring");
    // the flow's record counts say they are its totals: beside a last run in progress they are not that run's
    expect((await page().getByRole("table", { name: "Dataflows" }).getByRole("columnheader").allTextContents()).slice(3, 7)).toEqual([
      "Last run",
      "Records received, last 24 hours",
      "Records ingested, last 24 hours",
      "Records failed, last 24 hours",
    ]);
    const runNow = page().getByRole("button", { name: "Run Checked by axe now" });
    await runNow.click();
    await page().getByRole("dialog").waitFor();
    await page().waitForLoadState("networkidle");
    await check("monitoring-run-now");
    await page().keyboard.press("Escape"); // closed, the dialog gives the focus back to its button
    await page().getByRole("dialog").waitFor({ state: "detached" });
    expect(await runNow.evaluate((button) => button === document.activeElement)).toBe(true);
    await page().getByRole("table", { name: "Runs" }).getByRole("row").nth(1).getByRole("button").click();
    await page().getByRole("heading", { name: /^Run .* success$/ }).waitFor(SETTLES);
    await check("run-details");
    await page().getByRole("button", { name: "Without a SAS", exact: true }).click();
    await page().getByRole("button", { name: `Open run ${failed.id}` }).click(SETTLES);
    await page().getByRole("group", { name: "What to do about CONNECTOR-2010-400" }).waitFor(SETTLES);
    // its first attempt failed for good: the timeline does not leave a user waiting for the next
    expect(await page().getByRole("list", { name: "Timeline" }).getByRole("listitem").first().textContent()).toMatch(/^Attempt 1 of \d+ · not retried: another attempt would meet the same error/);
    await check("run-details-failed");
    expect(findings).toEqual([]);
    expect(browser().errors).toEqual([]);
  }, 120_000);
});
