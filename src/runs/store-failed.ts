/**
 * A run that fails on the service's own metadata store says so without the database's message
 * (it quotes the store's tables and constraints, which are no business of the flow's owner), and
 * is retried only when the failure may pass (the database busy or unreachable for a moment).
 */
import { RunErrors, RunFailure } from "../aep-conventions/errors/catalogue.js";
import { storeFailureOf } from "../store/database.js";

/** The run failure of a metadata store error, or undefined when the error is not one. */
export function storeFailedRun(error: unknown, runId: string): RunFailure | undefined {
  const failure = storeFailureOf(error);
  if (!failure) return undefined;
  if (failure.transient) return RunErrors.unexpected(`The service's metadata store was unavailable for a moment (${failure.code}); the run is tried again.`);
  return new RunFailure(
    "CONNECTOR-2000-500",
    `The service could not record this run's progress in its metadata store (${failure.code}): a fault of the service, not of the flow, ` +
      `logged with run ${runId}. A retry would fail the same way, so the run was not retried; report it to the service's operators.`,
    false,
  );
}
