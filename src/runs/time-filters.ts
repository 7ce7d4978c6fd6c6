/**
 * A run's times (createdAt, updatedAt, nextAttemptAt, phase.startedAt, heldBack.since,
 * metrics.durationSummary.startedAtUTC and completedAtUTC, …) are epoch milliseconds and its counts
 * (records, bytes, files, attempts) numbers, and a property filter compares them as numbers: a value
 * that is no number (an ISO date, say) would match no run, answered as an empty list. It is refused
 * instead, saying what the field holds, as every list's filters on such fields are: the forms are
 * read from the run item's schema (route-schemas.ts) by aep-conventions/listing/field-forms.ts.
 */
import { checkFilterValues, fieldFormsOf } from "../aep-conventions/listing/field-forms.js";
import type { PropertyFilter } from "../aep-conventions/listing/property-filter.js";
import { RUN } from "./route-schemas.js";

const RUN_FIELD_FORMS = fieldFormsOf(RUN);

export function checkTimeFilters(filters: readonly PropertyFilter[]): void {
  checkFilterValues(filters, RUN_FIELD_FORMS);
}
