/**
 * A failed run's errors in the console say what to do about them in the console, with the control
 * that does it, beside the service's own message (written for API users): a cluster without the
 * staging SAS links to the landing zone; a token the workspace refused is replaced in the run's
 * page and the run re-triggered to success; a change feed with a gap, and a shared table whose files
 * its provider rewrote out of Spark's legacy calendar, are resynced there and the run re-triggered to success; a
 * cluster in shared access mode that refused the export's calendar settings gets the two Spark config
 * lines to add; axe-core finds nothing serious on the run's page with the renewal form.
 * Real `npm start`, real browser. Screenshots: test-artifacts/console/. A flow stuck behind a
 * failed window in Monitoring (its own module) is tested first, then Monitoring's refreshing, its
 * panels' agreement, its span of time and its pages of dataflows (modules of their own), on the same service and browser.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { call, connectionBody, DLZ_CREDENTIALS, FS, waitForCluster } from "../support/aep-calls.js";
import { configureClusterSas, createOnceFlow, createPipeline, flowBody, runsOf, sql, waitForRuns, workspaceCall } from "../support/journey.js";
import { orderMappings, orderSchema } from "../support/source-tables.js";
import { legacyCalendarSharedPipeline } from "../support/legacy-calendar-files.js";
import { ancientDatePipeline, CORRECTED_CALENDAR_CONF, editClusterAccessMode } from "../support/shared-access-cluster.js";
import { axeFindings, CHROMIUM } from "./browser.js";
import { consoleSuite, signIn } from "./console-suite.js";
import { monitoringConsistency } from "./monitoring-consistency.browser.js";
import { monitoringPages } from "./monitoring-pages.browser.js";
import { monitoringRefresh } from "./monitoring-refresh.browser.js";
import { monitoringSpan } from "./monitoring-span.browser.js";
import { monitoringStuck } from "./monitoring-stuck.browser.js";

/** how long a screen may take to show what the service answered (its panels poll every 2 s) */
const SETTLES = { timeout: 30_000 };

