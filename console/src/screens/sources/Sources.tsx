import { useCallback, useEffect, useState } from "react";
import { type Connection, listConnections } from "../../api/flowservice";
import type { Session } from "../../api/session";
import { Busy, ErrorNote } from "../../components/Feedback";
import { ConnectionTest } from "./ConnectionTest";
import { NewConnection } from "./NewConnection";
import { TableBrowser } from "./TableBrowser";
import { TablePreviewPanel } from "./TablePreviewPanel";

/** Connections: create one, test it, browse its tables and preview one. */
export function Sources({ session }: { session: Session }) {
  const [connections, setConnections] = useState<Connection[]>();
  const [selected, setSelected] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [table, setTable] = useState<string>();
  const [error, setError] = useState<unknown>();

  const load = useCallback(async () => {
    try {
      const list = await listConnections(session);
      setConnections(list);
      setCreating(list.length === 0);
      setSelected((current) => current ?? list[0]?.id);
    } catch (caught) {
      setError(caught);
    }
  }, [session]);
  useEffect(() => void load(), [load]);

  const created = async (id: string) => {
    setCreating(false);
    setSelected(id);
    setTable(undefined);
    await load();
  };

  return (
    <section aria-labelledby="sources-title">
      <h1 id="sources-title">Sources</h1>
      <ErrorNote error={error} />
      {!connections && !error && <Busy label="Reading your connections" />}
      {connections && (
        <div className="copy-row">
          <label htmlFor="account">Azure Databricks account</label>
          <select
            id="account"
              value={selected ?? ""}
              onChange={(e) => {
                setSelected(e.target.value);
                setTable(undefined);
              }}
            >
              {connections.length === 0 && <option value="">No account yet</option>}
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} — {String(c.auth.params.database)} on {String(c.auth.params.domain)}
                </option>
              ))}
          </select>
          <button type="button" onClick={() => setCreating(true)} disabled={creating}>
            New account…
          </button>
        </div>
      )}
      {creating && <NewConnection session={session} onCreated={created} onCancel={() => setCreating(false)} />}
      {selected && !creating && (
        <>
          <ConnectionTest session={session} connectionId={selected} />
          <div className="columns">
            <TableBrowser session={session} connectionId={selected} selected={table} onSelect={setTable} />
            {table ? <TablePreviewPanel session={session} connectionId={selected} path={table} /> : <p className="hint">Choose a table to preview its first 100 rows.</p>}
          </div>
        </>
      )}
    </section>
  );
}
