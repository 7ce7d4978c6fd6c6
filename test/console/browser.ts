/**
 * A headless Debian chromium driven by playwright-core (no browser download), which records every
 * console error and failed page load of the pages it opens, and saves screenshots under
 * test-artifacts/console/.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { REPO_ROOT } from "../support/process.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts", "console");

const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface ConsoleBrowser {
  page: Page;
  /** every console error and uncaught exception so far */
  errors: string[];
  /** form controls without an accessible name, per screenshot taken */
  unlabelled: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openConsole(baseUrl: string): Promise<ConsoleBrowser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  // playwright gives each launch a fresh, temporary profile (its own --user-data-dir)
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const context: BrowserContext = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page: ${error.message}`));
  const unlabelled: string[] = [];
  return {
    page,
    errors,
    unlabelled,
    screenshot: async (name) => {
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
      unlabelled.push(...(await unlabelledControls(page)).map((control) => `${name}: ${control}`));
    },
    close: () => browser.close(),
  };
}

/** The inputs, selects, textareas and buttons of the page that a screen reader could not name. */
function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("input, select, textarea, button")]
      .filter((el) => {
        const labels = (el as HTMLInputElement).labels;
        const named = (labels && labels.length > 0) || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
        return !named && !(el.tagName === "BUTTON" && el.textContent?.trim());
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}
