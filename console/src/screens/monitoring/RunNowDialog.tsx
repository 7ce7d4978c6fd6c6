import { useEffect, useState } from "react";
import { item, FLOW_SERVICE } from "../../api/client";
import type { Flow } from "../../api/runs";
import type { Session } from "../../api/session";
import { ConfirmDialog } from "../../components/ConfirmDialog";

const TIME_TYPES = /^(timestamp|timestamp_ntz|date)$/i;

/**
 * A run of a `once` flow now. Its first run reads the whole table; a later one reads the rows after
 * the last run, by a delta column that the first such run names (and the flow keeps).
 */
export function RunNowDialog({ session, flow, onRun, onCancel }: { session: Session; flow: Flow; onRun: (deltaColumn?: string) => void; onCancel: () => void }) {
  const [columns, setColumns] = useState<string[]>([]);
  const [deltaColumn, setDeltaColumn] = useState("");
  useEffect(() => {
    item<{ params: { columns?: Array<{ name: string; type?: string }> } }>(session, `${FLOW_SERVICE}/sourceConnections/${flow.sourceConnectionIds[0]}`)
      .then((source) => setColumns((source.params.columns ?? []).filter((c) => c.type && TIME_TYPES.test(c.type)).map((c) => c.name)))
      .catch(() => setColumns([]));
  }, [session, flow]);
  return (
    <ConfirmDialog title={`Run ${flow.name} now?`} confirm="Run now" onConfirm={() => onRun(deltaColumn || undefined)} onCancel={onCancel}>
      <p>The first run reads the whole table; a later run reads only the rows after the last run, by a delta column.</p>
      <label htmlFor="run-now-delta">Delta column</label>
      <select id="run-now-delta" value={deltaColumn} onChange={(e) => setDeltaColumn(e.target.value)}>
        <option value="">The flow's own (or none for a first run)</option>
        {columns.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </ConfirmDialog>
  );
}

/** A recurring flow's current window, now: the schedule goes on with the next one, so no row is read twice. */
export function RunWindowNowDialog({ flow, onRun, onCancel }: { flow: Flow; onRun: () => void; onCancel: () => void }) {
  return (
    <ConfirmDialog title={`Run ${flow.name}'s current window now?`} confirm="Run now" onConfirm={onRun} onCancel={onCancel}>
      <p>
        The window that is running now ({flow.scheduleParams.frequency} × {String(flow.scheduleParams.interval ?? 1)}) is read at once instead of at its end,
        after any earlier window. The schedule then goes on with the next window; rows of this window that arrive later are read by the next one.
      </p>
    </ConfirmDialog>
  );
}
