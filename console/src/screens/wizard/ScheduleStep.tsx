import { type FormEvent, useEffect, useState } from "react";
import type { Column } from "../../api/flowservice";
import type { Schedule } from "../../api/platform";
import { isDeltaColumnType } from "../../api/runs";
import { flowStartTimeToleranceSeconds } from "../../api/service-settings";
import { DEFAULT_INTERVAL, scheduleProblem, withFrequency } from "./schedule-rules";

const FREQUENCIES = ["once", "minute", "hour", "day", "week"] as const;

/** `datetime-local` text of an instant, in UTC. */
const utcInput = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().slice(0, 16);

/** The step's form as the user left it: the wizard keeps it to show it again when the user comes back. */
export interface ScheduleDraft {
  frequency: Schedule["frequency"];
  interval: number;
  /** whether the user typed the interval: otherwise it follows the frequency's default */
  intervalTyped?: boolean;
  /** `datetime-local` text, in UTC */
  start: string;
  backfill: boolean;
  deltaColumn: string;
}

/** Step 4: when the flow runs, and which column tells new rows. */
export function ScheduleStep(props: { columns: Column[]; draft?: ScheduleDraft; onEdit?: (draft: ScheduleDraft) => void; onBack: (draft: ScheduleDraft) => void; onNext: (schedule: Schedule, draft: ScheduleDraft) => void }) {
  const timeColumns = props.columns.filter((c) => isDeltaColumnType(c.type));
  const [draft, setDraft] = useState((): ScheduleDraft => {
    const left = props.draft ?? { frequency: "once", interval: DEFAULT_INTERVAL.once, start: utcInput(Math.floor(Date.now() / 1000)), backfill: true, deltaColumn: "" };
    // the column chosen before, while the table still has it
    return { ...left, deltaColumn: timeColumns.some((c) => c.name === left.deltaColumn) ? left.deltaColumn : (timeColumns[0]?.name ?? "") };
  });
  const update = (patch: Partial<ScheduleDraft>) => setDraft((current) => ({ ...current, ...patch }));
  useEffect(() => props.onEdit?.(draft), [draft]); // eslint-disable-line react-hooks/exhaustive-deps
  const { frequency, interval, start, backfill, deltaColumn } = draft;
  const once = frequency === "once";
  const [problem, setProblem] = useState<string>();
  // a refusal of the schedule as it was goes once it changes
  useEffect(() => setProblem(undefined), [draft]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const schedule: Schedule = { frequency, interval, startTime: Math.floor(Date.parse(`${start}:00Z`) / 1000), backfill: !once && backfill, deltaColumn: once ? undefined : deltaColumn };
    const refused = scheduleProblem(schedule, Date.now(), flowStartTimeToleranceSeconds());
    setProblem(refused);
    if (!refused) props.onNext(schedule, draft);
  };
  return (
    <form onSubmit={submit}>
      <label htmlFor="frequency">Frequency</label>
      <select id="frequency" value={frequency} onChange={(e) => setDraft((current) => withFrequency(current, e.target.value as Schedule["frequency"]))}>
        {FREQUENCIES.map((f) => (
          <option key={f} value={f}>
            {f === "once" ? "Once (the whole table, one time)" : `Every ${f}`}
          </option>
        ))}
      </select>
      {!once && (
        <label>
          Interval ({frequency}s)
          <input type="number" min={1} step={1} value={interval} onChange={(e) => update({ interval: Number(e.target.value), intervalTyped: true })} required />
        </label>
      )}
      <label>
        Start time (UTC)
        <input type="datetime-local" value={start} onChange={(e) => update({ start: e.target.value })} required />
      </label>
      {!once && (
        <>
          <label className="inline">
            <input type="checkbox" checked={backfill} onChange={(e) => update({ backfill: e.target.checked })} /> Backfill: the first run also reads every row before the start time
          </label>
          <label htmlFor="delta-column">Load incremental data by</label>
          <select id="delta-column" value={deltaColumn} onChange={(e) => update({ deltaColumn: e.target.value })} required>
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
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={() => props.onBack(draft)}>
          Back
        </button>
        <button type="submit" className="primary" disabled={!once && !deltaColumn}>
          Next
        </button>
      </div>
    </form>
  );
}
