/**
 * Monitoring of a flow stuck behind a failed window: the Dataflows table's Last run shows the failed
 * run the later windows wait for (not the newest window, only `scheduled`), and the Runs table lists
 * every run, more than a page of the API's list, catch-up windows created in one instant newest
 * window first, 60 a page, the page of a run a link names shown. Real `npm start`, real browser. Run by run-error-fixes.browser.test.ts, first, on
 * its service and browser: the run fails at its first attempt as the fresh cluster holds no staging
 * SAS, and is not retried; the service takes a start time a day in the past.
 */
import { describe, expect, it } from "vitest";
import { call, FS } from "../support/aep-calls.js";
import { eventually } from "../support/blob.js";
import { createPipeline, flowBody } from "../support/journey.js";
import type { SuitePart } from "./console-suite.js";

const SETTLES = { timeout: 30_000 };
/** the windows of the flow: more than the 100 runs of a list's first page */
const WINDOWS = 105;
/** the runs a page of Monitoring's Runs table shows */
const RUNS_A_PAGE = 60;

export const monitoringStuck: SuitePart = {
  register: ({ system, browser, page }) =>
    describe("a flow stuck behind a failed window, in Monitoring", () => {
      /** every run of the flow, in window order */
      async function allRunsOf(flowId: string): Promise<any[]> {
        const reply = await call(system(), "GET", `${FS}/runs?property=flowId==${flowId}&limit=1000`);
        const sequence = (run: any) => run.activities[0].statusSummary.extensions.sequence;
        return reply.body.items.sort((a: any, b: any) => sequence(a) - sequence(b));
      }

      it("shows the failed run the later windows wait for as its Last run, in the error colour, and all its runs, more than a page of the API, newest window first, a page of 60 at a time", async () => {
        const pipeline = await createPipeline(system());
        // more minute windows than a page of the runs list (100) due at once: the first fails, the ones after it are held back
        const schedule = { startTime: Math.floor(Date.now() / 1000) - (WINDOWS - 1) * 60 - 20, frequency: "minute", interval: 1, backfill: true };
        const created = await call(system(), "POST", `${FS}/flows`, { body: flowBody(pipeline, schedule, { name: "Stuck flow" }) });
        expect(created.status, created.text).toBe(201);
        let runs: any[] = [];
        await eventually(async () => {
          runs = await allRunsOf(created.body.id);
          return runs.length === WINDOWS && runs[0].metrics.statusSummary.status === "failed" && runs.slice(1).every((run) => run.heldBack?.reason === "earlierWindowFailed");
        }, 60_000, 200);

        await page().getByRole("link", { name: "Monitoring", exact: true }).click();
        const row = page().getByRole("table", { name: "Dataflows" }).getByRole("row").filter({ hasText: "Stuck flow" });
        const lastRun = row.getByRole("cell").nth(3);
        await expect.poll(() => lastRun.textContent(), SETTLES).toMatch(new RegExp(`^failed \\S+ \\S+ UTC: ${runs.length - 1} later windows are held back behind run ${runs[0].id.slice(-8)}$`));
        expect(await lastRun.locator(".bad").count()).toBe(1);

        // nothing chosen yet: the screen says where the runs are
        const choose = page().getByTestId("choose-flow");
        expect(await choose.textContent()).toBe("Choose a dataflow by its name to see its runs, what went wrong in one, and the rows of its dataset.");
        await row.getByRole("button", { name: "Stuck flow", exact: true }).click();
        await choose.waitFor({ state: "detached" });
        // a page of the newest 60, then the rest down to the failed run
        const shown = page().getByRole("table", { name: "Runs" }).getByRole("button", { name: /^Open run / });
        const shownRuns = () => shown.evaluateAll((buttons) => buttons.map((button) => button.getAttribute("aria-label")));
        const newestFirst = [...runs].reverse().map((run) => `Open run ${run.id}, ending ${run.id.slice(-8)}`);
        await expect.poll(shownRuns, SETTLES).toEqual(newestFirst.slice(0, RUNS_A_PAGE));
        const pages = page().getByRole("navigation", { name: "Pages of runs" });
        expect(await pages.getByRole("status").textContent()).toBe(`1–${RUNS_A_PAGE} of ${runs.length} runs`);
        expect(await pages.getByRole("button", { name: "Previous page of runs" }).isDisabled()).toBe(true);
        await pages.getByRole("button", { name: "Next page of runs" }).click();
        expect(await shownRuns()).toEqual(newestFirst.slice(RUNS_A_PAGE));
        expect(await pages.getByRole("status").textContent()).toBe(`${RUNS_A_PAGE + 1}–${runs.length} of ${runs.length} runs`);
        expect(await pages.getByRole("button", { name: "Next page of runs" }).isDisabled()).toBe(true);
        await pages.getByRole("button", { name: "Previous page of runs" }).click();
        // the failed run named by a link (the URL) is shown on its page, chosen
        await page().evaluate((hash) => (window.location.hash = hash), `#/monitoring?flow=${created.body.id}&run=${runs[0].id}`);
        await page().getByRole("table", { name: "Runs" }).locator("tr.selected").getByRole("button", { name: newestFirst.at(-1)! }).waitFor(SETTLES);
        await page().evaluate((hash) => (window.location.hash = hash), `#/monitoring?flow=${created.body.id}`);
        await page().getByText(`Records per run (green ingested, red failed, an outline while a run has not ended), the last 40 runs.`).waitFor();
        // the held windows have no counts yet: outlines, not bars of 0 records
        const chart = page().getByRole("img", { name: /^Records per run: / });
        expect(await chart.getAttribute("aria-label")).toBe(`Records per run: ${Array.from({ length: 40 }, (_, i) => `run ${i + 1} not ended`).join(", ")}`);
        await chart.getByText("no run has ended yet").waitFor();
        await browser().screenshot("monitoring-stuck-flow");
        expect(browser().errors).toEqual([]);
        expect((await call(system(), "POST", `${FS}/flows/${created.body.id}/action?op=disable`)).status).toBe(200); // no more windows beside the tests after it

        // a held-back run cancelled, after a yes: it ends failed, saying so and what to do then; the failed run has no Cancel
        const newest = runs.at(-1);
        await page().evaluate((hash) => (window.location.hash = hash), `#/monitoring?flow=${created.body.id}&run=${newest.id}`);
        await page().getByRole("button", { name: "Cancel run" }).waitFor(SETTLES);
        // a run not ended has no counts yet: not 0 records
        const metrics = page().locator("dl.facts").first();
        expect(await metrics.locator("dd").first().textContent()).toBe("—");
        await page().getByRole("button", { name: "Cancel run" }).click(SETTLES);
        const dialog = page().getByRole("dialog");
        await dialog.getByText("It ends failed and nothing of its window is written to the dataset.").waitFor();
        await dialog.getByRole("button", { name: "Cancel the run" }).click();
        const fix = page().getByRole("group", { name: "What to do about CONNECTOR-2019-400" });
        await fix.getByText(/the run was cancelled and nothing of its window was written: Re-trigger run/).waitFor(SETTLES);
        expect(await page().getByRole("button", { name: "Cancel run" }).count()).toBe(0);
        expect((await call(system(), "GET", `${FS}/runs/${newest.id}`)).body.items[0].metrics.statusSummary.errors[0].code).toBe("CONNECTOR-2019-400");
        expect(browser().errors).toEqual([]);
      }, 120_000);
    }),
};
