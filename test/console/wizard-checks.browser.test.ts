/**
 * The dataflow wizard's checks before Finish, in a real browser against a real `npm start`: a
 * calculated field checked into its destination field by the service's mapping preview, which reads
 * the sample rows by the table's column types (a DOUBLE's NaN and ±Infinity); a table chosen but not
 * confirmed kept through a reload; a start time in the past checked with the service's own
 * tolerance; a Finish after a failed one, its schema's field groups or class changed in between; the
 * wizard and Monitoring on a 390 px wide phone. Any browser
 * console error or unlabelled control fails a test. Screenshots: test-artifacts/console/.
 * The calculated fields' and typed map keys' tests of the wizard (their own modules) run after these,
 * on the same service and browser.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { call, createConnection, createDataset, createSchema, FS } from "../support/aep-calls.js";
import { createPipeline, flowBody, sql } from "../support/journey.js";
import { CHROMIUM } from "./browser.js";
import { calculatedFields } from "./calculated-fields.browser.js";
import { consoleSuite, newDataflow, signIn, type SuitePart, toDatasetStep } from "./console-suite.js";
import { mapKeys } from "./map-keys.browser.js";

/** how long a screen may take to show what the service answered */
const SETTLES = { timeout: 30_000 };
const SCHEMA_TITLE = "Wizard checks";
const DOUBLES_TITLE = "Wizard doubles";
const SUGGEST_TITLE = "Wizard suggestions";
/** the service's tolerance for a start time in the past: a day, not its default hour */
const START_TIME_TOLERANCE_SECONDS = 86_400;
const DEMOGRAPHIC = "https://ns.adobe.com/xdm/context/profile-person-details";
/** the wizard's tests of other files, on this file's service */
const PARTS: SuitePart[] = [calculatedFields, mapKeys];

