import { Writable } from "node:stream";
import { RestError } from "@azure/storage-blob";
import { describe, expect, it } from "vitest";
import { createLogger } from "../logger.js";
import { redactSecrets } from "../databricks/secret-redaction.js";
import { redactedErrors, reportFailure } from "./failure-report.js";

const TOKEN = "dapiCANARYTOKEN0123456789";
const SAS_URL = "https://acct.blob.core.windows.net/staging/f.parquet?sv=2023-11-03&sp=r&sig=SIGCANARY%3D";

/** The service's own logger writing into `lines`, and a run log that redacts as a run's does and keeps its error lines. */
function capture() {
  const lines: string[] = [];
  const logger = createLogger("info", new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  const runLines: string[] = [];
  const log = { redact: (text: string) => redactSecrets(text, [TOKEN]), error: async (message: string) => void runLines.push(message) };
  return { lines, logger, log, runLines };
}

describe("a run's failure report", () => {
  it("logs a storage SDK error quoting a SAS URL without its signature, nor the request it sent, keeping its code and status", async () => {
    const { lines, logger, log } = capture();
    const cause = new RestError(`Server failed to authenticate ${SAS_URL}`, {
      code: "AuthenticationFailed",
      statusCode: 403,
      request: { url: SAS_URL, headers: { authorization: `Bearer ${TOKEN}` } } as never,
    });
    await reportFailure(logger, log, { id: "run-1" }, { code: "CONNECTOR-2000-500", message: "m" }, cause);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ msg: "run failed", runId: "run-1", code: "CONNECTOR-2000-500" });
    expect(line.err).toMatchObject({ type: "RestError", code: "AuthenticationFailed", statusCode: 403 });
    expect(line.err.message).toBe("Server failed to authenticate https://acct.blob.core.windows.net/staging/f.parquet?sv=2023-11-03&sp=r&sig=[REDACTED]");
    expect(lines[0]).not.toContain("SIGCANARY");
    expect(lines[0]).not.toContain("CANARYTOKEN");
  });

  it("redacts an error's causes, which the log shows after it", async () => {
    const { lines, logger, log } = capture();
    const cause = new Error("fetch failed", { cause: new Error(`the server answered: you sent ${TOKEN}`) });
    await reportFailure(logger, log, { id: "run-1" }, { code: "CONNECTOR-2001-500", message: "m" }, cause);
    const line = JSON.parse(lines[0]);
    expect(line.err.message).toBe("fetch failed: the server answered: you sent [REDACTED]");
    expect(line.err.stack).toContain("caused by: Error: the server answered: you sent [REDACTED]");
    expect(lines[0]).not.toContain("CANARYTOKEN");
  });

  it("writes the failure into the run's log, and records its errors with the secrets removed", async () => {
    const { logger, log, runLines } = capture();
    const [error] = redactedErrors([{ code: "CONNECTOR-2001-500", message: `refused ${TOKEN} at ${SAS_URL}`, recordCount: 2 }], log);
    expect(error).toEqual({ code: "CONNECTOR-2001-500", message: "refused [REDACTED] at https://acct.blob.core.windows.net/staging/f.parquet?sv=2023-11-03&sp=r&sig=[REDACTED]", recordCount: 2 });
    await reportFailure(logger, log, { id: "run-1" }, error, error.message);
    expect(runLines).toEqual([`CONNECTOR-2001-500: ${error.message}`]);
  });
});
