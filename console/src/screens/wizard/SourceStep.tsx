import { useEffect, useState } from "react";
import { type Connection, listConnections, previewTable, type TablePreview } from "../../api/flowservice";
import type { Session } from "../../api/session";
import { Busy, ErrorNote } from "../../components/Feedback";
import { connectionLine, describeConnection } from "../sources/connection-kinds";
import { TableBrowser } from "../sources/TableBrowser";
import { PreviewTable } from "../sources/TablePreviewPanel";
import { currentAnswers } from "./current-answers";
import type { WizardState } from "./Wizard";

/** Step 1: an account and one of its tables, with its 100-row preview. */
export function SourceStep({ session, initial, onNext }: { session: Session; initial: WizardState; onNext: (patch: Partial<WizardState>) => void }) {
  const [connections, setConnections] = useState<Connection[]>();
  const [connectionId, setConnectionId] = useState(initial.connectionId);
  const [table, setTable] = useState(initial.table);
  const [preview, setPreview] = useState<TablePreview | undefined>(initial.preview);
  const [error, setError] = useState<unknown>();

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
    setError(undefined);
    // the preview of a table chosen before this one, answered late, must not show under this one's name
    const answers = currentAnswers();
    previewTable(session, connectionId, table).then(answers.keep(setPreview), answers.keep(setError));
    return answers.stop;
  }, [session, connectionId, table, preview]);

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
          <ErrorNote error={error} />
          {table && !preview && !error && <Busy label={`Reading ${table}`} />}
          {preview && <PreviewTable preview={preview} caption={`${table}: ${preview.data?.length ?? 0} rows`} />}
          {!table && <p className="hint">Choose the table this dataflow reads.</p>}
        </section>
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={!preview} onClick={() => onNext({ connectionId, connectionSpecId: connection?.connectionSpec.id, table, preview })}>
          Next
        </button>
      </div>
    </div>
  );
}