describe.skipIf(!existsSync(CHROMIUM))("what to do about a run error, in the console", () => {
  const suite = consoleSuite({
    dataDirPrefix: "ds-run-fixes-",
    // a retried failure would wait ten minutes: each run below must fail at its first attempt; the stuck
    // flow starts 105 minutes ago, more than the default tolerance of an hour
    env: { DATABRICKS_CLUSTER_START_DELAY_MS: "200", RUN_POLL_MS: "100", RUN_RETRY_BACKOFF_MS: "600000", FLOW_START_TIME_TOLERANCE_SECONDS: "86400" },
    prepare: async ({ page }) => {
      await signIn(page());
      await page().getByRole("link", { name: "Monitoring", exact: true }).waitFor();
    },
  });
  const { system, browser, page } = suite;
  /**
   * A table of ids and tiers, its tier mapped to an integer field `level`, so that a tier that is no number
   * ('gold') fails its row; the schema may hold more fields than the mapping fills.
   */
  async function tierPipeline(table: string, tiers: string[], title: string, extraFields: Record<string, { type: string }> = {}) {
    await configureClusterSas(system());
    await sql(system(), `CREATE TABLE demo.${table} (id BIGINT, tier STRING) USING DELTA`);
    await sql(system(), `INSERT INTO demo.${table} VALUES ${tiers.map((tier, i) => `(${i + 1}, '${tier}')`).join(", ")}`);
    return createPipeline(system(), {
      tableName: `demo.${table}`,
      schema: { title, type: "object", properties: { _id: { type: "string" }, level: { type: "integer" }, ...extraFields } },
      mappings: [
        { sourceType: "ATTRIBUTE", source: "id", destination: "_id" },
        { sourceType: "ATTRIBUTE", source: "tier", destination: "level" },
      ],
      columns: ["id", "tier"],
    });
  }
  monitoringStuck.register(suite); // first: its flow's first run fails as the fresh cluster holds no SAS
  monitoringRefresh.register(suite);
  monitoringConsistency.register(suite);
  monitoringSpan.register(suite); // before the tests below put a SAS into the cluster: its flow's run fails
  monitoringPages.register(suite);

  it("links a run the cluster could not stage for (no SAS in its Spark config) to the landing zone", async () => {
    // the cluster of a fresh start holds no SAS yet
    const flowId = await createFlow(await createPipeline(system()), "No SAS yet");
    const [run] = await waitForRuns(system(), flowId, 1, 30_000);
    expect(run.metrics.statusSummary.errors[0].code).toBe("CONNECTOR-2010-400");

    await openRun("No SAS yet", run.id);
    const fix = page().getByRole("group", { name: "What to do about CONNECTOR-2010-400" });
    await fix.waitFor(SETTLES);
    await expectServiceMessage(run.metrics.statusSummary.errors[0].message);
    await browser().screenshot("run-fix-cluster-sas");
    await fix.getByRole("link", { name: "the staging SAS and its Spark config line" }).click();
    await page().getByRole("heading", { name: "Landing zone", level: 1 }).waitFor();
    await page().getByTestId("spark-line").waitFor(SETTLES);
    // Back returns to the flow and the run the fix link was followed from
    await page().goBack();
    await page().getByRole("heading", { name: new RegExp(`^Run ${run.id}`) }).waitFor(SETTLES);
    expect(await page().getByRole("table", { name: "Dataflows" }).locator("tr.selected").textContent()).toContain("No SAS yet");
    expect(browser().errors).toEqual([]);
  }, 60_000);

  it("takes a new access token for the account whose token the workspace refused, and its choice to push the SAS into its cluster, then re-triggers the run to success", async () => {
    await configureClusterSas(system());
    const first = await workspaceCall(system(), "/api/2.0/token/create", { comment: "for the source" });
    const made = await call(system(), "POST", `${FS}/connections`, { body: connectionBody(system(), { accessToken: first.token_value, pushSasToCluster: true }, { name: "Revoked token account" }) });
    expect(made.status, made.text).toBe(201);
    const pipeline = await createPipeline(system(), { connectionId: made.body.id });
    const flowId = await createFlow(pipeline, "Refused token", 6);
    // the token is revoked in the workspace after the flow was set up, before its run
    await workspaceCall(system(), "/api/2.0/token/delete", { token_id: first.token_info.token_id });
    const [run] = await waitForRuns(system(), flowId, 1, 30_000);
    const [error] = run.metrics.statusSummary.errors;
    expect(error.code).toBe("CONNECTOR-2013-400");

    await openRun("Refused token", run.id);
    const fix = page().getByRole("group", { name: "What to do about CONNECTOR-2013-400" });
    await fix.getByRole("button", { name: "Enter a new access token for Revoked token account…" }).click(SETTLES);
    // the API's way stays beside the console's
    await expectServiceMessage(error.message);
    expect(error.message).toContain(`PATCH /data/foundation/flowservice/connections/${pipeline.connectionId}`);
    await browser().screenshot("run-fix-refused-token-form");
    expect(await axeFindings(page())).toEqual([]);

    // a token the workspace does not know is refused by the service's check, in the same place
    await fix.getByLabel("Access token").fill("dapi-not-a-token-of-this-workspace");
    await fix.getByRole("button", { name: "Renew", exact: true }).click();
    await fix.getByRole("alert").waitFor(SETTLES);
    const renewed = await workspaceCall(system(), "/api/2.0/token/create", { comment: "renewed" });
    await fix.getByLabel("Access token").fill(renewed.token_value);
    // the account's choice to have the SAS pushed into its cluster, as the create form offers it, prefilled
    const pushSas = fix.getByRole("checkbox", { name: /^Put the staging SAS into the cluster.s Spark config/ });
    expect(await pushSas.isChecked()).toBe(true);
    await pushSas.uncheck();
    await fix.getByRole("button", { name: "Renew", exact: true }).click();
    await fix.getByRole("status").getByText(/kept it for Revoked token account/).waitFor(SETTLES);
    const kept = await call(system(), "GET", `${FS}/connections/${pipeline.connectionId}`);
    expect(kept.body.items[0].auth.params.pushSasToCluster).toBe(false);
    expect(await page().getByText(renewed.token_value).count()).toBe(0);

    await page().getByRole("button", { name: "Re-trigger run" }).click();
    await expect.poll(() => page().getByRole("heading", { name: /^Run / }).textContent(), SETTLES).toMatch(/success$/);
    await browser().screenshot("run-fix-refused-token-retriggered");
    expect(browser().errorsBesides(400)).toEqual([]);
    expect(browser().unlabelled).toEqual([]);
    expect(browser().unreadable).toEqual([]);
  }, 90_000);

  it("resyncs a change-data flow whose change feed has a gap, then re-triggers the run to success", async () => {
    await sql(system(), "CREATE TABLE demo.gappy (order_id BIGINT, amount DECIMAL(18,2), status STRING) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    await sql(system(), "INSERT INTO demo.gappy VALUES (1, 1.00, 'placed'), (2, 2.00, 'placed')");
    const pipeline = await createPipeline(system(), { tableName: "demo.gappy", cdcEnabled: true, primaryKey: ["order_id"], schema: orderSchema, mappings: orderMappings, columns: ["order_id", "amount", "status"] });
    const flowId = await createFlow(pipeline, "Gappy feed");
    expect((await waitForRuns(system(), flowId, 1))[0].metrics.statusSummary.status).toBe("success");
    // the feed stops recording for a while: those versions' changes are gone for good
    await sql(system(), "ALTER TABLE demo.gappy SET TBLPROPERTIES (delta.enableChangeDataFeed = false)");
    await sql(system(), "INSERT INTO demo.gappy VALUES (3, 3.00, 'placed')");
    await sql(system(), "ALTER TABLE demo.gappy SET TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    // the next run reads the change feed since the first one, across the gap
    const next = await call(system(), "POST", `${FS}/runs`, { body: { flowId } });
    expect(next.status, next.text).toBe(201);
    const [, failed] = await waitForRuns(system(), flowId, 2, 30_000);
    expect(failed.metrics.statusSummary.errors[0].code).toBe("CONNECTOR-2002-400");

    await openRun("Gappy feed", failed.id);
    const fix = page().getByRole("group", { name: "What to do about CONNECTOR-2002-400" });
    await expectServiceMessage(failed.metrics.statusSummary.errors[0].message);
    await fix.getByRole("button", { name: "Resync the dataflow" }).click(SETTLES);
    await fix.getByRole("status").getByText(/^Resynced/).waitFor(SETTLES);
    const flow = (await call(system(), "GET", `${FS}/flows/${flowId}`)).body.items[0];
    expect(flow.lastOperation.operation).toBe("resync");
    await page().getByRole("button", { name: "Re-trigger run" }).click();
    await expect.poll(() => page().getByRole("heading", { name: /^Run / }).textContent(), SETTLES).toMatch(/success$/);
    await browser().screenshot("run-fix-resynced");
    expect((await call(system(), "POST", `${FS}/flows/${flowId}/action?op=disable`)).status).toBe(200);
    expect(browser().errors).toEqual([]);
  }, 90_000);

  it("resyncs a Delta Sharing flow whose shared files hold dates in Spark's legacy calendar once the provider has rewritten them, then re-triggers the run to success", async () => {
    const pipeline = await legacyCalendarSharedPipeline(system(), "julian");
    const flowId = await createFlow(pipeline, "Julian dates");
    const [failed] = await waitForRuns(system(), flowId, 1, 30_000);
    expect(failed.metrics.statusSummary.errors[0].code).toBe("CONNECTOR-2018-400");

    await openRun("Julian dates", failed.id);
    const fix = page().getByRole("group", { name: "What to do about CONNECTOR-2018-400" });
    await expectServiceMessage(failed.metrics.statusSummary.errors[0].message);
    await fix.getByText(/once the data provider has rewritten the rows/).waitFor(SETTLES);
    // the provider rewrites the rows (its Spark set to CORRECTED): files without the mark
    await sql(system(), "UPDATE shared.julian SET born = DATE '1500-03-01'");
    await fix.getByRole("button", { name: "Resync the dataflow" }).click(SETTLES);
    await fix.getByRole("status").getByText(/^Resynced/).waitFor(SETTLES);
    await page().getByRole("button", { name: "Re-trigger run" }).click();
    await expect.poll(() => page().getByRole("heading", { name: /^Run / }).textContent(), SETTLES).toMatch(/success$/);
    expect(browser().errors).toEqual([]);
  }, 90_000);

  it("tells the user of a shared cluster that refused the export's calendar settings the two lines to add to the cluster's Spark config", async () => {
    await configureClusterSas(system());
    await editClusterAccessMode(system(), "USER_ISOLATION");
    const flowId = await createFlow(await ancientDatePipeline(system(), "demo.ancient_shared"), "Ancient dates, shared cluster");
    const [failed] = await waitForRuns(system(), flowId, 1, 30_000);
    const [error] = failed.metrics.statusSummary.errors;
    expect(error.code).toBe("CONNECTOR-2018-400");

    await openRun("Ancient dates, shared cluster", failed.id);
    const fix = page().getByRole("group", { name: "What to do about CONNECTOR-2018-400" });
    await fix.getByText(/to the cluster's Spark config/).waitFor(SETTLES);
    expect(await fix.locator("code").allTextContents()).toEqual(Object.entries(CORRECTED_CALENDAR_CONF).map(([key, value]) => `${key} ${value}`));
    expect(await fix.getByRole("button", { name: "Resync the dataflow" }).count()).toBe(0);
    await expectServiceMessage(error.message);
    // the run's log says which settings the cluster refused
    for (const key of Object.keys(CORRECTED_CALENDAR_CONF)) await page().getByLabel("Run log").getByText(`warn the cluster refused SET ${key}=CORRECTED`).waitFor(SETTLES);
    await browser().screenshot("run-fix-shared-cluster-calendar");
    await editClusterAccessMode(system(), "SINGLE_USER"); // the tests after this one SET as a dedicated cluster lets them
    expect(browser().errors).toEqual([]);
  }, 90_000);

  it("tells a flow with partial ingestion whose run failed more rows than its threshold to look at the failed rows, and raises this flow's threshold in place to the run's share of failed rows, which the re-triggered run then commits with", async () => {
    // 'gold' is no number: one row of two fails, more than 5 %
    const pipeline = await tierPipeline("all_bad", ["gold", "7"], "Tiers");
    const created = await call(system(), "POST", `${FS}/flows`, {
      body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }, { name: "Over its threshold", options: { partialIngestionPercent: 5 } }),
    });
    expect(created.status, created.text).toBe(201);
    const [run] = await waitForRuns(system(), created.body.id, 1, 30_000);
    const [error] = run.metrics.statusSummary.errors;
    expect(error.code).toBe("INGEST-1212-400");

    await openRun("Over its threshold", run.id);
    const fix = page().getByRole("group", { name: "What to do about INGEST-1212-400" });
    await fix.getByText(/this dataflow has partial ingestion, and the run's failed rows were more than its error threshold of 5 % of the run's rows/).waitFor(SETTLES);
    expect(await fix.textContent()).toMatch(/Download the failed rows below .*When more failed rows are acceptable, raise this dataflow's error threshold\./);
    expect(await fix.textContent()).not.toMatch(/another dataflow/);
    await expectServiceMessage(error.message);
    // a row error's line names its code once, and its one row as "1 row"
    const rowError = run.metrics.statusSummary.errors.find((e: { recordCount?: number }) => e.recordCount === 1);
    expect(rowError?.message, JSON.stringify(run.metrics.statusSummary.errors)).toMatch(new RegExp(`^${rowError?.code}: `));
    await expect.poll(() => page().getByRole("list", { name: "Run errors" }).textContent(), SETTLES).toContain(`${rowError.code} (1 row): ${rowError.message.slice(rowError.code.length + 2)}`);
    expect(await page().getByRole("list", { name: "Run errors" }).textContent()).not.toContain(`${rowError.code}: ${rowError.code}`);
    await browser().screenshot("run-fix-threshold");
    // the threshold offered is the share of the run's rows that failed (1 of 2): saved on this flow, the run re-triggered commits the valid row
    const threshold = fix.getByLabel("Error threshold (% of a run's rows that may fail)");
    expect(await threshold.inputValue()).toBe("50");
    await fix.getByRole("button", { name: "Save the error threshold" }).click();
    await fix.getByRole("status").filter({ hasText: "Saved: this dataflow accepts up to 50 % failed rows. Re-trigger the run now." }).waitFor(SETTLES);
    expect((await call(system(), "GET", `${FS}/flows/${created.body.id}`)).body.items[0].options).toEqual({ partialIngestionPercent: 50 });
    await page().getByRole("button", { name: "Re-trigger run" }).click();
    await expect.poll(async () => (await runsOf(system(), created.body.id))[0].metrics.statusSummary.status, { timeout: 30_000 }).toBe("success");
    expect((await runsOf(system(), created.body.id))[0].metrics.recordSummary).toMatchObject({ inputRecordCount: 2, outputRecordCount: 1, failedRecordCount: 1 });
    expect(browser().errors).toEqual([]);
  }, 90_000);

  it("edits the mapping of a flow whose run failed rows by its mapping, from the run's advice: a new version of the mapping set that the flow then uses, and the run re-triggered to success", async () => {
    // 'gold' is no number: the run fails
    const pipeline = await tierPipeline("bad_mapping", ["gold", "7"], "Mapped tiers", { tier: { type: "string" } });
    const created = await call(system(), "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }, { name: "Wrongly mapped" }) });
    expect(created.status, created.text).toBe(201);
    const [run] = await waitForRuns(system(), created.body.id, 1, 30_000);
    expect(run.metrics.statusSummary.status).toBe("failed");

    await openRun("Wrongly mapped", run.id);
    // re-triggered as it is, the run fails again: its notice says so, not that it is queued
    await page().getByRole("button", { name: "Re-trigger run" }).click();
    await page().getByRole("status").filter({ hasText: "Re-triggered: the run failed again; its errors are below." }).waitFor(SETTLES);
    const fix = page().getByRole("group", { name: "What to do about INGEST-1212-400" });
    await fix.getByRole("link", { name: "edit this dataflow's mapping" }).click(SETTLES);
    const editor = page().getByRole("region", { name: /^Edit the mapping of Wrongly mapped \(version 0\)$/ });
    // the flow's mapping as it is, nothing suggested beside it (tier is left unmapped, though a column has its name)
    const source = (field: string) => editor.getByLabel(`Source of ${field}`, { exact: true });
    await expect.poll(() => source("level").inputValue(), SETTLES).toBe("tier");
    expect(await source("_id").inputValue()).toBe("id");
    expect(await source("tier").inputValue()).toBe("");
    await editor.getByText("1 of the 2 sample rows (50 %) fail the mapping: a run fails such rows the same way, and without partial ingestion one failed row fails the whole run.").waitFor(SETTLES);
    await browser().screenshot("edit-mapping");
    await source("level").selectOption("");
    // Cancel asks before it drops a change; Escape goes on editing, the change kept
    await editor.getByRole("button", { name: "Cancel" }).click();
    await page().getByRole("dialog").getByText("Discard your changes to the mapping?").waitFor();
    await page().keyboard.press("Escape");
    await page().getByRole("dialog").waitFor({ state: "hidden" });
    expect(await source("level").inputValue()).toBe("");
    // so does the browser's Back: the editor and its address stay until the change is dropped
    await page().goBack();
    await page().getByRole("dialog").getByText("Discard your changes to the mapping?").waitFor();
    expect(new URL(page().url()).hash).toContain("edit=mapping");
    await page().keyboard.press("Escape");
    await page().getByRole("dialog").waitFor({ state: "hidden" });
    expect(await source("level").inputValue()).toBe("");
    await source("tier").selectOption("tier");
    await editor.getByText("All 2 sample rows map; the first ones as they will be ingested:").waitFor(SETTLES);
    await editor.getByRole("button", { name: "Save as a new version" }).click();
    await page().getByRole("status").filter({ hasText: "Mapping version 1 saved: this dataflow's next runs map with it. If the run below failed, Re-trigger run to ingest its rows with it." }).waitFor(SETTLES);
    expect(new URL(page().url()).hash).toBe(`#/monitoring?flow=${created.body.id}&run=${run.id}`);
    const flow = await call(system(), "GET", `${FS}/flows/${created.body.id}`);
    const mapping = flow.body.items[0].transformations.find((t: { name: string }) => t.name === "Mapping");
    expect(mapping.params).toMatchObject({ mappingId: pipeline.mappingId, mappingVersion: 1 });

    await page().getByRole("button", { name: "Re-trigger run" }).click();
    await expect.poll(() => page().getByRole("heading", { name: /^Run / }).textContent(), SETTLES).toMatch(/success$/);
    await page().getByRole("status").filter({ hasText: "Re-triggered: the run succeeded." }).waitFor(SETTLES);
    expect(browser().errors).toEqual([]);
  }, 90_000);

  it("marks a run that committed while some of its rows failed, within the flow's threshold, as a partial success by its own counts, in the flows, the runs and the run's page", async () => {
    // 'gold' is no number: one row of three fails, within 50 %
    const pipeline = await tierPipeline("some_bad", ["gold", "7", "8"], "Some tiers");
    const created = await call(system(), "POST", `${FS}/flows`, {
      body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }, { name: "Within its threshold", options: { partialIngestionPercent: 50 } }),
    });
    expect(created.status, created.text).toBe(201);
    const [run] = await waitForRuns(system(), created.body.id, 1, 30_000);
    expect(run.metrics.statusSummary.status).toBe("success");
    const { inputRecordCount, failedRecordCount } = run.metrics.recordSummary;
    expect([failedRecordCount, inputRecordCount]).toEqual([1, 3]);

    await openRun("Within its threshold", run.id);
    const partial = "success (partial: 1 of 3 rows failed)";
    await expect.poll(() => page().getByRole("heading", { name: /^Run / }).textContent(), SETTLES).toBe(`Run ${run.id} — ${partial}`);
    const runRow = page().getByRole("table", { name: "Runs" }).getByRole("row").filter({ has: page().getByRole("button", { name: `Open run ${run.id}` }) });
    await expect.poll(() => runRow.getByRole("cell").nth(1).textContent(), SETTLES).toBe(partial);
    // the dataflows' list is refreshed every 2 s: its Last run may still be the one it read before the run ended
    const flowRow = page().getByRole("row").filter({ has: page().getByRole("button", { name: "Within its threshold", exact: true }) });
    await expect.poll(() => flowRow.textContent(), SETTLES).toContain(partial);
    await browser().screenshot("run-partial-success");
    expect(browser().errors).toEqual([]);
  }, 90_000);

  it("says a dataflow the URL names that the sandbox does not have is not there, links back to the list, and reads nothing more of it", async () => {
    const unknown = "00000000-0000-0000-0000-00000000dead";
    const asked: string[] = [];
    const onRequest = (request: { url(): string }) => request.url().includes(unknown) && asked.push(request.url());
    page().on("request", onRequest);
    try {
      await page().goto(`/#/monitoring?flow=${unknown}`);
      const missing = page().getByRole("alert").filter({ hasText: `No dataflow ${unknown} in this sandbox (prod).` });
      await missing.waitFor(SETTLES);
      expect(await page().getByText(/No run yet/).count()).toBe(0);
      await browser().screenshot("monitoring-unknown-flow");
      // Monitoring refreshes every 2 s: nothing of the unknown flow is read again
      const askedBefore = asked.length;
      await page().waitForTimeout(5_000);
      expect(asked.slice(askedBefore)).toEqual([]);
      await missing.getByRole("link", { name: "Back to every dataflow" }).click();
      await expect.poll(() => new URL(page().url()).hash).toBe("#/monitoring");
      await missing.waitFor({ state: "detached" });
    } finally {
      page().off("request", onRequest);
    }
    // the flow's own 404, which the browser logs
    expect(browser().errorsBesides(404)).toEqual([]);
  });

  it("after a refresh that put the new SAS into the cluster of a connection asking for it, says that cluster is done, not to put the line into it by hand", async () => {
    const made = await call(system(), "POST", `${FS}/connections`, { body: connectionBody(system(), { pushSasToCluster: true }, { name: "Pushing account" }) });
    expect(made.status, made.text).toBe(201);
    await page().getByRole("link", { name: "Landing zone" }).click();
    await page().getByRole("button", { name: "Refresh credentials…" }).click(SETTLES);
    await page().getByRole("dialog").getByRole("button", { name: "Refresh and revoke the old SAS" }).click();
    const notice = page().locator(".notice");
    await notice.getByText(/^Done for you \(the connection asks for it\): the new SAS is in cluster \S+'s Spark config/).waitFor({ timeout: 60_000 });
    expect(await notice.textContent()).not.toContain("every cluster that stages here");
    expect(await notice.textContent()).toContain("any other cluster that stages here");
    expect(browser().errors).toEqual([]);
  }, 90_000);

  it("tells an account whose cluster lacks the staging SAS to renew its credentials with the push ticked, which puts the current SAS there without revoking any: the test then passes", async () => {
    const name = "Hand-set account";
    await waitForCluster(system(), "RUNNING"); // after the earlier test's push, which restarts it
    const made = await call(system(), "POST", `${FS}/connections`, { body: connectionBody(system(), {}, { name }) });
    expect(made.status, made.text).toBe(201);
    // the cluster holds no staging SAS (a workspace without a cluster settings page, as npm start's, offers no other way to put one there)
    await clearSparkConf();
    await page().getByRole("link", { name: "Sources", exact: true }).click();
    await page().getByRole("button", { name, exact: true }).click(SETTLES);
    await page().getByRole("button", { name: "Test connection" }).click();
    await sasCheck()
      .getByText(
        `Or have the service put it there: Renew the credentials of ${name}… on the Sources screen with “Put the staging SAS into the cluster's Spark config” ticked: ` +
          "that puts the current SAS into the cluster's Spark config (a running cluster restarts; the other clusters keep their SAS), then test again once it is RUNNING.",
        { exact: false },
      )
      .waitFor(SETTLES);
    // a refresh, which revokes the SAS of every other cluster, is not what it asks for
    expect(await sasCheck().textContent()).not.toContain("Refresh credentials");
    const current = (await call(system(), "GET", DLZ_CREDENTIALS)).body.SASToken;

    // following it: the renewal itself puts the current SAS into the cluster, and says so
    await renewPuttingTheSasBack(name, current, "run-fix-sas-by-push");
  }, 90_000);

  it("says what creating an account with the push did to its cluster, and tells one that asks for the push but whose cluster lost the SAS to renew its credentials, not only to refresh", async () => {
    const name = "Pushing hand-set account";
    await waitForCluster(system(), "RUNNING");
    await clearSparkConf();
    const current = (await call(system(), "GET", DLZ_CREDENTIALS)).body.SASToken;
    // made in the console's form, with the push ticked: the current SAS goes into the cluster at once
    await page().getByRole("link", { name: "Sources", exact: true }).click();
    await page().getByRole("button", { name: "New account…" }).click(SETTLES);
    await page().getByLabel("Account name").fill(name);
    await page().getByLabel(/^Domain/).fill(system().workspace!.url);
    await page().getByLabel(/^Access token/).fill(system().workspace!.token);
    await page().getByLabel(/^Cluster ID/).fill(system().workspace!.clusterId);
    await page().getByLabel(/^Database/).fill("demo");
    await page().getByRole("checkbox", { name: /^Put the staging SAS into the cluster's Spark config/ }).check();
    await page().getByRole("button", { name: "Connect to source" }).click();
    const notice = page().locator(".notice");
    await notice.getByText(/^Done for you \(the connection asks for it\): the current SAS is in cluster \S+'s Spark config \(it was RUNNING: it restarts to use it; a run exporting on it meanwhile loses that attempt, which is retried\)\. A restarting cluster/).waitFor(SETTLES);
    await waitForCluster(system(), "RUNNING");
    await page().getByRole("button", { name: "Test connection" }).click();
    await page().getByText("✓ The connection works").waitFor(SETTLES);

    // the Spark config loses it: a renewal with the push still ticked puts it back
    await clearSparkConf();
    await page().getByRole("button", { name: "Test connection" }).click();
    await sasCheck().getByText(`${name} asks the service to put the staging SAS into its cluster's Spark config, yet the cluster lacks the current one`, { exact: false }).waitFor(SETTLES);
    const advice = await sasCheck().textContent();
    expect(advice).toContain(
      `Or have the service put it there again: Renew the credentials of ${name}… on the Sources screen with “Put the staging SAS into the cluster's Spark config” still ticked: ` +
        "a renewal puts the current SAS into the cluster's Spark config (a running cluster restarts; the other clusters keep their SAS), then test again once it is RUNNING. " +
        "Refresh credentials… on the Landing zone screen puts a new SAS there too, but revokes the old one for every other cluster.",
    );
    await browser().screenshot("run-fix-sas-pushing-account");

    // following it
    await renewPuttingTheSasBack(name, current, "run-fix-sas-pushing-account-renewed");
  }, 90_000);

  /** The selected account's stagingSas check, after a connection test. */
  const sasCheck = () => page().getByRole("list", { name: "Checks" }).getByRole("listitem").filter({ hasText: "stagingSas" });

  /** Empties the cluster's Spark config and waits for its restart. */
  async function clearSparkConf() {
    await workspaceCall(system(), "/api/2.1/clusters/update", { cluster_id: system().workspace!.clusterId, update_mask: "spark_conf", cluster: { spark_conf: {} } });
    await waitForCluster(system(), "RUNNING");
  }

  /** The selected account's tables are listed: by the table list itself when its first ask came while the cluster restarted. */
  async function expectTablesListed() {
    await page().getByRole("list", { name: "Catalogs" }).waitFor(SETTLES);
    expect(await page().getByRole("button", { name: "List the tables again" }).count()).toBe(0);
  }

  /**
   * Renews the selected account's token with the push ticked: the notice says the current SAS is in
   * the cluster, whose restart ends with the connection test passing and the tables listed, and
   * nothing was rotated (the SAS other clusters hold is still `current`).
   */
  async function renewPuttingTheSasBack(name: string, current: string, screenshot: string) {
    await renew(name, { pushSas: true });
    const clusterId = system().workspace!.clusterId;
    await page()
      .locator(".notice")
      .getByText(new RegExp(`^Done for you \\(the connection asks for it\\): the current SAS is in cluster ${clusterId}'s Spark config \\(it was RUNNING: it restarts to use it; a run exporting on it meanwhile loses that attempt, which is retried\\)`))
      .waitFor(SETTLES);
    await browser().screenshot(screenshot);
    await waitForCluster(system(), "RUNNING");
    await page().getByRole("button", { name: "Test connection" }).click();
    await page().getByText("✓ The connection works").waitFor(SETTLES);
    await expectTablesListed();
    expect((await call(system(), "GET", DLZ_CREDENTIALS)).body.SASToken).toBe(current);
    expect(browser().errorsBesides(400)).toEqual([]); // the tables, asked for while the cluster restarted
  }

  /** Renews the selected account's access token (the same one) in the Sources screen, with the push ticked or not. */
  async function renew(name: string, { pushSas }: { pushSas: boolean }) {
    await page().getByRole("button", { name: `Renew the credentials of ${name}…` }).click();
    await page().getByLabel(/^Access token/).fill(system().workspace!.token);
    await page().getByRole("checkbox", { name: /^Put the staging SAS into the cluster's Spark config/ }).setChecked(pushSas);
    await page().getByRole("button", { name: "Renew", exact: true }).click();
    await page().getByRole("heading", { name: `Renew the credentials of ${name}` }).waitFor({ state: "detached", ...SETTLES });
  }

  /** A `once` flow of the pipeline, named `name`, due `inSeconds` from now. */
  const createFlow = (pipeline: Awaited<ReturnType<typeof createPipeline>>, name: string, inSeconds = 0) => createOnceFlow(system(), pipeline, name, inSeconds);

  async function openRun(flowName: string, runId: string) {
    await page().getByRole("link", { name: "Monitoring", exact: true }).click();
    await page().getByRole("button", { name: flowName, exact: true }).click(SETTLES);
    await page().getByRole("button", { name: `Open run ${runId}` }).click(SETTLES);
  }

  /** the service's message, whole, in the run's errors */
  async function expectServiceMessage(message: string) {
    await expect.poll(() => page().getByRole("list", { name: "Run errors" }).textContent(), SETTLES).toContain(message);
  }
});