describe.skipIf(!existsSync(CHROMIUM))("the dataflow wizard's checks, in a browser, against npm start", () => {
  const suite = consoleSuite({
    dataDirPrefix: "ds-wizard-",
    env: { DATABRICKS_CLUSTER_START_DELAY_MS: "200", FLOW_START_TIME_TOLERANCE_SECONDS: String(START_TIME_TOLERANCE_SECONDS) },
    prepare: async (suite) => {
      const { system, page } = suite;
      for (const part of PARTS) await part.prepare?.(suite);
      await sql(system(), "CREATE TABLE demo.wizard_checks (id BIGINT, name STRING, updated_at TIMESTAMP) USING DELTA");
      await sql(system(), "INSERT INTO demo.wizard_checks VALUES (1, 'Ada', TIMESTAMP '2024-01-01 00:00:00'), (2, 'Grace', TIMESTAMP '2024-01-02 00:00:00')");
      await sql(system(), "CREATE TABLE demo.wizard_big (big BIGINT, name STRING) USING DELTA");
      await sql(system(), "INSERT INTO demo.wizard_big VALUES (9223372036854775807, 'Ada'), (-9223372036854775808, 'Grace'), (9007199254740993, 'Linus')");
      await sql(system(), "CREATE TABLE demo.wizard_empty (id BIGINT, name STRING, updated_at TIMESTAMP) USING DELTA");
      await sql(system(), "CREATE TABLE demo.wizard_doubles (id STRING, score DOUBLE) USING DELTA");
      await sql(system(), "INSERT INTO demo.wizard_doubles VALUES ('a', CAST('NaN' AS DOUBLE)), ('b', CAST('Infinity' AS DOUBLE)), ('c', CAST('-Infinity' AS DOUBLE)), ('d', 1.5)");
      await sql(system(), "CREATE TABLE demo.wizard_suggest (id STRING, email STRING, address STRUCT<city: STRING>, tags ARRAY<STRING>) USING DELTA");
      await sql(system(), "INSERT INTO demo.wizard_suggest VALUES ('c-1', 'ada@example.com', named_struct('city', 'London'), array('a'))");
      await createConnection(system());
      // a field of each kind the checks are about: a number, and text of at most 3 characters
      await createSchema(system(), { title: SCHEMA_TITLE, type: "object", properties: { _id: { type: "string" }, age: { type: "integer" }, code: { type: "string", maxLength: 3 } } });
      // fields named as the table's columns, address and tags of text
      await createSchema(system(), {
        title: SUGGEST_TITLE,
        type: "object",
        properties: { _id: { type: "string" }, email: { type: "string" }, contact: { type: "object", properties: { address: { type: "string" }, tags: { type: "string" } } } },
      });
      await createSchema(system(), { title: DOUBLES_TITLE, type: "object", properties: { _id: { type: "string" }, score: { type: "number" } } });
      await signIn(page());
      await page().getByRole("link", { name: "New dataflow" }).waitFor();
    },
  });
  const { system, browser, page } = suite;

  it("calls a calculated field valid only when its values go into the destination field, and says the service's row error otherwise", async () => {
    await toMapping("wizard_checks", "2 rows", { existingSchema: SCHEMA_TITLE });
    const next = page().getByRole("button", { name: "Next" });
    await calculated("age", "upper(name)");
    // the expression alone is valid; its text is no integer
    await status("age").getByText(/^✗ the expression gives \w+; on the first row: "ADA", but not into age: MAPPER-\d+-400: the value of upper\(name\) cannot be converted to int for age: ADA \(2 of the 2 sample rows fail\)$/).waitFor(SETTLES);
    expect(await next.isDisabled()).toBe(true);
    // emptied, the field says what it needs, not the error of the text it held
    await calculated("age", "");
    await status("age").getByText("Write the expression that fills age, or choose another source for it.").waitFor(SETTLES);
    await calculated("age", "upper(name)");
    await status("age").getByText(/^✗ the expression gives/).waitFor(SETTLES);
    // the preview of mapped rows shows the rows as the run maps them: failed, with the row error
    await mappedRows().getByRole("cell", { name: /^✗ MAPPER-\d+-400: the value of upper\(name\) cannot be converted to int for age: ADA/ }).waitFor(SETTLES);
    await calculated("age", "id * 10");
    await status("age").getByText(/^✓ valid, gives \w+; on the first row: 10; goes into age on all 2 sample rows$/).waitFor(SETTLES);
    await calculated("code", 'concat(name, "-x")');
    await status("code").getByText(/^✗ .*, but not into code: .*for code is longer than the maxLength 3: Ada-x/).waitFor(SETTLES);
    await browser().screenshot("wizard-conversion-refused");
    expect(await next.isDisabled()).toBe(true);
    await calculated("code", "left(name, 3)");
    await status("code").getByText(/^✓ valid, .*; goes into code on all 2 sample rows$/).waitFor(SETTLES);
    await expect.poll(() => next.isDisabled()).toBe(false);
    // values that fail on some sample rows only are a warning with the count, as a source column's are: no error, Next enabled
    await calculated("code", "name");
    await status("code").getByText(/^⚠ Expression valid, gives \w+; on the first row: "Ada"; into code not on every sample row: .*longer than the maxLength 3: Grace \(1 of the 2 sample rows fail\)$/).waitFor(SETTLES);
    await page().getByText("Errors: 0", { exact: true }).waitFor();
    await expect.poll(() => next.isDisabled()).toBe(false);

    // without sample rows the conversion is said to be unchecked, not valid
    await toMapping("wizard_empty", "0 rows", { existingSchema: SCHEMA_TITLE });
    await calculated("age", "id * 10");
    await status("age").getByText(/^Expression valid, gives \w+; whether it goes into age was not checked: the table gave no sample rows$/).waitFor(SETTLES);
    // into a schema Finish has not made yet, the conversion is checked all the same
    await toMapping("wizard_checks", "2 rows", { profileClass: true });
    await calculated("personID", "upper(name)");
    await status("personID").getByText(/^✓ valid, .*; goes into personID on all 2 sample rows$/).waitFor(SETTLES);
    await calculated("_repo.createDate", "upper(name)");
    await status("_repo.createDate").getByText(/^✗ .*, but not into _repo.createDate: /).waitFor(SETTLES);
    expect(browser().errors).toEqual([]);
    expect(browser().unlabelled).toEqual([]);
    expect(browser().unreadable).toEqual([]);
  }, 90_000);

  it("previews the whole mapping as a run maps it: a column whose values never fit its field is an error on that field's row, and stored values keep every digit", async () => {
    await toMapping("wizard_big", "3 rows", { profileClass: true, fieldGroups: ["Demographic Details"] });
    const next = page().getByRole("button", { name: "Next" });
    // a BIGINT into an XDM short: every sample row fails, as the run's rows would
    await page().getByLabel("Source of person.birthYear", { exact: true }).selectOption("big");
    await fieldStatus("person.birthYear").getByText(/^✗ MAPPER-3700-400: .*\bbig\b.* for person\.birthYear .*short range -32768 to 32767.* \(3 of the 3 sample rows fail\)$/).waitFor(SETTLES);
    await page().getByText("Errors: 1", { exact: true }).waitFor();
    await page().getByText("3 of the 3 sample rows (100 %) fail the mapping: a run fails such rows the same way, and without partial ingestion one failed row fails the whole run.").waitFor();
    await expect.poll(() => mappedRows().getByRole("cell").allTextContents()).toEqual([expect.stringMatching(/^✗ MAPPER-3700-400: .*person\.birthYear.*9223372036854775807/), expect.stringMatching(/^✗ MAPPER-3700-400: .*-9223372036854775808/), expect.stringMatching(/^✗ MAPPER-3700-400: .*9007199254740993/)]);
    expect(await next.isDisabled()).toBe(true);
    await browser().screenshot("wizard-mapping-never-fits");
    // into a text field: the rows as the dataset stores them, every digit kept
    await page().getByLabel("Source of person.birthYear", { exact: true }).selectOption("");
    await page().getByLabel("Source of person.name.fullName", { exact: true }).selectOption("big");
    await page().getByText("All 3 sample rows map; the first ones as they will be ingested:").waitFor(SETTLES);
    const column = await mappedRows().getByRole("columnheader").allTextContents();
    const cells = await mappedRows().getByRole("row").evaluateAll((rows, at) => rows.slice(1).map((row) => row.querySelectorAll("td")[at]?.textContent), column.indexOf("person.name.fullName"));
    expect(cells).toEqual(["9223372036854775807", "-9223372036854775808", "9007199254740993"]);
    await page().getByText("Errors: 0", { exact: true }).waitFor();
    expect(await next.isDisabled()).toBe(false);
    expect(browser().errors).toEqual([]);
    expect(browser().unlabelled).toEqual([]);
  }, 60_000);

  it("previews a DOUBLE column's NaN, Infinity and -Infinity as a run maps them: into a number field, every row maps", async () => {
    await toMapping("wizard_doubles", "4 rows", { existingSchema: DOUBLES_TITLE });
    await page().getByLabel("Source of _id", { exact: true }).selectOption("id");
    await page().getByLabel("Source of score", { exact: true }).selectOption("score");
    await page().getByText("All 4 sample rows map; the first ones as they will be ingested:").waitFor(SETTLES);
    const column = await mappedRows().getByRole("columnheader").allTextContents();
    const cells = await mappedRows().getByRole("row").evaluateAll((rows, at) => rows.slice(1).map((row) => row.querySelectorAll("td")[at]?.textContent), column.indexOf("score"));
    expect(cells).toEqual(["NaN", "Infinity", "-Infinity", "1.5"]);
    expect(await fieldStatus("score").count()).toBe(0);
    expect(await page().getByRole("button", { name: "Next" }).isDisabled()).toBe(false);
    expect(browser().errors).toEqual([]);
  }, 60_000);

  it("keeps the wizard's answers through browser Back and Forward, another screen and a reload, each step at its own URL, until Start over", async () => {
    const at = (step: string) => expect.poll(() => new URL(page().url()).hash).toBe(`#/new-dataflow/${step}`);
    const source = (field: string) => page().getByLabel(`Source of ${field}`, { exact: true });
    await toMapping("wizard_checks", "2 rows", { existingSchema: SCHEMA_TITLE, name: "Kept" });
    await at("mapping");
    await source("age").selectOption("id");
    await source("code").selectOption("name");
    // browser Back: the dataset step as it was answered
    await page().goBack();
    await at("dataset");
    expect(await page().getByLabel("Dataflow name").inputValue()).toBe("Kept dataflow");
    await page().getByLabel("Dataflow name").fill("Kept and renamed dataflow");
    await page().goBack();
    await at("source");
    await page().getByText("demo.wizard_checks: 2 rows").waitFor(SETTLES);
    // Forward: the dataset step as it was left, then the mapping as it was left
    await page().goForward();
    expect(await page().getByLabel("Dataflow name").inputValue()).toBe("Kept and renamed dataflow");
    await page().goForward();
    await at("mapping");
    await expect.poll(() => source("age").inputValue(), SETTLES).toBe("id");
    expect(await source("code").inputValue()).toBe("name");
    // another screen and back by its link, then a reload: still the mapping as it was left
    await page().getByRole("link", { name: "Monitoring", exact: true }).click();
    await page().getByRole("link", { name: "New dataflow" }).click();
    await at("mapping");
    await expect.poll(() => source("age").inputValue(), SETTLES).toBe("id");
    await page().reload();
    await at("mapping");
    await expect.poll(() => source("age").inputValue(), SETTLES).toBe("id");
    expect(await source("code").inputValue()).toBe("name");
    await page().getByRole("button", { name: "Back" }).click();
    await at("dataset");
    expect(await page().getByLabel("Dataflow name").inputValue()).toBe("Kept and renamed dataflow");
    // the step changed: the keyboard goes on from the new step's heading, not from the page's start
    await expect.poll(() => page().evaluate(() => document.activeElement?.textContent)).toBe("Step 2 of 5: Dataset");
    // Start over asks first: Escape, by keyboard, keeps every answer
    await page().getByRole("button", { name: "Start over" }).click();
    const ask = page().getByRole("dialog", { name: "Start over?" });
    await ask.getByText(/every mapping and calculated field/).waitFor();
    await browser().screenshot("wizard-start-over-asked");
    expect(await ask.getByRole("button", { name: "Cancel" }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page().keyboard.press("Escape");
    await ask.waitFor({ state: "detached" });
    expect(await page().getByLabel("Dataflow name").inputValue()).toBe("Kept and renamed dataflow");
    await at("dataset");
    // confirmed, by keyboard: the first step with nothing chosen, and nothing to resume
    await page().getByRole("button", { name: "Start over" }).click();
    await browser().tabTo(ask.getByRole("button", { name: "Discard and start over" }));
    await page().keyboard.press("Enter");
    await at("source");
    await page().getByText("Choose the table this dataflow reads.").waitFor();
    expect(await page().evaluate(() => document.activeElement?.textContent)).toBe("Step 1 of 5: Source table");
    // browser Back to the step it left: that step has no answers now, so the URL says the step shown
    await page().goBack();
    await at("source");
    await page().getByText("Choose the table this dataflow reads.").waitFor();
    await page().reload();
    await page().getByText("Choose the table this dataflow reads.").waitFor(SETTLES);
    await at("source");
    expect(browser().errors).toEqual([]);
  }, 90_000);

  it("keeps a table chosen on the first step but not yet confirmed with Next through a reload, over the one Next confirmed before", async () => {
    const table = (name: string) => page().getByRole("button", { name, exact: true });
    await newDataflow(page());
    await page().getByLabel("Search tables").fill("wizard_");
    await table("wizard_checks").click();
    await page().getByText("demo.wizard_checks: 2 rows").waitFor(SETTLES);
    await page().reload();
    await page().getByText("demo.wizard_checks: 2 rows").waitFor(SETTLES);
    expect(await table("wizard_checks").getAttribute("aria-pressed")).toBe("true");
    // confirmed with Next, then another one chosen on coming Back: the other one after a reload
    await page().getByRole("button", { name: "Next" }).click();
    await page().getByLabel("Dataflow name").waitFor();
    await page().getByRole("button", { name: "Back" }).click();
    await table("wizard_big").click();
    await page().getByText("demo.wizard_big: 3 rows").waitFor(SETTLES);
    await page().reload();
    await page().getByText("demo.wizard_big: 3 rows").waitFor(SETTLES);
    expect(await table("wizard_big").getAttribute("aria-pressed")).toBe("true");
    expect(await table("wizard_checks").getAttribute("aria-pressed")).toBe("false");
    await page().getByRole("button", { name: "Next" }).click();
    await page().getByLabel("Dataflow name").waitFor();
    expect(new URL(page().url()).hash).toBe("#/new-dataflow/dataset");
    expect(browser().errors).toEqual([]);
  }, 60_000);

  it("takes a start time as far in the past as the service does, and refuses one beyond", async () => {
    const HOUR = 3_600_000;
    /** the Start time (UTC) input's text for a time so long ago */
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString().slice(0, 16);
    await toMapping("wizard_checks", "2 rows", { existingSchema: SCHEMA_TITLE });
    await page().getByLabel("Source of age", { exact: true }).selectOption("id");
    await page().getByRole("button", { name: "Next" }).click();
    await page().getByLabel("Frequency").selectOption("day");
    await page().getByLabel("Start time (UTC)").fill(ago(START_TIME_TOLERANCE_SECONDS * 1000 + 2 * HOUR));
    await page().getByRole("button", { name: "Next" }).click();
    await page().getByRole("alert").getByText(/^The start time .* is in the past/).waitFor();
    // three hours ago: beyond the service's default hour, within the day this service takes; the refusal of the time before
    // goes as the field changes
    const start = ago(3 * HOUR);
    await page().getByLabel("Start time (UTC)").fill(start);
    await expect.poll(() => page().getByText(/^The start time .* is in the past/).count()).toBe(0);
    await page().getByRole("button", { name: "Next" }).click();
    await page().getByRole("region", { name: "Scheduling" }).getByText(`from ${start.replace("T", " ")}:00 UTC`).waitFor();
    // the account's cluster holds no staging SAS: the review says its runs would fail, and the console's way to fix that
    const failing = page().getByRole("list", { name: "Failing checks" });
    await failing.getByRole("listitem").filter({ hasText: "stagingSas" }).getByText(/Or have the service put it there: Renew the credentials of /).waitFor(SETTLES);
    expect(await failing.getByRole("listitem").count()).toBe(1);
    await page().getByRole("button", { name: "Finish" }).click();
    await page().getByRole("link", { name: "Watch its runs in Monitoring" }).click(SETTLES);
    // the created dataflow's answers are not resumed: the wizard opens afresh
    await page().getByRole("link", { name: "New dataflow" }).click();
    await page().getByText("Choose the table this dataflow reads.").waitFor(SETTLES);
    expect(new URL(page().url()).hash).toBe("#/new-dataflow/source");
    expect(browser().errors).toEqual([]);
  }, 60_000);

  /** The tenant schemas titled `title`, whole. */
  async function schemasTitled(title: string): Promise<any[]> {
    const listed = await call(system(), "GET", "/data/foundation/schemaregistry/tenant/schemas?limit=300", { headers: { accept: "application/vnd.adobe.xed+json" } });
    expect(listed.status, listed.text).toBe(200);
    return (listed.body.results as any[]).filter((schema) => schema.title === title);
  }

  /**
   * From the mapping step: a daily schedule (no run due while the test looks), then a Finish that the
   * service's flow creation refuses once, at its last step. Returns a count of the flow creations tried so far.
   */
  async function finishRefusedOnce(): Promise<() => number> {
    await page().getByLabel("Frequency").selectOption("day");
    await page().getByRole("button", { name: "Next" }).click();
    let refusals = 0;
    await page().route(/\/flowservice\/flows$/, (route) =>
      route.request().method() === "POST" && refusals++ === 0
        ? route.fulfill({ status: 400, contentType: "application/json", body: JSON.stringify({ title: "Refused by the test", status: 400, report: { detailed: "refused once" } }) })
        : route.continue(),
    );
    await page().getByRole("button", { name: "Finish" }).click();
    await page().getByRole("alert").getByText(/^Finish stopped: /).waitFor(SETTLES);
    return () => refusals;
  }

  it("finishes after a failed Finish whose schema the user changed in between, changing that schema instead of making a second of the same title", async () => {
    const TITLE = "Retried schema";
    await toMapping("wizard_checks", "2 rows", { profileClass: true, name: "Retried" });
    await page().getByLabel("Source of personID", { exact: true }).selectOption("name");
    await page().getByRole("button", { name: "Next" }).click();
    // the first Finish fails at its last step (the flow refused once), after making the schema, dataset, mapping set and connections
    const refusals = await finishRefusedOnce();
    const [first] = await schemasTitled(TITLE);
    expect(first["meta:extends"]).not.toContain(DEMOGRAPHIC);

    // Back to the dataset step: the same dataset name, a field group more, then Finish again
    for (let step = 0; step < 3; step++) await page().getByRole("button", { name: "Back" }).click();
    await page().getByLabel("Demographic Details").check();
    for (let step = 0; step < 3; step++) await page().getByRole("button", { name: "Next" }).click();
    await page().getByRole("button", { name: "Finish" }).click();
    await page().getByRole("link", { name: "Watch its runs in Monitoring" }).waitFor(SETTLES);
    await page().unroute(/\/flowservice\/flows$/);
    expect(refusals()).toBe(2);
    const created = await page().getByRole("list", { name: "Created" }).getByRole("listitem").allTextContents();
    expect(created[0]).toBe(`Schema ${TITLE} (created by the earlier Finish, changed to these answers)`);
    expect(created[1]).toMatch(/^Dataset Retried \(\w+\) \(created by the earlier Finish\)$/);

    // one schema of that title, the earlier one with the field group, and the flow's dataset of it
    const after = await schemasTitled(TITLE);
    expect(after.map((schema) => schema.$id)).toEqual([first.$id]);
    expect(after[0]["meta:extends"]).toContain(DEMOGRAPHIC);
    const [flow] = (await call(system(), "GET", `${FS}/flows?property=name==Retried dataflow`)).body.items;
    const target = (await call(system(), "GET", `${FS}/targetConnections/${flow.targetConnectionIds[0]}`)).body.items[0];
    const dataset = (await call(system(), "GET", `/data/foundation/catalog/dataSets/${target.params.dataSetId}`)).body[target.params.dataSetId];
    expect(dataset.schemaRef.id).toBe(first.$id);
    expect(browser().errorsBesides(400)).toEqual([]); // the browser logs the refusal itself
  }, 90_000);

  it("finishes after a failed Finish whose schema's class the user changed in between, with a new schema of that class and nothing left of the earlier one", async () => {
    const TITLE = "Reclassed schema";
    await toMapping("wizard_checks", "2 rows", { profileClass: true, name: "Reclassed" });
    await page().getByLabel("Source of personID", { exact: true }).selectOption("name");
    await page().getByRole("button", { name: "Next" }).click();
    // the first Finish fails at its last step (the flow refused once), after making the schema, dataset, mapping set and connections
    const refusals = await finishRefusedOnce();
    const [first] = await schemasTitled(TITLE);
    expect(first["meta:class"]).toBe("https://ns.adobe.com/xdm/context/profile");
    const firstCreated = await page().getByRole("list", { name: "Created" }).getByRole("listitem").allTextContents();
    const firstDataSetId = /^Dataset Reclassed \((\w+)\)$/.exec(firstCreated.find((line) => line.startsWith("Dataset"))!)![1];

    // Back to the dataset step: another class, its required field mapped, then Finish again
    for (let step = 0; step < 3; step++) await page().getByRole("button", { name: "Back" }).click();
    await page().getByLabel("Class", { exact: true }).selectOption({ label: "XDM ExperienceEvent" });
    await page().getByRole("button", { name: "Next" }).click();
    await page().getByLabel("Source of timestamp", { exact: true }).selectOption("updated_at", SETTLES);
    for (let step = 0; step < 2; step++) await page().getByRole("button", { name: "Next" }).click();
    await page().getByRole("button", { name: "Finish" }).click();
    await page().getByRole("link", { name: "Watch its runs in Monitoring" }).waitFor(SETTLES);
    await page().unroute(/\/flowservice\/flows$/);
    expect(refusals()).toBe(2);
    const created = await page().getByRole("list", { name: "Created" }).getByRole("listitem").allTextContents();
    expect(created[0]).toMatch(/^Removed what the earlier Finish made for another class: target connection [\w-]+, dataset \w+, mapping set \w+, schema \S+$/);
    expect(created[0]).toContain(`dataset ${firstDataSetId},`);
    expect(created[0].endsWith(`schema ${first.$id}`)).toBe(true);
    expect(created[1]).toBe(`Schema ${TITLE}`);

    // one schema of that title, a new one of the new class; the flow's dataset of it; the earlier dataset gone
    const after = await schemasTitled(TITLE);
    expect(after).toHaveLength(1);
    expect(after[0].$id).not.toBe(first.$id);
    expect(after[0]["meta:class"]).toBe("https://ns.adobe.com/xdm/context/experienceevent");
    const [flow] = (await call(system(), "GET", `${FS}/flows?property=name==Reclassed dataflow`)).body.items;
    const target = (await call(system(), "GET", `${FS}/targetConnections/${flow.targetConnectionIds[0]}`)).body.items[0];
    expect(target.data.schema.id).toBe(after[0].$id);
    const dataset = (await call(system(), "GET", `/data/foundation/catalog/dataSets/${target.params.dataSetId}`)).body[target.params.dataSetId];
    expect(dataset.schemaRef.id).toBe(after[0].$id);
    const earlier = await call(system(), "GET", `/data/foundation/catalog/dataSets/${firstDataSetId}`);
    expect(earlier.status).toBe(404);
    expect(browser().errorsBesides(400)).toEqual([]);
  }, 90_000);

  it("gives a new schema a field of each column, typed as its column, which the mapping fills from it: Finish makes their field group, reused by a Finish after a failed one", async () => {
    const tenant = `_${(await call(system(), "GET", "/data/foundation/schemaregistry/stats")).body.tenantId}`;
    await toMapping("wizard_checks", "2 rows", { profileClass: true, name: "Columns", columnFields: true, whileOnDatasetStep: async () => {
      // the choice is described by what Finish makes of it
      const choice = page().getByRole("checkbox", { name: "A field for each of the table's columns" });
      const hint = await choice.evaluate((input) => document.getElementById(input.getAttribute("aria-describedby") ?? "")?.textContent);
      expect(hint).toBe(`Finish makes the field group “Columns columns”: 3 fields under ${tenant}, each typed as its column, so every column maps into a field of its own.`);
    } });
    const sourceOf = (field: string) => page().getByLabel(`Source of ${field}`, { exact: true }).inputValue();
    // each column into its own field, and id into _id by its name as well
    expect([await sourceOf(`${tenant}.id`), await sourceOf(`${tenant}.name`), await sourceOf(`${tenant}.updated_at`), await sourceOf("_id")]).toEqual(["id", "name", "updated_at", "id"]);
    const badge = (field: string) => page().getByRole("table", { name: "Mappings" }).getByRole("row").filter({ has: page().getByLabel(`Source of ${field}`, { exact: true }) }).locator(".badge").allTextContents();
    expect([await badge(`${tenant}.id`), await badge(`${tenant}.updated_at`)]).toEqual([["long"], ["date-time"]]);
    await page().getByText("All 2 sample rows map; the first ones as they will be ingested:").waitFor(SETTLES);
    const column = await mappedRows().getByRole("columnheader").allTextContents();
    const firstRow = await mappedRows().getByRole("row").nth(1).getByRole("cell").allTextContents();
    expect([`${tenant}.id`, `${tenant}.name`].map((field) => firstRow[column.indexOf(field)])).toEqual(["1", "Ada"]);
    // resumed after a reload: the fields keep the bounds of a long (numbers the draft keeps exact), which the preview and Finish send again
    await page().reload();
    await page().getByText("All 2 sample rows map; the first ones as they will be ingested:").waitFor(SETTLES);
    expect(browser().errors).toEqual([]);
    await page().getByLabel("Source of personID", { exact: true }).selectOption("name");
    await page().getByRole("button", { name: "Next" }).click();
    const refusals = await finishRefusedOnce();
    await page().getByRole("button", { name: "Finish" }).click();
    await page().getByRole("link", { name: "Watch its runs in Monitoring" }).waitFor(SETTLES);
    await page().unroute(/\/flowservice\/flows$/);
    expect(refusals()).toBe(2);
    const created = await page().getByRole("list", { name: "Created" }).getByRole("listitem").allTextContents();
    expect(created.slice(0, 2)).toEqual(["Field group Columns columns (created by the earlier Finish)", "Schema Columns schema (created by the earlier Finish)"]);

    // one field group of that title, with a field of each column; the flow's schema made of it
    const groups = await call(system(), "GET", "/data/foundation/schemaregistry/tenant/fieldgroups?limit=300", { headers: { accept: "application/vnd.adobe.xed+json" } });
    const group = (groups.body.results as any[]).filter((g) => g.title === "Columns columns");
    expect(group).toHaveLength(1);
    expect(group[0].definitions.columns.properties[tenant].properties).toMatchObject({
      id: { title: "id", type: "integer", "meta:xdmType": "long" },
      name: { title: "name", type: "string" },
      updated_at: { title: "updated_at", type: "string", format: "date-time" },
    });
    const [schema] = await schemasTitled("Columns schema");
    expect(schema["meta:extends"]).toContain(group[0].$id);
    expect(browser().errorsBesides(400)).toEqual([]); // the browser logs the refusal itself
  }, 90_000);

  it("makes the fields of the columns anew for another table: the mapping step is not reached again before the dataset step's Next", async () => {
    const tenant = `_${(await call(system(), "GET", "/data/foundation/schemaregistry/stats")).body.tenantId}`;
    await toMapping("wizard_checks", "2 rows", { profileClass: true, columnFields: true });
    await page().getByLabel(`Source of ${tenant}.updated_at`, { exact: true }).waitFor();
    for (let step = 0; step < 2; step++) await page().getByRole("button", { name: "Back" }).click();
    await page().getByLabel("Search tables").fill("wizard_doubles");
    await page().getByRole("button", { name: "wizard_doubles", exact: true }).click();
    await page().getByText("demo.wizard_doubles: 4 rows").waitFor(SETTLES);
    await page().getByRole("button", { name: "Next" }).click();
    await page().getByRole("heading", { name: "Step 2 of 5: Dataset" }).waitFor();
    // the mapping step's URL, as browser Forward would ask for it: the dataset step stays, its fields not yet made of this table
    await page().evaluate(() => (window.location.hash = "#/new-dataflow/mapping"));
    await page().getByRole("heading", { name: "Step 2 of 5: Dataset" }).waitFor();
    expect(new URL(page().url()).hash).toBe("#/new-dataflow/dataset");
    await page().getByRole("button", { name: "Next" }).click();
    expect(await page().getByLabel(`Source of ${tenant}.score`, { exact: true }).inputValue(SETTLES)).toBe("score");
    expect(await page().getByLabel(`Source of ${tenant}.updated_at`, { exact: true }).count()).toBe(0);
    expect(browser().errors).toEqual([]);
  }, 60_000);

  it("says a schema title refused at Finish as not unique comes from the output dataset name, and links back to that step", async () => {
    await createSchema(system(), { title: "Taken schema", type: "object", properties: { _id: { type: "string" } } });
    await toMapping("wizard_checks", "2 rows", { profileClass: true, name: "Taken" });
    await page().getByLabel("Source of personID", { exact: true }).selectOption("name");
    for (let step = 0; step < 2; step++) await page().getByRole("button", { name: "Next" }).click();
    // the review names the account read from, beside its table
    await page().getByText(/^Account Databricks connection to Experience Platform — .*; table demo\.wizard_checks, 3 columns\.$/).waitFor(SETTLES);
    await page().getByRole("button", { name: "Finish" }).click();
    await page().getByRole("alert").getByText(/XDM-1521-400: Title not unique: "Taken schema"/).waitFor(SETTLES);
    await page().getByText("The schema's title “Taken schema” is made of the Output dataset name “Taken” you gave in step 2, and that title is taken already").waitFor();
    await page().getByRole("link", { name: "Choose another output dataset name in step 2" }).click();
    expect(await page().getByLabel("Output dataset name").inputValue()).toBe("Taken");
    expect(browser().errorsBesides(400)).toEqual([]); // the browser logs the refusal itself
  }, 60_000);

  it("fits the wizard and Monitoring into a 390 px wide phone: no sideways page scroll, every button within reach, tables scrolling in their own box", async () => {
    // a flow with a run (failed or not) for Monitoring's run detail
    const pipeline = await createPipeline(system());
    const flow = await call(system(), "POST", `${FS}/flows`, { body: { ...flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }), name: "Phone-sized flow" } });
    expect(flow.status, flow.text).toBe(201);
    await page().setViewportSize({ width: 390, height: 844 });
    const misfits: string[] = [];
    try {
      await toMapping("wizard_checks", "2 rows", { existingSchema: SCHEMA_TITLE, name: "Phone" });
      misfits.push(...(await misfitsOnPhone("wizard-mapping")));
      await calculated("age", "upper(name)"); // a long row error under the expression
      await status("age").getByText(/^✗ /).waitFor(SETTLES);
      misfits.push(...(await misfitsOnPhone("wizard-mapping-error")));
      // a field's source and expression stacked under it, as wide as the panel: the source's words whole, room to write
      const widthOf = async (label: string) => (await page().getByLabel(label, { exact: true }).boundingBox())!.width;
      expect(await widthOf("Source of code")).toBeGreaterThan(280);
      expect(await widthOf("Expression for age")).toBeGreaterThan(280);
      const notMapped = await page().getByLabel("Source of code", { exact: true }).evaluate((select: HTMLSelectElement) => select.scrollWidth <= select.clientWidth);
      expect(notMapped).toBe(true);
      await calculated("age", "id");
      await status("age").getByText(/^✓ /).waitFor(SETTLES);
      await page().getByRole("button", { name: "Next" }).click();
      await page().getByLabel("Frequency").selectOption("day");
      misfits.push(...(await misfitsOnPhone("wizard-schedule")));
      await page().getByRole("button", { name: "Next" }).click();
      await page().getByRole("button", { name: "Finish" }).waitFor();
      misfits.push(...(await misfitsOnPhone("wizard-review")));
      await page().getByRole("button", { name: "Back" }).click();
      await page().getByRole("button", { name: "Back" }).click();
      await page().getByRole("button", { name: "Back" }).click();
      await page().getByLabel("Dataflow name").waitFor();
      misfits.push(...(await misfitsOnPhone("wizard-dataset")));
      await page().getByRole("button", { name: "Back" }).click();
      await page().getByText("demo.wizard_checks: 2 rows").waitFor();
      misfits.push(...(await misfitsOnPhone("wizard-source")));

      await page().getByRole("link", { name: "Monitoring", exact: true }).click();
      await page().getByRole("button", { name: "Phone-sized flow", exact: true }).click();
      const run = page().getByRole("table", { name: "Runs" }).getByRole("button").first();
      await run.waitFor(SETTLES);
      misfits.push(...(await misfitsOnPhone("monitoring-flow")));
      await run.click();
      await page().getByRole("heading", { name: /^Run / }).waitFor();
      misfits.push(...(await misfitsOnPhone("monitoring-run")));
      await page().getByRole("link", { name: "Sources", exact: true }).click();
      await page().getByLabel("Search tables").waitFor(SETTLES);
      misfits.push(...(await misfitsOnPhone("sources")));
      await page().getByRole("link", { name: "Landing zone" }).click();
      await page().getByTestId("spark-line").waitFor(SETTLES);
      misfits.push(...(await misfitsOnPhone("landing-zone")));
    } finally {
      await page().setViewportSize({ width: 1280, height: 900 });
    }
    expect(misfits).toEqual([]);
    expect((await call(system(), "POST", `${FS}/flows/${flow.body.id}/action?op=disable`)).status).toBe(200);
    expect(browser().errors).toEqual([]);
    expect(browser().unlabelled).toEqual([]);
  }, 120_000);

  /**
   * What does not fit the screen as a phone shows it: the page no wider than the window, each button reachable (within
   * the window's width once scrolled to, unless inside a box that scrolls sideways), each table
   * inside a box no wider than the window.
   */
  async function misfitsOnPhone(screen: string): Promise<string[]> {
    await browser().screenshot(`phone-${screen}`);
    const found = await page().evaluate(() => {
      const width = window.innerWidth;
      const problems: string[] = [];
      const pageWidth = document.scrollingElement!.scrollWidth;
      if (pageWidth > width) problems.push(`the page is ${pageWidth} px wide`);
      const scrollsSideways = (el: Element) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth;
      const inScrollingBox = (el: Element) => {
        for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) if (scrollsSideways(box) || ["auto", "scroll"].includes(getComputedStyle(box).overflowX)) return box;
        return undefined;
      };
      for (const button of document.querySelectorAll("button")) {
        const box = button.getBoundingClientRect();
        if (box.width === 0 || inScrollingBox(button)) continue;
        if (box.left < 0 || box.right > width) problems.push(`the button "${button.textContent?.trim().slice(0, 40)}" lies at ${Math.round(box.left)}–${Math.round(box.right)} px`);
      }
      // a type wraps only after a `<` or `,` of a nested type, never one letter per line under a narrow column
      for (const badge of document.querySelectorAll(".badge.type")) {
        const range = document.createRange();
        range.selectNodeContents(badge);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
        if (lines > (badge.textContent?.match(/[<,]/g) ?? []).length + 1) problems.push(`the type "${badge.textContent}" breaks over ${lines} lines`);
      }
      for (const table of document.querySelectorAll("table")) {
        const box = inScrollingBox(table) ?? table;
        const { left, right } = box.getBoundingClientRect();
        if (left < 0 || right > width) problems.push(`the table "${table.getAttribute("aria-label")}" lies at ${Math.round(left)}–${Math.round(right)} px`);
      }
      return problems;
    });
    return found.map((problem) => `${screen}: ${problem}`);
  }

  /** A new wizard through its first two steps: the table, then a new dataset (named `name`) of the schema titled `existingSchema` or of the Profile class. */
  it("suggests a column only for a field of its shape: no struct or list column into a text field of its name, which the service would refuse", async () => {
    await toMapping("wizard_suggest", "1 row", { existingSchema: SUGGEST_TITLE });
    const sourceOf = (field: string) => page().getByLabel(`Source of ${field}`, { exact: true }).inputValue();
    expect(await sourceOf("_id")).toBe("id");
    expect(await sourceOf("email")).toBe("email");
    expect(await sourceOf("contact.address")).toBe("");
    expect(await sourceOf("contact.tags")).toBe("");
    await page().getByText("Errors: 0", { exact: true }).waitFor();
    await mappedRows().getByRole("cell", { name: "ada@example.com", exact: true }).waitFor(SETTLES);
    expect(browser().errors).toEqual([]);
  });

  it("keeps the dataset step while a dataflow or dataset name is only spaces, which Finish could not use", async () => {
    await toDatasetStep(page(), "wizard_checks", "2 rows");
    await page().getByRole("radio", { name: "New dataset with a new schema" }).check();
    for (const label of ["Dataflow name", "Output dataset name"]) {
      const field = page().getByLabel(label);
      const before = await field.inputValue();
      await field.fill("   ");
      expect(await field.evaluate((input: HTMLInputElement) => input.validity.patternMismatch)).toBe(true);
      await page().getByRole("button", { name: "Next" }).click();
      await page().waitForTimeout(500);
      expect(await page().getByRole("table", { name: "Mappings" }).count()).toBe(0);
      await field.fill(before || "A name");
    }
    expect(browser().errors).toEqual([]);
  });

  it("offers every dataset of the sandbox as an existing dataset, past the Catalog's page of 100", async () => {
    const schemaId = await createSchema(system(), { title: "Wizard many datasets", type: "object", properties: { _id: { type: "string" } } });
    const oldest = await createDataset(system(), schemaId, "The oldest of many");
    for (let k = 0; k < 100; k++) await createDataset(system(), schemaId, `One of many ${k}`);
    await toDatasetStep(page(), "wizard_checks", "2 rows");
    await page().getByRole("radio", { name: "Existing dataset" }).check();
    const datasets = page().getByLabel("Dataset", { exact: true });
    await datasets.selectOption({ label: `The oldest of many (${oldest})` });
    expect((await datasets.locator("option").allTextContents()).filter((label) => label.includes("of many"))).toHaveLength(101);
    expect(browser().errors).toEqual([]);
  });

  /** From a new dataflow to the mapping step of `table`; a new schema of the profile class has no fields for the table's columns unless `columnFields`. */
  async function toMapping(
    table: string,
    rows: string,
    dataset: { existingSchema?: string; profileClass?: boolean; fieldGroups?: string[]; name?: string; columnFields?: boolean; whileOnDatasetStep?: () => Promise<void> },
  ) {
    await toDatasetStep(page(), table, rows);
    if (dataset.name) {
      await page().getByLabel("Dataflow name").fill(`${dataset.name} dataflow`);
      await page().getByLabel("Output dataset name").fill(dataset.name);
    }
    if (dataset.existingSchema) {
      await page().getByRole("radio", { name: "New dataset of an existing schema" }).check();
      await page().getByLabel("Schema", { exact: true }).selectOption({ label: dataset.existingSchema });
    } else {
      await page().getByLabel("Class", { exact: true }).selectOption({ label: "XDM Individual Profile" });
      for (const group of dataset.fieldGroups ?? []) await page().getByLabel(group).check();
      await page().getByLabel("A field for each of the table's columns").setChecked(dataset.columnFields ?? false);
    }
    await dataset.whileOnDatasetStep?.();
    await page().getByRole("button", { name: "Next" }).click();
    await page().getByRole("table", { name: "Mappings" }).waitFor(SETTLES);
  }

  async function calculated(field: string, expression: string) {
    const source = page().getByLabel(`Source of ${field}`, { exact: true });
    if ((await source.inputValue()) !== "__calculated__") await source.selectOption({ label: "Calculated field…" });
    await page().getByLabel(`Expression for ${field}`).fill(expression);
  }

  const mappedRows = () => page().getByRole("table", { name: "Mapped rows" });
  /** what the mapping preview says under a source column's field */
  const fieldStatus = (field: string) => page().getByRole("row").filter({ has: page().getByLabel(`Source of ${field}`, { exact: true }) }).getByRole("status");
  /** the check's words under a calculated field's expression */
  const status = (field: string) => page().getByRole("row").filter({ has: page().getByLabel(`Expression for ${field}`) }).getByRole("status");

  for (const part of PARTS) part.register(suite);
});
