/**
 * What a run tells of its failure: its errors (GET /runs, and the run item its webhooks carry), its
 * log's error line and the service's "run failed" line. Whatever the error's source (a workspace, a
 * sharing server, the storage SDK quoting a SAS URL), each goes through the run log's redaction
 * first: the connection's secrets by value, and whatever looks like one by its shape.
 */
import { codeFirst } from "../util/code-first.js";
import type { Logger } from "pino";
import type { RunError } from "../aep-conventions/errors/catalogue.js";
import type { RunTable } from "../store/dataflows.table.js";
import type { RunLog } from "./run-log.js";

type Redact = Pick<RunLog, "redact">;

/** How deep a cause's own causes are shown (a fetch failure's cause is the socket's error). */
const CAUSE_DEPTH = 3;

/** The errors a run records, as GET /runs and its webhooks show them. */
export function redactedErrors(errors: readonly RunError[], log: Redact): RunError[] {
  return errors.map((error) => ({ ...error, message: log.redact(error.message) }));
}

/** The failure in the service's log (at warn, with its cause) and in the run's own (at error). */
export async function reportFailure(logger: Logger | undefined, log: Pick<RunLog, "redact" | "error">, run: Pick<RunTable, "id">, failure: RunError, cause: unknown): Promise<void> {
  logger?.warn({ runId: run.id, code: failure.code, err: redactedCause(cause, log) }, "run failed");
  await log.error(errorLine(failure));
}

/** An error as one line, its code first (its code once). */
export const errorLine = (error: RunError): string => codeFirst(error.code, error.message);

/**
 * The cause as pino's err serializer shows an error (its type, message and stack, its own cause's
 * after them, its fields), each redacted. Of its fields only the plain ones (an SDK's code and
 * statusCode) are kept: an object among them (the request an SDK sent, with its URL and headers)
 * would be logged as it is.
 */
function redactedCause(cause: unknown, log: Redact, depth = 0): unknown {
  if (!(cause instanceof Error)) return log.redact(String(cause));
  // no prototype: the serializer then names the type by `name`, which is not enumerable and so not logged twice
  const shown = Object.create(null) as Record<string, unknown>;
  Object.defineProperty(shown, "name", { value: cause.name });
  for (const [key, value] of Object.entries(cause)) {
    if (key === "name") continue;
    if (typeof value === "string") shown[key] = log.redact(value);
    else if (typeof value === "number" || typeof value === "boolean") shown[key] = value;
  }
  shown.message = log.redact(cause.message);
  if (cause.stack) shown.stack = log.redact(cause.stack);
  if (cause.cause !== undefined && depth < CAUSE_DEPTH) shown.cause = redactedCause(cause.cause, log, depth + 1);
  return shown;
}
