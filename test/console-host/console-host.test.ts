/** The console is served by the service itself at / without a token, its files under /assets/. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIsCurrent } from "../../src/console-host/console-build.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

describe("the console at /", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  it("serves the page and its hashed files without any token, and answers an unknown file in the AEP envelope", async () => {
    const page = await fetch(`${system.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await page.text();
    expect(html).toContain('<div id="root"></div>');
    const script = /src="(\/assets\/index-[\w-]+\.js)"/.exec(html)![1];

    const asset = await fetch(`${system.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    const code = await asset.text();
    expect(code.length).toBeGreaterThan(10_000);
    // React's production build, though this test runs under NODE_ENV=test: the development build's StrictMode runs effects twice
    expect(code).toContain("react.dev/errors/");
    expect(code).not.toContain("jsxDEV");

    for (const missing of ["/assets/nope.js", "/assets/..%2F..%2Fpackage.json", "/assets/index.html"]) {
      const answer = await fetch(`${system.url}${missing}`);
      expect(answer.status, missing).toBe(404);
      expect((await answer.json()).type).toBe("https://ns.adobe.com/aep/errors/FLOW-1100-404");
    }
  }, 120_000);
});

describe("whether the console's build is current", () => {
  const root = mkdtempSync(path.join(tmpdir(), "ds-console-build-"));
  const dist = path.join(root, "dist");
  const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("is not without a build, is once built after the sources, and is not after a source changes", () => {
    mkdirSync(path.join(root, "src", "screens"), { recursive: true });
    const source = path.join(root, "src", "screens", "App.tsx");
    writeFileSync(source, "export {}");
    at(source, 1_000);
    at(path.join(root, "src", "screens"), 1_000);
    at(path.join(root, "src"), 1_000);
    expect(buildIsCurrent({ root, dist })).toBe(false);

    mkdirSync(dist);
    writeFileSync(path.join(dist, "index.html"), "<html>");
    at(path.join(dist, "index.html"), 2_000);
    expect(buildIsCurrent({ root, dist })).toBe(true);

    at(source, 3_000);
    expect(buildIsCurrent({ root, dist })).toBe(false);
  });
});
