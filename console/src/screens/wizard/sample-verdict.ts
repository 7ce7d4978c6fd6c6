/** What the mapping's outcome on the sample rows says of a run: against the dataflow's error threshold when it has partial ingestion (pure: no imports, for tests). */

/** the sample rows that failed the mapping, of how many */
export interface SampleOutcome {
  failing: number;
  total: number;
}

export interface SampleVerdict {
  text: string;
  /** a run like the sample would fail and commit nothing */
  runFails: boolean;
}

/** `percent`: the dataflow's partialIngestionPercent, absent when any failed row fails the run */
export function sampleVerdict({ failing, total }: SampleOutcome, percent: number | undefined): SampleVerdict {
  if (failing === 0) return { text: `All ${total} sample rows map; the first ones as they will be ingested:`, runFails: false };
  const share = Math.round((failing / total) * 1000) / 10;
  const rows = `${failing} of the ${total} sample rows (${share} %) fail the mapping`;
  if (percent === undefined) return { text: `${rows}: a run fails such rows the same way, and without partial ingestion one failed row fails the whole run.`, runFails: true };
  if (share > percent) return { text: `${rows}: more than this dataflow's error threshold of ${percent} %, so a run like them fails and commits nothing.`, runFails: true };
  return { text: `${rows}, within this dataflow's error threshold of ${percent} %: a run commits the others and keeps these for download.`, runFails: false };
}
