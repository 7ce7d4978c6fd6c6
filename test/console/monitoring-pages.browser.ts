/**
 * Monitoring's Dataflows table, newest first, a page of 50 at a time: Previous and Next, the count of what is shown, a new search from
 * its first page, and the page of a flow a link names. Real `npm start`, real browser, real flows (none due: they
 * start tomorrow). Run by run-error-fixes.browser.test.ts, on its service and browser.
 */
import { describe, expect, it } from "vitest";
import { call, FS } from "../support/aep-calls.js";
import { createOnceFlow, createPipeline } from "../support/journey.js";
import type { SuitePart } from "./console-suite.js";

const SETTLES = { timeout: 30_000 };
const FLOWS = 53;
const FLOWS_A_PAGE = 50;
const DAY_S = 86_400;

export const monitoringPages: SuitePart = {
  register: ({ system, browser, page }) =>
    describe("Monitoring's Dataflows table, a page at a time", () => {
      it("shows 50 dataflows a page, newest first, every one on one page only, a new search from its first page, and a linked flow on its page", async () => {
        const pipeline = await createPipeline(system());
        const names = Array.from({ length: FLOWS }, (_, i) => `Paged flow ${String(i + 1).padStart(2, "0")}`);
        const ids = new Map<string, string>();
        for (const name of names) ids.set(name, await createOnceFlow(system(), pipeline, name, DAY_S));

        await page().getByRole("link", { name: "Monitoring", exact: true }).click();
        await page().getByLabel("Search dataflows").fill("Paged flow");
        const table = page().getByRole("table", { name: "Dataflows" });
        const shownNames = () => table.getByRole("row").locator("td:first-child button").allTextContents();
        const pages = page().getByRole("navigation", { name: "Pages of dataflows" });
        // the newest first, once the search's answer replaces a page the table may have filtered as it was (a refresh of the
        // unsearched table while the flows were being made shows the 50 newest of that moment)
        await expect.poll(async () => (await shownNames()).slice().sort(), SETTLES).toEqual(names.slice(-FLOWS_A_PAGE));
        const first = await shownNames();
        expect(await pages.getByRole("status").textContent()).toBe(`1–${FLOWS_A_PAGE} of ${FLOWS} dataflows`);
        await pages.getByRole("button", { name: "Next page of dataflows" }).click();
        const second = await shownNames();
        expect(await pages.getByRole("status").textContent()).toBe(`${FLOWS_A_PAGE + 1}–${FLOWS} of ${FLOWS} dataflows`);
        expect(second.slice().sort()).toEqual(names.slice(0, FLOWS - FLOWS_A_PAGE));
        await browser().screenshot("monitoring-flows-second-page");

        // another search starts from its first page; one that fits a page has no pages
        await page().getByLabel("Search dataflows").fill("Paged flow 0");
        await expect.poll(shownNames).toEqual([...first, ...second].filter((name) => name.startsWith("Paged flow 0")));
        expect(await pages.count()).toBe(0);

        // a flow a link names, on the second page of the search, is shown there, chosen
        await page().getByLabel("Search dataflows").fill("Paged flow");
        await expect.poll(shownNames).toEqual(first);
        await page().evaluate((hash) => (window.location.hash = hash), `#/monitoring?flow=${ids.get(second[0])}`);
        await expect.poll(() => table.locator("tr.selected td:first-child button").textContent(), SETTLES).toBe(second[0]);
        expect(await shownNames()).toEqual(second);
        expect(browser().errors).toEqual([]);
        for (const id of ids.values()) expect((await call(system(), "DELETE", `${FS}/flows/${id}`)).status).toBe(204);
        await page().getByLabel("Search dataflows").fill("");
      }, 90_000);
    }),
};
