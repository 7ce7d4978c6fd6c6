import { useEffect, useRef, useState } from "react";
import { ExactNumber } from "../../api/lossless-json";
import { datasetRows, type Flow, flowDataset, type Run } from "../../api/runs";
import type { Session } from "../../api/session";
import { Busy, ErrorNote } from "../../components/Feedback";
import { useInFlight } from "../../components/useInFlight";
import { hasEnded } from "./run-health";
import { previewRows, RowsTable, type RowsColumn } from "../../components/RowsTable";

type Row = Record<string, unknown>;
/** A path of the rows: the names from the row down to a value (person, name, fullName). */
type Path = string[];

/**
 * A column for every path down to a value in the rows, nested objects walked (arrays are values), in
 * the order the rows first have them, headed by the path with dots; a field no row has a value for
 * (the schema's many unmapped ones) is left out.
 */
function columnsOf(rows: Row[]): Array<RowsColumn<Row>> {
  const seen = new Map<string, Path>();
  const walk = (value: unknown, at: Path) => {
    if (value === null || value === undefined) return;
    if (typeof value !== "object" || Array.isArray(value) || value instanceof ExactNumber) return void seen.set(JSON.stringify(at), at);
    for (const [name, member] of Object.entries(value)) walk(member, [...at, name]);
  };
  for (const row of rows) walk(row, []);
  return [...seen.values()].map((path) => ({ key: path.join("."), header: path.join("."), valueOf: (row) => valueAt(row, path) }));
}

const valueAt = (row: Row, path: Path) => path.reduce<unknown>((value, name) => (value !== null && typeof value === "object" ? (value as Row)[name] : undefined), row);

/** the newest of the runs that have ended, by when it ended: the rows are read again once it changes */
function lastEnded(runs: Run[]): string {
  const ended = runs.filter(hasEnded).map((run) => `${run.metrics.durationSummary.completedAtUTC ?? 0} ${run.id}`);
  return ended.reduce((last, run) => (run > last ? run : last), "");
}

/**
 * The dataset a flow writes, read back: its first rows as committed so far, as any reader of the
 * dataset gets them; read again each time a run of the flow (`runs`, as Monitoring last read them) ends,
 * so rows a watched run commits show up.
 */
export function DatasetRows({ session, flow, runs }: { session: Session; flow: Flow; runs: Run[] }) {
  const [dataset, setDataset] = useState<{ id: string; name: string }>();
  const [rows, setRows] = useState<Row[]>();
  const [error, setError] = useState<unknown>();
  // a read asked for while one is under way (a run ended meanwhile) is made, and its answer is the one shown
  const begun = useRef(0);
  const readRows = async (id: string) => {
    const reading = ++begun.current;
    setError(undefined);
    try {
      const answered = await datasetRows(session, id);
      if (reading === begun.current) setRows(answered);
    } catch (caught) {
      if (reading === begun.current) setError(caught);
    }
  };
  const inFlight = useInFlight();
  const read = (id: string) => inFlight.run("read", () => readRows(id));
  const flowId = flow.id;
  useEffect(() => {
    flowDataset(session, flow).then(setDataset, setError);
    // the dataset of a flow does not change: its flow's later readings do not ask again
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session, flowId]);
  const ended = lastEnded(runs);
  useEffect(() => {
    if (dataset) void readRows(dataset.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dataset, ended]);

  return (
    <section className="panel" aria-labelledby="dataset-rows-title">
      <h2 id="dataset-rows-title">Dataset{dataset && `: ${dataset.name}`}</h2>
      <ErrorNote error={error} />
      {dataset && (
        <p className="copy-row">
          <span className="hint">Its first rows as committed so far, as any reader of the dataset gets them (id {dataset.id}); the fields no row has a value for are left out.</span>
          <button type="button" onClick={() => read(dataset.id)} disabled={inFlight.busy("read")}>
            {inFlight.busy("read") ? "Reading…" : "Read the rows again"}
          </button>
        </p>
      )}
      {!rows && !error && <Busy label="Reading the dataset's rows" />}
      {rows && rows.length === 0 && <p className="hint">No row yet: a run that ingests rows commits them here.</p>}
      {rows && rows.length > 0 && (
        <RowsTable label="Dataset rows" caption={previewRows(rows.length)} columns={columnsOf(rows)} rows={rows} />
      )}
    </section>
  );
}
