import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";
import { textDestination, textLine } from "./log-text.js";

describe("the log as text", () => {
  it("writes a line's time, level and message, then its fields as key=value, quoting what has spaces", () => {
    const line = JSON.stringify({ level: 30, time: Date.UTC(2026, 11, 7, 10, 0, 0, 5), pid: 42, hostname: "h", runId: "r-1", flowId: "f-1", window: 0, codes: ["CONNECTOR-2001-500"], note: "two words", msg: "run finished" });
    expect(textLine(line)).toBe('2026-12-07T10:00:00.005Z INFO  run finished  runId=r-1 flowId=f-1 window=0 codes=["CONNECTOR-2001-500"] note="two words"\n');
    expect(textLine("Databricks Source is ready")).toBe("Databricks Source is ready\n");
  });

  it("gets pino's lines redacted, an error's stack below its line", () => {
    const written: string[] = [];
    const logger = createLogger("info", textDestination({ write: (text) => written.push(text) }));
    logger.warn({ req: { url: "/x?sig=SECRETSIG&sv=1" }, err: new Error("boom") }, "request failed");
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\S+Z WARN  request failed  req=\{"url":"\/x\?sig=\[REDACTED\]&sv=1"\}\n {2}Error: boom\n\s+at /);
    expect(written[0]).not.toContain("SECRETSIG");
  });
});
