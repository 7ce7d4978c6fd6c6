/**
 * What a `once` flow's Run now can read, pure, from the flow's runs so far (docs/api/runs.md, "Start a
 * run on demand"): its first run reads the whole table; a later one the rows after the last run, by
 * the flow's delta column (named by the first run that gives one); a full reload (params.fullReload)
 * reads the whole table again, only while the flow has put no row in its dataset and every run of it
 * succeeded. The default is the first choice the service will take.
 */

export interface RunNowFacts {
  /** how many runs the flow has */
  runs: number;
  /** the rows its runs put in the dataset */
  ingestedRows: number;
  /** whether every run of it succeeded */
  everyRunSucceeded: boolean;
  /** the delta column the flow keeps, once a run named one */
  flowDeltaColumn?: string;
  /** the table's timestamp and date columns */
  timeColumns: string[];
  /** whether the flow's source reads the table's change data feed (cdcEnabled): a later run reads the changes since the last, by version, and takes no delta column */
  readsChangeFeed?: boolean;
}

export interface RunNowOption {
  /** "continue", "delta:<column>" or "fullReload" */
  value: string;
  label: string;
  /** why the service would refuse it; undefined when it takes it */
  refused?: string;
}

/** What Run now would send for an option's value. */
export function runNowParams(value: string): { deltaColumn?: string; fullReload?: boolean } {
  if (value === "fullReload") return { fullReload: true };
  if (value.startsWith("delta:")) return { deltaColumn: value.slice("delta:".length) };
  return {};
}

export function runNowOptions(facts: RunNowFacts): { options: RunNowOption[]; choice?: string } {
  const options: RunNowOption[] = [];
  if (facts.runs === 0) options.push({ value: "continue", label: "The whole table (the flow's first run)" });
  else if (facts.readsChangeFeed) options.push({ value: "continue", label: "The changes after the last run, from the table's change data feed" });
  else if (facts.flowDeltaColumn) options.push({ value: "continue", label: `The rows after the last run, by the flow's delta column ${facts.flowDeltaColumn}` });
  else {
    for (const column of facts.timeColumns) options.push({ value: `delta:${column}`, label: `The rows after the last run, by ${column} (it becomes the flow's delta column)` });
    if (facts.timeColumns.length === 0) {
      options.push({ value: "continue", label: "The rows after the last run", refused: "the table has no timestamp or date column to tell them by" });
    }
  }
  if (facts.runs > 0) {
    const refused =
      facts.ingestedRows > 0
        ? `the flow has put ${facts.ingestedRows} row(s) in its dataset, which a reload would append again: ${facts.readsChangeFeed ? "resync the flow to read the whole table again as upserts" : "reload into a new dataset with a new flow"}`
        : !facts.everyRunSucceeded
          ? "a run of the flow has not succeeded: re-trigger it instead"
          : undefined;
    options.push({ value: "fullReload", label: "Full reload: the whole table again", refused });
  }
  return { options, choice: options.find((o) => !o.refused)?.value };
}
