/**
 * The console's page says what it may load and that no other page may frame it; the policy admits
 * everything the built page names (its own hashed script and stylesheet, no inline script or style).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";

describe("the console's security headers", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  it("GET / sends a content security policy, refuses framing, sniffing and referrers", async () => {
    const page = await fetch(`${system.url}/`);
    expect(page.status).toBe(200);
    const policy = Object.fromEntries(
      (page.headers.get("content-security-policy") ?? "").split(";").map((directive) => {
        const [name, ...sources] = directive.trim().split(/\s+/);
        return [name, sources];
      }),
    );
    expect(policy["default-src"]).toEqual(["'none'"]);
    expect(policy["script-src"]).toEqual(["'self'"]);
    expect(policy["style-src"]).toEqual(["'self'"]);
    expect(policy["connect-src"]).toEqual(["'self'"]);
    expect(policy["frame-ancestors"]).toEqual(["'none'"]);
    expect(policy["base-uri"]).toEqual(["'none'"]);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");

    // what the built page loads fits the policy: only files of /assets/, nothing inline
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style\b|\sstyle=/i);
    const loaded = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(loaded.length).toBeGreaterThanOrEqual(2);
    for (const url of loaded) expect(url === "data:," || url.startsWith("/assets/"), url).toBe(true);
    expect(policy["img-src"]).toContain("data:");

    const script = loaded.find((url) => url.endsWith(".js"))!;
    const asset = await fetch(`${system.url}${script}`);
    expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
  }, 120_000);
});
