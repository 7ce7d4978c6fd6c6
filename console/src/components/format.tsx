export const count = (n: number | undefined) => (n === undefined ? "—" : n.toLocaleString("en-US"));

/** An id shortened for a table: its last 8 characters, since ids are time-ordered and those made the same minute share their first ones */
export const shortId = (id: string) => id.slice(-8);

export const when = (epochMs: number | undefined) => (epochMs ? new Date(epochMs).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC") : "—");

export function duration(fromMs: number | undefined, toMs: number | undefined): string {
  if (!fromMs) return "—";
  const seconds = Math.max(0, Math.round(((toMs || Date.now()) - fromMs) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** The statuses of runs and activities the API writes as one camel-cased word (docs/api/runs.md), in words; the others are words already. */
const STATUS_WORDS: Readonly<Record<string, string>> = { inProgress: "in progress", notRun: "not run" };

export const statusWords = (status: string | undefined): string => (status === undefined ? "no run yet" : (STATUS_WORDS[status] ?? status));

export function StatusText({ status }: { status: string | undefined }) {
  return <span className={`status-${status ?? "none"}`}>{statusWords(status)}</span>;
}
