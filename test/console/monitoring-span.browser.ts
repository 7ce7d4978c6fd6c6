/**
 * Monitoring's span of time, for a flow whose runs all ended before it: its Last run is the flow's
 * last finished run, Show failures only keeps it when that run failed, its Runs panel says where its
 * older runs are, and a longer span shows them. The service's answers put the flow's runs two days
 * back (their updatedAt); the flow's own item is the service's. Real `npm start`, real browser. Run
 * by run-error-fixes.browser.test.ts on its service and browser, before its cluster holds a SAS, so
 * the flow's run fails.
 */
import type { Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import { call, FS } from "../support/aep-calls.js";
import { createOnceFlow, createPipeline, waitForRuns } from "../support/journey.js";
import type { SuitePart } from "./console-suite.js";

const SETTLES = { timeout: 30_000 };
const RUNS_LIST = /\/data\/foundation\/flowservice\/runs\?/;
const TWO_DAYS_MS = 2 * 86_400_000;

export const monitoringSpan: SuitePart = {
  register: ({ system, browser, page }) =>
    describe("Monitoring's span of time", () => {
      it("shows a flow whose runs ended before the last 24 hours by its last finished run, and its runs once a longer span is chosen", async () => {
        const flowName = "Older runs";
        const flowId = await createOnceFlow(system(), await createPipeline(system()), flowName);
        const [run] = await waitForRuns(system(), flowId, 1, 30_000);
        expect(run.metrics.statusSummary.status).toBe("failed");

        const aged = async (route: Route) => {
          const response = await route.fetch();
          const body = await response.json();
          for (const item of body.items ?? []) if (item.flowId === flowId) item.updatedAt -= TWO_DAYS_MS;
          await route.fulfill({ response, json: body });
        };
        await page().route(RUNS_LIST, aged);
        try {
          // Monitoring opened afresh: its first reading sees the flow's runs two days old
          await page().getByRole("link", { name: "Landing zone", exact: true }).click();
          await page().getByRole("link", { name: "Monitoring", exact: true }).click();
          const row = page().getByRole("table", { name: "Dataflows" }).getByRole("row").filter({ hasText: flowName });
          await expect.poll(() => row.getByRole("cell").nth(3).textContent(), SETTLES).toMatch(/^failed \S+ \S+ UTC$/);
          expect(await row.getByRole("cell").nth(4).textContent()).toBe("0");

          const failuresOnly = page().getByLabel("Show failures only");
          await failuresOnly.check();
          expect(await row.count()).toBe(1);
          await failuresOnly.uncheck();

          await row.getByRole("button", { name: flowName, exact: true }).click();
          await page().getByText("No run in the last 24 hours: choose a longer time above to see older runs.").waitFor(SETTLES);
          await page().getByLabel("Runs of the").selectOption({ label: "last 7 days" });
          await page().getByRole("table", { name: "Runs" }).getByRole("button", { name: `Open run ${run.id}, ending ${run.id.slice(-8)}` }).waitFor(SETTLES);
          await browser().screenshot("monitoring-span");
        } finally {
          await page().unroute(RUNS_LIST, aged);
          await page().getByLabel("Runs of the").selectOption({ label: "last 24 hours" });
        }
        expect(browser().errors).toEqual([]);
        expect((await call(system(), "POST", `${FS}/flows/${flowId}/action?op=disable`)).status).toBe(200);
      }, 90_000);
    }),
};
