import { useEffect, useState } from "react";
import { type Connection, listConnections, previewTable, type TablePreview } from "../../api/flowservice";
import type { Session } from "../../api/session";
import { Busy, ErrorNote } from "../../components/Feedback";
import { keptWhileStarting } from "../sources/cluster-starting";
import { ClusterErrorNote, ClusterStartingNote, useRetryWhileStarting } from "../sources/ClusterStarting";
import { connectionLine, describeConnection } from "../sources/connection-kinds";
import { TableBrowser } from "../sources/TableBrowser";
import { previewRows } from "../../components/RowsTable";
import { PreviewTable } from "../sources/TablePreviewPanel";
import { currentAnswers } from "./current-answers";
import type { WizardState } from "./Wizard";

/** The account and table chosen on the step, Next or not. */
export interface SourceDraft {
  connectionId?: string;
  table?: string;
}

/** Step 1: an account and one of its tables, with its 100-row preview. `draft`: the step as the user left it, over the answer Next gave. */
export function SourceStep(props: { session: Session; initial: WizardState; draft?: SourceDraft; onEdit?: (draft: SourceDraft) => void; onNext: (patch: Partial<WizardState>, draft: SourceDraft) => void }) {
  const { session, initial, draft, onNext } = props;
  const chosen = draft ?? initial;
  const [connections, setConnections] = useState<Connection[]>();
  const [connectionId, setConnectionId] = useState(chosen.connectionId);
  const [table, setTable] = useState(chosen.table);
  // the answered table's preview, unless another one was chosen since
  const [preview, setPreview] = useState<TablePreview | undefined>(chosen.connectionId === initial.connectionId && chosen.table === initial.table ? initial.preview : undefined);
  const [error, setError] = useState<unknown>();
  /** bumped to read the preview again while the cluster starts */
  const [round, setRound] = useState(0);

  useEffect(() => {
    props.onEdit?.({ connectionId, table });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connectionId, table]);

  useEffect(() => {
    const answers = currentAnswers();
    listConnections(session).then(
      answers.keep((list) => {
        setConnections(list);
        setConnectionId((current) => current ?? list[0]?.id);
      }),
      answers.keep(setError),
    );
    return answers.stop;
  }, [session]);
  useEffect(() => {
    if (!connectionId || !table || preview) return;
    setError(keptWhileStarting);
    // the preview of a table chosen before this one, answered late, must not show under this one's name
    const answers = currentAnswers();
    previewTable(session, connectionId, table).then(
      answers.keep((read) => {
        setError(undefined);
        setPreview(read);
      }),
      answers.keep(setError),
    );
    return answers.stop;
  }, [session, connectionId, table, preview, round]);
  const starting = useRetryWhileStarting(error, () => setRound((n) => n + 1));

  if (!connections) return error ? <ErrorNote error={error} /> : <Busy label="Reading your accounts" />;
  if (connections.length === 0) return <p>No source account yet: create one in <a href="#/sources">Sources</a>.</p>;
  const connection = connections.find((c) => c.id === connectionId);
  return (
    <div>
      <label htmlFor="wizard-account">Source account</label>
      <select
        id="wizard-account"
        value={connectionId}
        onChange={(e) => {
          setConnectionId(e.target.value);
          setTable(undefined);
          setPreview(undefined);
        }}
      >
        {connections.map((c) => (
          <option key={c.id} value={c.id}>
            {connectionLine(c)}
          </option>
        ))}
      </select>
      <div className="columns">
        {connection && (
          <TableBrowser
            session={session}
            connectionId={connection.id}
            topLevel={describeConnection(connection).topLevel}
            catalog={describeConnection(connection).catalog}
            selected={table}
            onSelect={(path) => {
              setTable(path);
              setPreview(undefined);
            }}
          />
        )}
        <section className="panel" aria-label="Preview">
          {starting && table ? (
            <ClusterStartingNote starting={starting} what={`${table} is read`} />
          ) : (
            <ClusterErrorNote session={session} connectionId={connectionId} error={error} onStarted={() => setRound((n) => n + 1)} />
          )}
          {table && !preview && !error && <Busy label={`Reading ${table}`} />}
          {preview && <PreviewTable preview={preview} caption={`${table}: ${previewRows(preview.data?.length ?? 0)}`} />}
          {!table && <p className="hint">Choose the table this dataflow reads.</p>}
        </section>
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={!preview} onClick={() => onNext({ connectionId, connectionSpecId: connection?.connectionSpec.id, table, preview }, { connectionId, table })}>
          Next
        </button>
      </div>
    </div>
  );
}
