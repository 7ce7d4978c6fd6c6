/**
 * Calculated fields of the mapping step checked one by one, in a real browser against a real
 * `npm start`: an expression still being written, or not valid, leaves the other fields' checks to
 * the service's mapping preview instead of making it refuse them all. Any browser console error
 * other than the refused expression's own request fails the test. Screenshots: test-artifacts/console/.
 * Run by wizard-checks.browser.test.ts, on its service and browser.
 */
import type { Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createSchema } from "../support/aep-calls.js";
import { sql } from "../support/journey.js";
import { axeFindings } from "./browser.js";
import { type SuitePart, toDatasetStep } from "./console-suite.js";

/** how long a screen may take to show what the service answered */
const SETTLES = { timeout: 30_000 };
const SCHEMA_TITLE = "Calculated fields";

export const calculatedFields: SuitePart = {
  prepare: async ({ system }) => {
    await sql(system(), "CREATE TABLE demo.calculated (id STRING, first_name STRING, last_name STRING) USING DELTA");
    await sql(system(), "INSERT INTO demo.calculated VALUES ('c-1', 'Ada', 'Lovelace'), ('c-2', 'Grace', 'Hopper')");
    await createSchema(system(), { title: SCHEMA_TITLE, type: "object", properties: { _id: { type: "string" }, fullName: { type: "string" }, initials: { type: "string" } } });
  },
  register: ({ browser, page }) =>
    describe("calculated fields in the dataflow wizard", () => {
      const status = (field: string) => page().getByRole("row").filter({ has: page().getByLabel(`Expression for ${field}`) }).getByRole("status");
      const calculated = async (field: string, expression: string) => {
        const source = page().getByLabel(`Source of ${field}`, { exact: true });
        if ((await source.inputValue()) !== "__calculated__") await source.selectOption({ label: "Calculated field…" });
        await page().getByLabel(`Expression for ${field}`).fill(expression);
      };

      it("checks a calculated field into its destination while another one's expression is not valid", async () => {
        await toDatasetStep(page(), "calculated", "2 rows");
        await page().getByRole("radio", { name: "New dataset of an existing schema" }).check();
        await page().getByLabel("Schema", { exact: true }).selectOption({ label: SCHEMA_TITLE });
        await page().getByRole("button", { name: "Next" }).click();
        await page().getByRole("table", { name: "Mappings" }).waitFor(SETTLES);
        await page().getByLabel("Source of _id", { exact: true }).selectOption(""); // the column the wizard suggested for it
        await calculated("initials", "concat(left(first_name, 1), ");
        await status("initials").getByText(/^✗ .*unexpected end of the expression/).waitFor(SETTLES);
        // the one field mapped has an expression not valid yet: nothing maps, which the preview says as no success
        const preview = page().getByRole("region", { name: "Preview of mapped rows" });
        await preview.getByText("⚠ No field is mapped yet: a calculated field joins the preview once its expression is valid.").waitFor(SETTLES);
        expect(await preview.getByText(/sample rows map/).count()).toBe(0);
        expect(await preview.getByRole("table").count()).toBe(0);
        await browser().screenshot("wizard-nothing-mapped-yet");
        await page().getByLabel("Source of _id", { exact: true }).selectOption({ label: "id (string)" });
        await calculated("fullName", 'concat(first_name, " ", last_name)');
        await status("fullName").getByText(/^✓ valid, gives string; on the first row: "Ada Lovelace"; goes into fullName on all 2 sample rows$/).waitFor(SETTLES);
        const mappedRows = page().getByRole("table", { name: "Mapped rows" });
        await mappedRows.getByRole("cell", { name: "Grace Hopper", exact: true }).waitFor(SETTLES);

        // once written, the other field is checked too, and the first one again with it
        await calculated("initials", 'concat(left(first_name, 1), left(last_name, 1))');
        await status("initials").getByText(/^✓ valid, .*goes into initials on all 2 sample rows$/).waitFor(SETTLES);
        await status("fullName").getByText(/^✓ valid, .*goes into fullName on all 2 sample rows$/).waitFor(SETTLES);
        await mappedRows.getByRole("cell", { name: "GH", exact: true }).waitFor(SETTLES);
        await browser().screenshot("wizard-calculated-fields");
        // the refused expression's own check answered 400, which the browser logs
        expect(browser().errorsBesides(400)).toEqual([]);
      });

      it("opens the functions in a side panel over the page by keyboard, finds one by name, shows its syntax and description, and inserts a call of it at the cursor", async () => {
        const expression = page().getByLabel("Expression for initials");
        await calculated("initials", "left(first_name, 1)");
        await expression.press("Home"); // the cursor at the start: the call goes there, not at the end
        const opener = page().getByRole("button", { name: "Functions… for initials" });
        const panel = page().getByRole("dialog", { name: "Functions for initials" });
        const found = panel.getByRole("list", { name: "Functions for initials" });
        // by keyboard: Tab reaches the button under the expression, Enter opens the panel with the focus in its search
        await browser().tabTo(opener);
        await page().keyboard.press("Enter");
        await panel.waitFor();
        await page().keyboard.type("UPP");
        expect(await panel.getByLabel("Search functions").inputValue()).toBe("UPP");
        await found.getByRole("button", { name: "Insert upper" }).waitFor(SETTLES);
        expect(await found.getByRole("listitem").count()).toBe(1);
        await expect.poll(() => found.getByRole("listitem").innerText()).toMatch(/upper\(INPUT\)[\s\S]*also ucase[\s\S]*Converts a string to uppercase\./);
        // a panel over the page at the window's right edge, its full height: the list scrolls with it, not in a box inside the mapping table
        expect(await panel.evaluate((dialog) => dialog.matches(":modal"))).toBe(true);
        const box = (await panel.boundingBox())!;
        const window = page().viewportSize()!;
        expect(Math.round(box.x + box.width)).toBe(window.width);
        expect(Math.round(box.height)).toBe(window.height);
        expect(await found.evaluate((list) => getComputedStyle(list).overflowY)).toBe("visible");
        await browser().screenshot("wizard-expression-functions");
        expect(await axeFindings(page())).toEqual([]);
        // Esc closes it and gives the focus back to its button (in the search box, Esc first empties it, as a search box does)
        await browser().tabTo(found.getByRole("button", { name: "Insert upper" }));
        await page().keyboard.press("Escape");
        await panel.waitFor({ state: "hidden" });
        expect(await opener.evaluate((button) => button === document.activeElement)).toBe(true);

        await page().keyboard.press("Enter");
        await browser().tabTo(found.getByRole("button", { name: "Insert upper" })); // the search kept
        await page().keyboard.press("Enter");
        await panel.waitFor({ state: "hidden" });
        expect(await expression.inputValue()).toBe("upper()left(first_name, 1)");
        // the cursor is between the parentheses: what is typed next is the function's argument
        await page().keyboard.type("last_name");
        expect(await expression.inputValue()).toBe("upper(last_name)left(first_name, 1)");
        await expression.fill("");
        await page().keyboard.type("concat(");
        await opener.click();
        await panel.getByLabel("Search functions").fill("left");
        await found.getByRole("button", { name: "Insert left" }).click();
        await page().keyboard.type("first_name, 1");
        await page().keyboard.press("ArrowRight"); // past the call's closing parenthesis
        await page().keyboard.type(", ");
        await opener.click();
        await panel.getByLabel("Search functions").fill("");
        await found.getByRole("button", { name: "Insert left" }).click();
        await page().keyboard.type("last_name, 1");
        await expression.press("End");
        await page().keyboard.type(")");
        expect(await expression.inputValue()).toBe("concat(left(first_name, 1), left(last_name, 1))");
        await status("initials").getByText(/^✓ valid, .*"AL"; goes into initials on all 2 sample rows$/).waitFor(SETTLES);
        // the check of an expression typed half-way (upper()left(…)) is refused, which the browser logs itself
        expect(browser().errorsBesides(400)).toEqual([]);
      });

      it("shows a DECIMAL's value on the first row with its scale, as the service wrote it, and checks the expression once", async () => {
        const checked: string[] = [];
        const count = (request: Request) => {
          if (request.url().endsWith("/languages/el/validate")) checked.push((request.postDataJSON() as { expression: string }).expression);
        };
        page().on("request", count);
        await calculated("initials", "1.50 + 1");
        await status("initials").getByText(/^✓ valid, gives decimal\(\d+,2\); on the first row: 2\.50; goes into initials on all 2 sample rows$/).waitFor(SETTLES);
        await page().getByRole("table", { name: "Mapped rows" }).getByRole("cell", { name: "2.50", exact: true }).first().waitFor(SETTLES);
        await page().waitForTimeout(1_000); // longer than the editor's pause before a check
        page().off("request", count);
        // once the field passed, it joins the other fields' mappings: that is no reason to check it again
        expect(checked.filter((expression) => expression === "1.50 + 1")).toEqual(["1.50 + 1"]);
        expect(browser().errors).toEqual([]);
      });
    }),
};
