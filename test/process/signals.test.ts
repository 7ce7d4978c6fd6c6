/**
 * SIGTERM as systemd and `kill -- -<pgid>` send it: to the whole process group, so the service gets
 * it once directly and once more relayed by npm's and tsx's wrappers. That is one request to stop,
 * not two: the shutdown runs to its end. A second signal later still cuts it short.
 */
import { describe, expect, it } from "vitest";
import { startChild } from "../support/process.js";

const child = (stopMs: number) => startChild(["test/support/signal-child.ts"], { STOP_MS: String(stopMs) }, (line) => line === "ready");

describe("shutdown signals", () => {
  it("takes a signal delivered twice at once as one request and shuts down cleanly", async () => {
    const started = await child(300);
    started.child.kill("SIGTERM");
    started.child.kill("SIGTERM");
    expect(await started.stop("SIGTERM")).toBe(0);
    expect(started.output()).toContain("shutting down");
    expect(started.output()).not.toContain("second signal");
  });

  it("exits at once on a second signal that comes later, while the shutdown still runs", async () => {
    const started = await child(10_000);
    started.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await started.stop("SIGTERM")).toBe(130);
    expect(started.output()).toContain("second signal: exiting now");
  }, 20_000);
});
