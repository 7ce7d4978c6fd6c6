/**
 * Monitoring's panels agree: the Dataflows table's last run, the flow's Runs table and the open
 * run's page show the run as one reading has it, even when its status changes between any two
 * requests (as when a run ends in the middle of a refresh). The service's answers about the run are
 * made to flip between running and succeeded at each response, so panels that read apart disagree.
 * Real `npm start`, real browser. Run by run-error-fixes.browser.test.ts, on its service and browser.
 */
import type { Page, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createOnceFlow, createPipeline, waitForRuns } from "../support/journey.js";
import type { SuitePart } from "./console-suite.js";

const SETTLES = { timeout: 30_000 };
const RUNS = /\/data\/foundation\/flowservice\/runs(\?|\/[^/?]+$)/;

/** from now on, each answer holding run `runId` has it running and succeeded by turns, as newer each time */
async function flipRunStatus(page: Page, runId: string): Promise<{ stop: () => Promise<void> }> {
  let answers = 0;
  const flip = (run: any) => {
    if (run?.id !== runId) return false;
    answers++;
    run.metrics.statusSummary.status = answers % 2 ? "inProgress" : "success";
    run.updatedAt += answers;
    return true;
  };
  const handler = async (route: Route) => {
    const response = await route.fetch();
    const body = response.ok() ? await response.json() : undefined;
    if (!body || !(body.items ?? [body]).map(flip).some(Boolean)) return route.fulfill({ response });
    await route.fulfill({ response, json: body });
  };
  await page.route(RUNS, handler);
  return { stop: () => page.unroute(RUNS, handler) };
}

/** the status each panel shows for the run, read from one rendering of the page */
function shownStatuses(page: Page, flowName: string, runId: string): Promise<string[]> {
  return page.evaluate(
    ({ flowName, runId }) => {
      const statusIn = (element: Element | null | undefined) => [...(element?.querySelectorAll("[class^='status-']") ?? [])].map((span) => span.className).find((name) => name !== "status-partial") ?? "none";
      const flowRow = [...document.querySelectorAll("table[aria-label='Dataflows'] tbody tr")].find((row) => row.querySelector("td")?.textContent === flowName);
      const runRow = [...document.querySelectorAll("table[aria-label='Runs'] tbody tr")].find((row) => row.querySelector("button")?.getAttribute("aria-label")?.startsWith(`Open run ${runId},`));
      return [statusIn(flowRow?.querySelectorAll("td")[3]), statusIn(runRow), statusIn(document.getElementById("run-title"))];
    },
    { flowName, runId },
  );
}

export const monitoringConsistency: SuitePart = {
  register: ({ system, browser, page }) =>
    describe("Monitoring's panels", () => {
      it("show a run as one reading has it: the flows, the runs and the run's page never disagree while its status changes", async () => {
        const flowName = "Changing run";
        const flowId = await createOnceFlow(system(), await createPipeline(system()), flowName);
        const [run] = await waitForRuns(system(), flowId, 1, 30_000);

        await page().getByRole("link", { name: "Monitoring", exact: true }).click();
        await page().getByRole("button", { name: flowName, exact: true }).click(SETTLES);
        await page().getByRole("button", { name: `Open run ${run.id}` }).click(SETTLES);
        await page().getByRole("heading", { name: new RegExp(`^Run ${run.id}`) }).waitFor(SETTLES);

        const flipping = await flipRunStatus(page(), run.id);
        try {
          const seen = new Set<string>();
          // each refresh (every 2 s) reads the run anew: sampled over several of them, at moments between and across
          for (let sample = 0; sample < 16; sample++) {
            const [inFlows, inRuns, inRun] = await shownStatuses(page(), flowName, run.id);
            expect({ inRuns, inRun }, `sample ${sample}`).toEqual({ inRuns: inFlows, inRun: inFlows });
            seen.add(inFlows);
            await page().waitForTimeout(700);
          }
          // the answers did change between readings (after the run's own status, shown until the first flipped reading): the panels followed them together
          expect([...seen]).toEqual(expect.arrayContaining(["status-inProgress", "status-success"]));
        } finally {
          await flipping.stop();
        }
        await browser().screenshot("monitoring-one-reading");
        expect(browser().errors).toEqual([]);
      }, 90_000);
    }),
};
