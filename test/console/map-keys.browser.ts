/**
 * The mapping step's target fields inside a map's keys, and sources inside a MAP column's keys, in a
 * real browser against a real `npm start`: a path typed under identityMap becomes a target field of
 * its own, one typed under a MAP column a source of its own, a path the service would refuse is
 * refused where it is typed, and the mapped rows show what the preview maps.
 * Any browser console error fails the test. Screenshots: test-artifacts/console/.
 * Run by wizard-checks.browser.test.ts, on its service and browser.
 */
import { describe, expect, it } from "vitest";
import { createSchema } from "../support/aep-calls.js";
import { sql } from "../support/journey.js";
import { newDataflow, type SuitePart } from "./console-suite.js";

/** how long a screen may take to show what the service answered */
const SETTLES = { timeout: 30_000 };
const SCHEMA_TITLE = "Map keys";

export const mapKeys: SuitePart = {
  prepare: async ({ system }) => {
    await sql(system(), "CREATE TABLE demo.map_keys (customer_id STRING, email STRING) USING DELTA");
    await sql(system(), "INSERT INTO demo.map_keys VALUES ('c-1', 'ada@example.com'), ('c-2', 'grace@example.com')");
    await sql(system(), "CREATE TABLE demo.map_sources (customer_id STRING, ids MAP<STRING, STRING>, scores MAP<INT, DOUBLE>) USING DELTA");
    await sql(system(), "INSERT INTO demo.map_sources VALUES ('c-1', map('crm', 'X1', 'ecid', 'E1'), map(1, 0.5)), ('c-2', map('crm', 'X2'), map(2, 1.5))");
    await createSchema(system(), {
      title: SCHEMA_TITLE,
      type: "object",
      allOf: [{ $ref: "https://ns.adobe.com/xdm/context/profile" }, { $ref: "https://ns.adobe.com/xdm/context/identitymap" }],
    });
  },
  register: ({ browser, page }) =>
    describe("typed map keys in the dataflow wizard", () => {
      /** the wizard afresh on a table of demo into a new dataset of the schema, at its mapping step */
      const toMappingStep = async (table = "map_keys") => {
        await newDataflow(page());
        await page().getByLabel("Search tables").fill(table);
        await page().getByRole("button", { name: table, exact: true }).click();
        await page().getByText(`demo.${table}: 2 rows`).waitFor(SETTLES);
        await page().getByRole("button", { name: "Next" }).click();
        await page().getByRole("radio", { name: "New dataset of an existing schema" }).check();
        await page().getByLabel("Schema", { exact: true }).selectOption({ label: SCHEMA_TITLE });
        await page().getByRole("button", { name: "Next" }).click();
        await page().getByRole("table", { name: "Mappings" }).waitFor(SETTLES);
      };

      it("maps a column into a typed identityMap key, refusing a key path the service would refuse", async () => {
        await toMappingStep();

        const keyPath = page().getByLabel("Key path under identityMap", { exact: true });
        await keyPath.fill("identityMap.Email[0].nope");
        await page().getByRole("button", { name: "Add key" }).click();
        await page().getByText("✗ identityMap.Email[0].nope is not a field of the schema").waitFor();
        expect(await page().getByLabel("Source of identityMap.Email[0].nope", { exact: true }).count()).toBe(0);

        await keyPath.fill("identityMap.Email[0].id");
        await keyPath.press("Enter");
        await page().getByLabel("Source of identityMap.Email[0].id", { exact: true }).selectOption({ label: "email (string)" });
        await page().getByLabel("Source of _id", { exact: true }).selectOption({ label: "customer_id (string)" });
        const mappedRows = page().getByRole("table", { name: "Mapped rows" });
        await mappedRows.getByRole("cell", { name: "ada@example.com", exact: true }).waitFor(SETTLES);
        await mappedRows.getByRole("cell", { name: "grace@example.com", exact: true }).waitFor();
        await browser().screenshot("wizard-map-key");
        expect(browser().errors).toEqual([]);
      });

      it("removes a typed key with its mapping, and it stays removed after Back and Next", async () => {
        await toMappingStep();
        const keyPath = page().getByLabel("Key path under identityMap", { exact: true });
        for (const key of ["identityMap.Email[0].id", "identityMap.CRM[0].id"]) {
          await keyPath.fill(key);
          await keyPath.press("Enter");
        }
        await page().getByLabel("Source of identityMap.Email[0].id", { exact: true }).selectOption({ label: "email (string)" });
        await page().getByLabel("Source of identityMap.CRM[0].id", { exact: true }).selectOption({ label: "customer_id (string)" });
        await page().getByLabel("Source of _id", { exact: true }).selectOption({ label: "customer_id (string)" });
        const mappedRows = page().getByRole("table", { name: "Mapped rows" });
        await mappedRows.getByRole("cell", { name: "ada@example.com", exact: true }).waitFor(SETTLES);

        await page().getByRole("button", { name: "Remove key identityMap.Email[0].id" }).click();
        const emailSource = page().getByLabel("Source of identityMap.Email[0].id", { exact: true });
        expect(await emailSource.count()).toBe(0);
        await mappedRows.getByRole("cell", { name: "ada@example.com", exact: true }).waitFor({ state: "detached", ...SETTLES });
        expect(await page().getByRole("columnheader", { name: "identityMap.Email[0].id" }).count()).toBe(0);

        await page().getByRole("button", { name: "Back" }).click();
        await page().getByRole("button", { name: "Next" }).click();
        expect(await page().getByLabel("Source of identityMap.CRM[0].id", { exact: true }).inputValue()).toBe("customer_id");
        expect(await emailSource.count()).toBe(0);
        // the same key typed again starts unmapped, not with the removed mapping
        await keyPath.fill("identityMap.Email[0].id");
        await keyPath.press("Enter");
        expect(await emailSource.inputValue()).toBe("");
        expect(browser().errors).toEqual([]);
      });

      it("maps a typed key of a MAP column, refusing a key path the service would refuse, and keeps it in the draft", async () => {
        await toMappingStep("map_sources");
        const sourceKey = page().getByLabel("Source key path under ids", { exact: true });
        await sourceKey.fill("ids.crm[0]");
        await page().getByRole("button", { name: "Add source key under ids" }).click();
        await page().getByText("✗ ids.crm is not an array: [n] and [*] only follow an array").waitFor();
        const scoresKey = page().getByLabel("Source key path under scores", { exact: true });
        await scoresKey.fill("scores.1");
        await scoresKey.press("Enter");
        await page().getByText("✗ the keys of scores are int, not text: a path reads a key only of a map of string keys").waitFor();

        for (const key of ["ids.crm", "ids.ecid"]) {
          await sourceKey.fill(key);
          await sourceKey.press("Enter");
        }
        const keyPath = page().getByLabel("Key path under identityMap", { exact: true });
        await keyPath.fill("identityMap.CRM[0].id");
        await keyPath.press("Enter");
        const crmSource = page().getByLabel("Source of identityMap.CRM[0].id", { exact: true });
        await crmSource.selectOption({ label: "ids.crm (string)" });
        await page().getByLabel("Source of _id", { exact: true }).selectOption({ label: "customer_id (string)" });
        const mappedRows = page().getByRole("table", { name: "Mapped rows" });
        await mappedRows.getByRole("cell", { name: "X1", exact: true }).waitFor(SETTLES);
        await mappedRows.getByRole("cell", { name: "X2", exact: true }).waitFor();
        await browser().screenshot("wizard-source-map-key");

        // Back and Next, then a reload: the typed keys, picked or not, and the mapping that reads one are kept
        await page().getByRole("button", { name: "Back" }).click();
        await page().getByRole("button", { name: "Next" }).click();
        expect(await crmSource.inputValue()).toBe("ids.crm");
        await page().reload();
        expect(await crmSource.inputValue()).toBe("ids.crm");
        await page().getByRole("list", { name: "Source fields" }).getByRole("button", { name: "Remove source key ids.ecid" }).waitFor();
        await mappedRows.getByRole("cell", { name: "X1", exact: true }).waitFor(SETTLES);

        // removing a typed key leaves the field that read it unmapped
        await page().getByRole("button", { name: "Remove source key ids.crm" }).click();
        expect(await crmSource.inputValue()).toBe("");
        expect(await crmSource.getByRole("option", { name: "ids.crm (string)" }).count()).toBe(0);
        expect(browser().errors).toEqual([]);
      });
    }),
};
