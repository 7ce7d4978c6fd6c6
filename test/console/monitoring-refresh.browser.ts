/**
 * Monitoring's refreshing, as a user sees and sets it: when its data was last read, its interval
 * picked or paused (no request while paused), a refresh at once on asking, and the span of time
 * whose runs it reads. Real `npm start`,
 * real browser. Run by run-error-fixes.browser.test.ts, on its service and browser.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { SuitePart } from "./console-suite.js";
import { call } from "../support/journey.js";

const SETTLES = { timeout: 30_000 };
const FLOW_LIST = /\/data\/foundation\/flowservice\/flows(\?|$)/;

/** counts the console's requests for the list of flows from now on */
function flowListRequests(page: Page): { count: () => number; stop: () => void } {
  let seen = 0;
  const onRequest = (request: { url(): string }) => void (FLOW_LIST.test(request.url()) && seen++);
  page.on("request", onRequest);
  return { count: () => seen, stop: () => page.off("request", onRequest) };
}

export const monitoringRefresh: SuitePart = {
  register: ({ browser, page, system }) =>
    describe("Monitoring's refreshing", () => {
      it("says when its data was last read, refreshes at the interval picked, not at all while paused, and at once on Refresh now", async () => {
        await page().getByRole("link", { name: "Monitoring", exact: true }).click();
        const last = page().getByTestId("last-refreshed");
        await expect.poll(() => last.textContent(), SETTLES).toMatch(/^Last refreshed at \d\d:\d\d:\d\d UTC$/);
        const interval = page().getByLabel("Auto-refresh");
        expect(await interval.evaluate((select: HTMLSelectElement) => select.selectedOptions[0].text)).toBe("every 2 seconds");
        // the time shown moves on by itself every 2 s
        const first = await last.textContent();
        await expect.poll(() => last.textContent(), SETTLES).not.toBe(first);
        await browser().screenshot("monitoring-refresh");

        const requests = flowListRequests(page());
        try {
          await interval.selectOption({ label: "paused" });
          await expect.poll(() => last.textContent(), SETTLES).toMatch(/ · auto-refresh paused$/);
          await page().waitForTimeout(1_000); // a read under way when paused ends
          const paused = requests.count();
          const shown = await last.textContent();
          await page().waitForTimeout(5_000);
          expect(requests.count()).toBe(paused);
          expect(await last.textContent()).toBe(shown);

          // by keyboard: the button reads at once, and the time moves on
          await browser().tabTo(page().getByRole("button", { name: "Refresh now" }));
          await page().keyboard.press("Enter");
          await expect.poll(() => requests.count(), SETTLES).toBe(paused + 1);
          await expect.poll(() => last.textContent(), SETTLES).not.toBe(shown);
          expect(await last.textContent()).toMatch(/^Last refreshed at \d\d:\d\d:\d\d UTC · auto-refresh paused$/);

          // a slower interval reads at once, then not again within its 10 s
          await interval.selectOption({ label: "every 10 seconds" });
          await expect.poll(() => requests.count(), SETTLES).toBe(paused + 2);
          await page().waitForTimeout(5_000);
          expect(requests.count()).toBe(paused + 2);
          expect(await last.textContent()).toMatch(/^Last refreshed at \d\d:\d\d:\d\d UTC$/);
        } finally {
          requests.stop();
          await interval.selectOption({ label: "every 2 seconds" });
        }
        expect(browser().errors).toEqual([]);
      }, 60_000);

      it("keeps the time of the last reading that succeeded while the service cannot be reached, and says so in words", async () => {
        await page().getByRole("link", { name: "Monitoring", exact: true }).click();
        const last = page().getByTestId("last-refreshed");
        await expect.poll(() => last.textContent(), SETTLES).toMatch(/^Last refreshed at \d\d:\d\d:\d\d UTC$/);
        await page().route(/\/data\/foundation\//, (route) => route.abort("connectionrefused"));
        try {
          await page().getByText(/^Cannot reach the service at http:\/\/127\.0\.0\.1:\d+: is it still running\?/).first().waitFor(SETTLES);
          const shown = await last.textContent();
          await page().waitForTimeout(5_000); // two more refreshes, both failing
          expect(await last.textContent()).toBe(shown);
        } finally {
          await page().unroute(/\/data\/foundation\//);
        }
        await expect.poll(() => page().getByText(/^Cannot reach the service/).count(), SETTLES).toBe(0);
        // the browser logs the aborted requests themselves
        browser().errors.length = 0;
      }, 60_000);

      it("says a run link names no run, offers the way back, and stops asking for it", async () => {
        const flows = await call(system(), "GET", "/data/foundation/flowservice/flows");
        const flowId = flows.body.items[0].id as string;
        const runId = "01a250ce-0000-7000-9c5d-64b4e5f46317";
        let asked = 0;
        const onRequest = (request: { url(): string }) => void (request.url().includes(`/runs/${runId}`) && asked++);
        page().on("request", onRequest);
        try {
          await page().goto(`${new URL(page().url()).origin}/#/monitoring?flow=${flowId}&run=${runId}`);
          await page().getByText(/FLOW-1439-404/).first().waitFor(SETTLES);
          await page().getByRole("link", { name: "Back to the dataflow's runs" }).waitFor();
          const after = asked;
          await page().waitForTimeout(5_000);
          expect(asked).toBe(after);
          await page().getByRole("link", { name: "Back to the dataflow's runs" }).click();
          await expect.poll(() => page().url(), SETTLES).toMatch(new RegExp(`#/monitoring\\?flow=${flowId}$`));
          // the address of no screen shows the landing zone under its own address, marked in the menu
          await page().goto(`${new URL(page().url()).origin}/#/nope`);
          await expect.poll(() => new URL(page().url()).hash, SETTLES).toBe("#/landing-zone");
          expect(await page().getByRole("link", { name: "Landing zone" }).getAttribute("aria-current")).toBe("page");
        } finally {
          page().off("request", onRequest);
        }
        browser().errors.length = 0; // the browser logs the 404s
      }, 60_000);

      it("reads the runs of the span of time chosen, last 24 hours at first, and heads the flows' record counts with it", async () => {
        await page().getByRole("link", { name: "Monitoring", exact: true }).click();
        const headers = () => page().getByRole("table", { name: "Dataflows" }).getByRole("columnheader").allTextContents();
        await expect.poll(async () => (await headers()).slice(4, 7), SETTLES).toEqual(["Records received, last 24 hours", "Records ingested, last 24 hours", "Records failed, last 24 hours"]);
        const since: number[] = [];
        const onRequest = (request: { url(): string }) => {
          const filter = new URL(request.url()).searchParams.getAll("property").find((p) => p.startsWith("updatedAt>="));
          if (/\/flowservice\/runs\?/.test(request.url()) && filter) since.push(Number(filter.slice("updatedAt>=".length)));
        };
        page().on("request", onRequest);
        try {
          const span = page().getByLabel("Runs of the");
          await span.selectOption({ label: "last 7 days" });
          await expect.poll(async () => (await headers())[4], SETTLES).toBe("Records received, last 7 days");
          // the first reading of the new span asks for the runs updated in its 7 days
          await expect.poll(() => since.some((from) => Math.abs(Date.now() - 7 * 86_400_000 - from) < 60_000), SETTLES).toBe(true);
          await span.selectOption({ label: "last 24 hours" });
        } finally {
          page().off("request", onRequest);
        }
        expect(browser().errors).toEqual([]);
      }, 60_000);
    }),
};
