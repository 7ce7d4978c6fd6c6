/**
 * The life of a browser test file: a real `npm start` on free ports with its own data directory,
 * the local cluster running, and a headless browser on the console; all stopped and removed after
 * the file's tests, the service's exit code checked. Each test starts with no browser error
 * recorded, and a failed one leaves its screen and HTML (see browser.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { waitForCluster } from "../support/aep-calls.js";
import { type StartedProcess, startCli } from "../support/process.js";
import { journeySystem } from "../support/started-system.js";
import type { TestSystem } from "../support/system.js";
import { type ConsoleBrowser, openConsole } from "./browser.js";

export interface ConsoleSuite {
  started: () => StartedProcess;
  /** the API with the dev client's token, and the local workspace */
  system: () => TestSystem;
  browser: () => ConsoleBrowser;
  page: () => Page;
}

export interface ConsoleSuiteOptions {
  /** the start of the data directory's name, under the system's temporary directory */
  dataDirPrefix: string;
  /** the service's environment beside its data directory and free ports */
  env: Record<string, string>;
  /** the file's own setup, once the cluster runs and the browser is open */
  prepare?: (suite: ConsoleSuite) => Promise<void>;
  /** the name of a failed test's screenshot and HTML; by default `failure-` and the test name's first four words */
  failureName?: (testName: string) => string;
}

/**
 * Tests of one subject run on another file's suite, to share its service and browser: `prepare`
 * makes their tables and schemas (the file's own prepare signs in), `register` their describe.
 */
export interface SuitePart {
  prepare?(suite: ConsoleSuite): Promise<void>;
  register(suite: ConsoleSuite): void;
}

const firstWords = (testName: string) => `failure-${testName.split(" ").slice(0, 4).join("-")}`;

/** Registers the hooks of a browser test file (call it inside its describe) and gives what they started. */
export function consoleSuite({ dataDirPrefix, env, prepare, failureName = firstWords }: ConsoleSuiteOptions): ConsoleSuite {
  const dataDir = mkdtempSync(path.join(tmpdir(), dataDirPrefix));
  let started: StartedProcess | undefined;
  let system: TestSystem | undefined;
  let browser: ConsoleBrowser | undefined;
  const made = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not there: the suite's beforeAll did not get that far`);
    return value;
  };
  const suite: ConsoleSuite = {
    started: () => made(started, "the service"),
    system: () => made(system, "the test system"),
    browser: () => made(browser, "the browser"),
    page: () => made(browser, "the browser").page,
  };

  beforeAll(async () => {
    started = await startCli({ DATA_DIR: dataDir, PORT: "0", BLOB_PORT: "0", DATABRICKS_PORT: "0", ...env });
    system = await journeySystem(started);
    await waitForCluster(system, "RUNNING");
    // the service builds the console at its first request when console/dist is missing or stale: that
    // takes longer than a page load may, so it is asked for here, within this hook's time
    expect((await fetch(`${started.apiUrl}/`)).status).toBe(200);
    browser = await openConsole(started.apiUrl);
    await prepare?.(suite);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    expect(await started?.stop("SIGTERM")).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(({ onTestFailed, task }) => {
    if (browser) browser.errors.length = 0;
    onTestFailed(() => browser?.saveFailure(failureName(task.name)));
  });

  return suite;
}

/** Signs in with the dev client and opens the console on the prod sandbox; `whenFilled` runs before the form is sent. */
export async function signIn(page: Page, whenFilled?: () => Promise<void>): Promise<void> {
  await page.goto("/");
  await page.getByLabel("Client id").fill("dev-client");
  await page.getByLabel("Client secret").fill("dev-secret");
  await whenFilled?.();
  await page.getByLabel("Client secret").press("Enter"); // the keyboard is enough
  await page.getByLabel("Sandbox", { exact: true }).selectOption("prod");
  await page.getByRole("button", { name: "Open the console" }).click();
}

/** Opens the dataflow wizard afresh: its link, then Start over and its confirmation, as the wizard resumes the answers an earlier test left. */
export async function newDataflow(page: Page): Promise<void> {
  await page.getByRole("link", { name: "New dataflow" }).click();
  await page.getByRole("button", { name: "Start over" }).click();
  await page.getByRole("dialog", { name: "Start over?" }).getByRole("button", { name: "Discard and start over" }).click();
}

/** A new dataflow from the demo table `table`, whose preview says `rows` ("2 rows"), on to the wizard's dataset step. */
export async function toDatasetStep(page: Page, table: string, rows: string): Promise<void> {
  await newDataflow(page);
  await page.getByLabel("Search tables").fill(table);
  await page.getByRole("button", { name: table, exact: true }).click();
  await page.getByText(`demo.${table}: ${rows}`).waitFor({ timeout: 30_000 });
  await page.getByRole("button", { name: "Next" }).click();
}
