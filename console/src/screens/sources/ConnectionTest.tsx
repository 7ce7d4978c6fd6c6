import { useEffect, useState } from "react";
import { type Connection, type ConnectionCheck, testConnection, type TestResult } from "../../api/flowservice";
import type { Session } from "../../api/session";
import { ErrorNote } from "../../components/Feedback";
import { isStagingSasProblem, StagingSasFix } from "../StagingSasFix";

/** Test a connection: each check's result, in the order the service made them. */
export function ConnectionTest({ session, connection, onPassed }: { session: Session; connection: Connection; /** the test passed with the cluster (if any) RUNNING */ onPassed?: () => void }) {
  const connectionId = connection.id;
  const [result, setResult] = useState<TestResult>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setResult(undefined);
    setError(undefined);
  }, [connectionId]);

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await testConnection(session, connectionId);
      setResult(answer);
      if (answer.result && (!answer.clusterState || answer.clusterState === "RUNNING")) onPassed?.();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel" aria-labelledby="test-title">
      <h2 id="test-title">Connection test</h2>
      <button type="button" onClick={run} disabled={busy}>
        {busy ? "Testing…" : "Test connection"}
      </button>
      <ErrorNote error={error} />
      {result && (
        <div role="status">
          <p className={result.result ? "good" : "bad"}>
            {result.result ? "✓ The connection works" : "✗ The connection does not work"}
            {result.clusterState ? ` · cluster ${result.clusterState}` : ""}
            {result.warehouseState ? ` · SQL warehouse ${result.warehouseState}` : ""}
          </p>
          <CheckList label="Checks" checks={result.checks ?? []} connection={connection} />
        </div>
      )}
    </div>
  );
}

/** A connection test's checks, each with its result; a missing staging SAS with the console's way to put it there. */
export function CheckList({ label, checks, connection }: { label: string; checks: ConnectionCheck[]; connection: Connection }) {
  return (
    <ul aria-label={label}>
      {checks.map((check) => (
        <li key={check.name} className={check.passed ? "good" : "bad"}>
          {check.passed ? "✓" : "✗"} <strong>{check.name}</strong>: {isStagingSasProblem(check) ? <StagingSasFix message={check.message} account={{ name: connection.name, pushes: connection.auth.params.pushSasToCluster === true }} /> : check.message}
        </li>
      ))}
    </ul>
  );
}
