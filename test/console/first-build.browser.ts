/**
 * The console's first build, as a browser sees it: a service whose console is not built yet answers
 * a browser at once with a page saying the console is being built, which reloads itself into the
 * console when the build is done, with no console error (its Content-Security-Policy holds) and
 * nothing serious for axe-core. Its own console-host on a fresh build folder, in the browser of
 * accessibility.browser.test.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { AEP_ERROR } from "../../src/aep-conventions/openapi-schemas.js";
import { registerConsoleRoutes } from "../../src/console-host/routes.js";
import { REPO_ROOT } from "../support/repo-root.js";
import { axeFindings } from "./browser.js";
import type { SuitePart } from "./console-suite.js";

export const firstBuild: SuitePart = {
  register: ({ page }) =>
    describe("the console's first build", () => {
      it("shows a browser that the console is being built, then the console by itself once it is", async () => {
        const dist = mkdtempSync(path.join(tmpdir(), "ds-first-build-"));
        const host = Fastify().addSchema(AEP_ERROR);
        registerConsoleRoutes(host, undefined, { root: path.join(REPO_ROOT, "console"), dist });
        const tab = await page().context().newPage();
        const errors: string[] = [];
        tab.on("console", (message) => message.type() === "error" && errors.push(message.text()));
        try {
          const url = await host.listen({ port: 0, host: "127.0.0.1" });
          const answer = await tab.goto(url, { timeout: 5_000 }); // at once, not after the build
          expect(answer?.status()).toBe(202);
          await tab.getByRole("heading", { name: "The console is being built" }).waitFor();
          expect(await tab.getByRole("status").textContent()).toMatch(/checks every 2 seconds and shows the console by itself once it is ready/);
          expect(await axeFindings(tab)).toEqual([]);

          await tab.getByLabel("Client id").waitFor({ timeout: 150_000 });
          expect(errors).toEqual([]);
        } finally {
          await tab.close();
          await host.close();
          rmSync(dist, { recursive: true, force: true });
        }
      }, 180_000);
    }),
};
