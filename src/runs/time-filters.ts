/**
 * A run's times (createdAt, updatedAt, metrics.durationSummary.startedAtUTC and completedAtUTC) are
 * epoch milliseconds, and a property filter compares them as numbers: a value that is no number (an
 * ISO date, say) would match no run, answered as an empty list. It is refused instead, saying what
 * the field holds.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import type { PropertyFilter } from "../aep-conventions/listing/property-filter.js";

const TIME_PATHS = ["createdAt", "updatedAt", "metrics.durationSummary.startedAtUTC", "metrics.durationSummary.completedAtUTC"];

export function checkTimeFilters(filters: readonly PropertyFilter[]): void {
  for (const filter of filters) {
    const path = filter.path.map((step) => step.name).join(".");
    if (!TIME_PATHS.includes(path)) continue;
    const notNumber = filter.values.find((value) => value.trim() === "" || !Number.isFinite(Number(value)));
    if (notNumber !== undefined) {
      throw Errors.filterExpressionInvalid(filter.source, `${path} is a time in epoch milliseconds, and ${notNumber} is not one: send it as property=${path}>1796049000000`);
    }
  }
}
