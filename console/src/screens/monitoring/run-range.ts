/**
 * The spans of time Monitoring shows runs of, the first by default: the runs that started, ran or
 * ended within it (the API's updatedAt), with every run still waiting to run, whatever its age. A
 * sandbox of one-minute flows holds 1,440 runs a day for each: all of them would be read in full.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

export interface RunRange {
  label: string;
  ms: number;
}

export const RUN_RANGES: readonly RunRange[] = [
  { label: "last 24 hours", ms: DAY_MS },
  { label: "last 7 days", ms: 7 * DAY_MS },
  { label: "last 30 days", ms: 30 * DAY_MS },
];
