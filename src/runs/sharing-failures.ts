/**
 * A Delta Sharing server's refusals and failures as a run's (docs/api/runs.md#delta-sharing-sources):
 * an expired profile or a refused token cannot pass by retrying and says how to renew the
 * connection's profile; a change range the table's change data feed does not cover is the same
 * CONNECTOR-2002-400 with the resync call as on a cluster (so is a change file the storage no longer
 * has, VACUUM having removed it: a 404, or S3's AccessDenied to a fresh URL too, errors.ts); an answer the service cannot use (a reader
 * feature it does not apply, a data file that is not Parquet, a listing that never ends) would be the
 * same on a retry and fails at once; an unreachable server or a server error may pass, and is retried.
 */
import { RunErrors, RunFailure } from "../aep-conventions/errors/catalogue.js";
import { FileDownloadError, ProfileExpiredError, SharingApiError, SharingUnreachableError } from "../delta-sharing/index.js";
import { BEARER_TOKEN_POINTER } from "../flowservice/sharing-connections.js";
import { VACUUMED_CHANGE_FILES } from "./read-plan.js";
import type { RunInputs } from "./run-inputs.js";
import { LegacyCalendarError } from "../lake/legacy-calendar.js";

/** The versions a change-data read asked the server for. */
export interface ChangeRange {
  from: number;
  to: number;
}

/**
 * What a sharing server answers for a change range its change feed does not cover: the feed was
 * off for one of its versions (`cdf is not enabled on table …`, Delta's `change data was not
 * recorded for version …`), a version's commit is gone from the log (retention), or its change or
 * data files are (VACUUM: read-plan.ts).
 */
const CHANGE_FEED_GAP = /cdf is not enabled|change data (?:was )?not recorded|no longer in (?:its|the) log|VERSION_NOT_FOUND|cannot time travel/i;
const inChangeFeedGap = (detail: string) => CHANGE_FEED_GAP.test(detail) || VACUUMED_CHANGE_FILES.test(detail);

export function sharingFailure(error: unknown, inputs: RunInputs, changes?: ChangeRange): unknown {
  if (error instanceof RunFailure) return error;
  if (error instanceof LegacyCalendarError) return RunErrors.legacyCalendar(error.message);
  if (error instanceof ProfileExpiredError) return RunErrors.sharingRefused(`${error.message} ${renewProfile(inputs)}`);
  if (error instanceof SharingApiError && error.isAuthentication) {
    return RunErrors.sharingRefused(
      `The sharing server at ${inputs.connection.domain} refused the bearer token of connection ${inputs.connection.id} (${error.message}). ` +
        "The token may have expired or been revoked by the data provider, or the recipient lost access to the share. " +
        `A retry would be refused the same way, so the run was not retried. ${renewProfile(inputs)}`,
    );
  }
  // a 2xx here is an answer the server gave and the service cannot use: the same again on a retry
  if (error instanceof SharingApiError && error.status < 500) {
    if (changes && inChangeFeedGap(error.detail)) return RunErrors.changeFeedGap(inputs.source.tableName, inputs.flow.id, changes.from, changes.to, error.message);
    return RunErrors.sharingRefused(error.message);
  }
  // a change file the listing names and the storage no longer has was vacuumed: asking again names it again
  if (changes && error instanceof FileDownloadError && error.isGone) return RunErrors.changeFeedGap(inputs.source.tableName, inputs.flow.id, changes.from, changes.to, error.message);
  if (error instanceof SharingApiError || error instanceof SharingUnreachableError || error instanceof FileDownloadError) return RunErrors.workspaceFailed(error.message);
  return error;
}

/** How to renew the connection's profile: its new bearer token (and expiry, when the profile has one), then the run again. */
function renewProfile(inputs: RunInputs): string {
  const ops = [`{"op": "replace", "path": "${BEARER_TOKEN_POINTER}", "value": "<the new profile's bearerToken>"}`];
  if (inputs.connection.sharing?.expirationTime) ops.push(`{"op": "replace", "path": "/auth/params/expirationTime", "value": "<the new profile's expirationTime>"}`);
  return (
    `Ask the data provider for a new profile and renew connection ${inputs.connection.id}: PATCH /data/foundation/flowservice/connections/${inputs.connection.id} ` +
    `with its etag in If-Match and [${ops.join(", ")}], then re-trigger this run.`
  );
}
