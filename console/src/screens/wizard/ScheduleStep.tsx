import { type FormEvent, useState } from "react";
import type { Column } from "../../api/flowservice";
import type { Schedule } from "../../api/platform";

const FREQUENCIES = ["once", "minute", "hour", "day", "week"] as const;
const TIME_TYPES = /^(timestamp|timestamp_ntz|date)$/i;

/** `datetime-local` text of an instant, in UTC. */
const utcInput = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().slice(0, 16);

/** Step 4: when the flow runs, and which column tells new rows. */
export function ScheduleStep({ columns, initial, onBack, onNext }: { columns: Column[]; initial?: Schedule; onBack: () => void; onNext: (schedule: Schedule) => void }) {
  const timeColumns = columns.filter((c) => TIME_TYPES.test(c.type));
  const [frequency, setFrequency] = useState<Schedule["frequency"]>(initial?.frequency ?? "once");
  const [interval, setInterval] = useState(initial?.interval ?? 15);
  const [start, setStart] = useState(utcInput(initial?.startTime ?? Math.floor(Date.now() / 1000)));
  const [backfill, setBackfill] = useState(initial?.backfill ?? true);
  const [deltaColumn, setDeltaColumn] = useState(initial?.deltaColumn ?? timeColumns[0]?.name ?? "");
  const once = frequency === "once";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onNext({ frequency, interval, startTime: Math.floor(Date.parse(`${start}:00Z`) / 1000), backfill: !once && backfill, deltaColumn: once ? undefined : deltaColumn });
  };
  return (
    <form onSubmit={submit}>
      <label htmlFor="frequency">Frequency</label>
      <select id="frequency" value={frequency} onChange={(e) => setFrequency(e.target.value as Schedule["frequency"])}>
        {FREQUENCIES.map((f) => (
          <option key={f} value={f}>
            {f === "once" ? "Once (the whole table, one time)" : `Every ${f}`}
          </option>
        ))}
      </select>
      {!once && (
        <label>
          Interval ({frequency}s)
          <input type="number" min={1} step={1} value={interval} onChange={(e) => setInterval(Number(e.target.value))} required />
        </label>
      )}
      <label>
        Start time (UTC)
        <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
      </label>
      {!once && (
        <>
          <label className="inline">
            <input type="checkbox" checked={backfill} onChange={(e) => setBackfill(e.target.checked)} /> Backfill: the first run also reads every row before the start time
          </label>
          <label htmlFor="delta-column">Load incremental data by</label>
          <select id="delta-column" value={deltaColumn} onChange={(e) => setDeltaColumn(e.target.value)} required>
            {timeColumns.length === 0 && <option value="">The table has no timestamp or date column</option>}
            {timeColumns.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name} ({c.type})
              </option>
            ))}
          </select>
          <p className="hint">Each run reads the rows whose value in this column (UTC) lies in its window.</p>
        </>
      )}
      <div className="actions">
        <button type="button" onClick={onBack}>
          Back
        </button>
        <button type="submit" className="primary" disabled={!once && !deltaColumn}>
          Next
        </button>
      </div>
    </form>
  );
}
