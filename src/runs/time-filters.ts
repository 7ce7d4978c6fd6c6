/**
 * A run's times (createdAt, updatedAt, metrics.durationSummary.startedAtUTC and completedAtUTC, …)
 * are epoch milliseconds and its counts (records, bytes, files, attempts) numbers, and a property
 * filter compares them as numbers: a value that is no number (an ISO date, say) would match no run,
 * answered as an empty list. It is refused instead, saying what the field holds, as every list's
 * filters on such fields are (aep-conventions/listing/field-forms.ts).
 */
import { checkFilterValues, fieldForms } from "../aep-conventions/listing/field-forms.js";
import type { PropertyFilter } from "../aep-conventions/listing/property-filter.js";

const RECORDS = ["inputRecordCount", "outputRecordCount", "failedRecordCount"];

const RUN_FIELD_FORMS = new Map([
  ...fieldForms({
    createdAt: "time",
    updatedAt: "time",
    nextAttemptAt: "time",
    "phase.startedAt": "time",
    "heldBack.since": "time",
    "metrics.durationSummary.startedAtUTC": "time",
    "metrics.durationSummary.completedAtUTC": "time",
    "activities.updatedAtUTC": "time",
  }),
  ...fieldForms(
    Object.fromEntries(
      [
        "attempt",
        "maxAttempts",
        "metrics.sizeSummary.inputBytes",
        "metrics.sizeSummary.outputBytes",
        "metrics.fileSummary.inputFileCount",
        "metrics.fileSummary.outputFileCount",
        "metrics.statusSummary.errors.recordCount",
        ...RECORDS.map((name) => `metrics.recordSummary.${name}`),
        ...RECORDS.map((name) => `activities.recordSummary.${name}`),
      ].map((path) => [path, "number" as const]),
    ),
  ),
]);

export function checkTimeFilters(filters: readonly PropertyFilter[]): void {
  checkFilterValues(filters, RUN_FIELD_FORMS);
}
