/**
 * A headless Debian chromium driven by playwright-core (no browser download), which records every
 * console error and failed page load of the pages it opens, and saves screenshots (and, for a
 * failure, the page's HTML) under test-artifacts/console/.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Locator, type Page, type Route } from "playwright-core";
import { REPO_ROOT } from "../support/repo-root.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts", "console");

const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface ConsoleBrowser {
  page: Page;
  /** every console error and uncaught exception so far */
  errors: string[];
  /**
   * The errors so far but the browser's own lines for answers of `status` ("Failed to load resource:
   * … status of 400"): chromium logs every refused request, also one a test has the screen refused on purpose.
   */
  errorsBesides(status: number): string[];
  /** form controls without an accessible name, per screenshot taken */
  unlabelled: string[];
  /** text below WCAG AA contrast against its background, and pages wider than the window, per screenshot taken */
  unreadable: string[];
  screenshot(name: string): Promise<void>;
  /** the screen as a failure left it: its screenshot and its HTML, to see what a timed-out wait waited for */
  saveFailure(name: string): Promise<void>;
  /** presses Tab until `target` has the focus, as a keyboard user reaches it; fails when 40 presses do not */
  tabTo(target: Locator): Promise<void>;
  close(): Promise<void>;
}

export async function openConsole(baseUrl: string): Promise<ConsoleBrowser> {
  rmSync(ARTIFACTS, { recursive: true, force: true }); // no screenshot of an earlier run left beside this one's
  mkdirSync(ARTIFACTS, { recursive: true });
  // playwright gives each launch a fresh, temporary profile (its own --user-data-dir)
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const context: BrowserContext = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on("console", (message) => {
    // a failed load's text leaves out its address, which says which of the screen's calls it was
    const { url } = message.location();
    if (message.type() === "error") errors.push(`console: ${message.text()}${url ? ` (${url})` : ""}`);
  });
  page.on("pageerror", (error) => errors.push(`page: ${error.message}`));
  const unlabelled: string[] = [];
  const unreadable: string[] = [];
  return {
    page,
    errors,
    errorsBesides: (status) => errors.filter((error) => !error.includes(`status of ${status}`)),
    unlabelled,
    unreadable,
    screenshot: async (name) => {
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
      unlabelled.push(...(await unlabelledControls(page)).map((control) => `${name}: ${control}`));
      unreadable.push(...(await lowContrastText(page)).map((text) => `${name}: ${text}`));
      if (await overflowsSideways(page)) unreadable.push(`${name}: the page is wider than the ${page.viewportSize()?.width} px window`);
    },
    saveFailure: async (name) => {
      writeFileSync(path.join(ARTIFACTS, `${name}.html`), await page.content());
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    tabTo: async (target) => {
      for (let presses = 0; presses < 40; presses++) {
        if (await target.evaluate((el) => el === document.activeElement)) return;
        await page.keyboard.press("Tab");
      }
      throw new Error(`40 presses of Tab never reached ${target}`);
    },
    close: () => browser.close(),
  };
}

/** A request whose answer the test holds back, to make it arrive late. */
export interface HeldRequest {
  /** lets the answer go, then waits until the page has had the time to take it in */
  release(): Promise<void>;
}

/**
 * Holds back the answer to the first request for `url` while later ones go through, until
 * `release()`. With `aloneAfterMs`, a first request that no second one follows within that time goes
 * at once: the screen loads only once (React runs a screen's effects twice in a development build
 * only), so there is no later answer to hold it behind.
 */
export async function holdFirstRequest(page: Page, url: RegExp, aloneAfterMs?: number): Promise<HeldRequest> {
  let first: Route | undefined;
  let requests = 0;
  let gone = false;
  const letGo = async () => {
    if (!first || gone) return;
    gone = true;
    await first.continue();
  };
  await page.route(url, async (route) => {
    if (++requests > 1) return route.continue();
    first = route;
    if (aloneAfterMs !== undefined) setTimeout(() => requests === 1 && void letGo(), aloneAfterMs);
  });
  return {
    release: async () => {
      const held = !gone && first;
      await letGo();
      await page.unroute(url);
      if (!held) return;
      await (await held.request().response())?.finished();
      await page.waitForTimeout(250); // the answer's promise and the render it causes
    },
  };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** the impacts of axe-core's findings a screen must not have */
export const SERIOUS = ["serious", "critical"];

/**
 * What axe-core finds on the page as it is now (all its rules: WCAG A and AA, and its best
 * practices) of the given impacts, one line per element: `rule (impact) at selector: what is wrong`.
 */
export async function axeFindings(page: Page, impacts: string[] = SERIOUS): Promise<string[]> {
  // evaluated through the DevTools protocol, not as a script tag, so no Content-Security-Policy stands in its way
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (impacts) => {
    type Finding = { id: string; impact?: string | null; nodes: Array<{ target: unknown[]; failureSummary?: string }> };
    const { violations } = (await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Finding[] }> } }).axe.run(document, { resultTypes: ["violations"] }));
    return violations
      .filter((v) => impacts.includes(v.impact ?? ""))
      .flatMap((v) => v.nodes.map((node) => `${v.id} (${v.impact}) at ${node.target.join(" ")}: ${(node.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 300)}`));
  }, impacts);
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

/**
 * Visible text whose colour has less than WCAG 2.1 AA contrast with the background behind it (4.5:1,
 * 3:1 for large text); disabled controls are exempt, as WCAG has them.
 */
function lowContrastText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgba = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const channel = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = (el: Element | null): number[] => {
      for (; el; el = el.parentElement) {
        const [r, g, b, a = 1] = rgba(getComputedStyle(el).backgroundColor);
        if (a > 0) return [r, g, b];
      }
      return [255, 255, 255];
    };
    const found: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>("body *")) {
      const text = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent!.trim()).join(" ").trim();
      if (!text || el.closest(":disabled") || el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden") continue;
      const [lighter, darker] = [luminance(rgba(style.color)), luminance(background(el))].sort((a, b) => b - a);
      const ratio = (lighter + 0.05) / (darker + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) found.push(`"${text.slice(0, 40)}" ${ratio.toFixed(2)}:1`);
    }
    return found;
  });
}

/** Whether the page scrolls sideways: something does not fit the window's width. */
function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}
