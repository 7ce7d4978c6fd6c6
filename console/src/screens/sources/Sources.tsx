import { useCallback, useEffect, useState } from "react";
import { type ClusterUpdate, type Connection, listConnections } from "../../api/flowservice";
import type { Session } from "../../api/session";
import { ClusterUpdatesNotice } from "../../components/ClusterUpdatesNotice";
import { Busy, ErrorNote } from "../../components/Feedback";
import { ConnectionList } from "./ConnectionList";
import { describeConnection } from "./connection-kinds";
import { ConnectionTest } from "./ConnectionTest";
import { NewConnection } from "./NewConnection";
import { RenewCredentials } from "./RenewCredentials";
import { TableBrowser } from "./TableBrowser";
import { TablePreviewPanel } from "./TablePreviewPanel";

/** Connections: create one, test it, browse its tables and preview one. */
export function Sources({ session }: { session: Session }) {
  const [connections, setConnections] = useState<Connection[]>();
  const [selected, setSelected] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [renewing, setRenewing] = useState(false);
  /** bumped after a renewal: the test starts afresh */
  const [renewals, setRenewals] = useState(0);
  /** what the last create or renewal did with the staging SAS on the selected account's cluster */
  const [pushed, setPushed] = useState<ClusterUpdate[]>([]);
  /** the account's cluster was seen RUNNING since the last push: its notice no longer asks to wait for it */
  const [runningAgain, setRunningAgain] = useState(false);
  const showPushed = (updates: ClusterUpdate[]) => {
    setPushed(updates);
    setRunningAgain(false);
  };
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

  const created = async (id: string, clusterUpdates: ClusterUpdate[]) => {
    setCreating(false);
    setSelected(id);
    showPushed(clusterUpdates);
    setTable(undefined);
    await load();
  };

  const choose = (id: string) => {
    setSelected(id);
    setTable(undefined);
    setCreating(false);
    setRenewing(false);
    setPushed([]);
  };
  // a notice of what an earlier create or renewal pushed is over once another starts
  const startCreating = () => {
    setCreating(true);
    setPushed([]);
  };
  const startRenewing = () => {
    setRenewing(true);
    setPushed([]);
  };
  const renewed = async (clusterUpdates: ClusterUpdate[]) => {
    setRenewing(false);
    showPushed(clusterUpdates);
    setRenewals((n) => n + 1);
    await load();
  };
  const current = connections?.find((c) => c.id === selected);
  const summary = current && describeConnection(current);
  return (
    <section aria-labelledby="sources-title">
      <h1 id="sources-title">Sources</h1>
      <ErrorNote error={error} />
      {!connections && !error && <Busy label="Reading your connections" />}
      {connections && (
        <>
          {connections.length > 0 && <ConnectionList connections={connections} selected={selected} onSelect={choose} />}
          <div className="copy-row">
            <button type="button" onClick={startCreating} disabled={creating}>
              New account…
            </button>
            {current && !creating && (
              <button type="button" onClick={startRenewing} disabled={renewing}>
                Renew the credentials of {current.name}…
              </button>
            )}
          </div>
        </>
      )}
      {creating && <NewConnection session={session} onCreated={created} onCancel={() => setCreating(false)} />}
      {current && summary && !creating && (
        <>
          {pushed.length > 0 && <ClusterUpdatesNotice updates={pushed} after="opt-in" clusterRunning={runningAgain} />}
          {renewing && <RenewCredentials session={session} connection={current} onRenewed={renewed} onCancel={() => setRenewing(false)} />}
          <ConnectionTest key={`test-${current.id}-${renewals}`} session={session} connection={current} onPassed={() => setRunningAgain(true)} />
          <div className="columns" key={`browse-${current.id}-${renewals}`}>
            <TableBrowser session={session} connectionId={current.id} topLevel={summary.topLevel} catalog={summary.catalog} selected={table} onSelect={setTable} onListed={() => setRunningAgain(true)} />
            {table ? <TablePreviewPanel session={session} connectionId={current.id} path={table} /> : <p className="hint">Choose a table to preview its first 100 rows.</p>}
          </div>
        </>
      )}
    </section>
  );
}
