import { useEffect, useState } from "react";
import { api, listAll } from "../api/client";
import type { Connection } from "../api/flowservice";
import type { Session } from "../api/session";
import { describeConnection } from "./sources/connection-kinds";
import { isStagingSasProblem, StagingSasFix } from "./StagingSasFix";

interface Check {
  name: string;
  passed: boolean;
  message: string;
}
interface Row {
  id: string;
  name: string;
  clusterId: string;
  /** the account asks the service to put each new SAS into its cluster (pushSasToCluster) */
  pushes: boolean;
  check?: Check;
  error?: string;
}

/**
 * Whether each cluster connection's cluster holds the current SAS: the connection test's stagingSas
 * check. Connections through a SQL warehouse or Delta Sharing stage nothing here, and are named apart.
 */
export function ClusterSasStatus({ session, sparkConfLine, flowService }: { session: Session; sparkConfLine: string; flowService: string }) {
  const [rows, setRows] = useState<Row[]>();
  const [others, setOthers] = useState<Array<{ name: string; kind: string }>>([]);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let live = true;
    (async () => {
      // oldest first, as they were made
      const connections = await listAll<Connection>(session, `${flowService}/connections?limit=1000`);
      const clusters = connections.filter((c) => describeConnection(c).usesLandingZone);
      const base = clusters.map((c) => ({ id: c.id, name: c.name, clusterId: String(c.auth.params.clusterId), pushes: c.auth.params.pushSasToCluster === true }));
      if (live) {
        setRows(base);
        setOthers(connections.filter((c) => !clusters.includes(c)).map((c) => ({ name: c.name, kind: describeConnection(c).kind })));
      }
      const tested = await Promise.all(
        base.map(async (row) => {
          try {
            const test = await api<{ checks: Check[] }>(session, "GET", `${flowService}/connections/${row.id}/test`);
            return { ...row, check: test.checks.find((c) => c.name === "stagingSas") ?? test.checks.find((c) => !c.passed) };
          } catch (caught) {
            return { ...row, error: caught instanceof Error ? caught.message : String(caught) };
          }
        }),
      );
      if (live) setRows(tested);
    })().catch(() => live && setRows([]));
    return () => {
      live = false;
    };
  }, [session, sparkConfLine, flowService, round]);

  if (!rows) return null;
  const elsewhere = others.length > 0 && (
    <p className="hint" data-testid="no-landing-zone">
      Not listed: {others.map((o) => `${o.name} (${o.kind})`).join(", ")}. A SQL warehouse or Delta Sharing connection reads without the landing zone: it
      needs no SAS and no Spark config line.
    </p>
  );
  if (rows.length === 0 && others.length === 0) {
    return (
      <p className="hint" data-testid="no-cluster-accounts">
        No source account yet. Once one reads through an all-purpose cluster (Sources → New account…), its cluster is listed here with whether it holds the current SAS.
      </p>
    );
  }
  if (rows.length === 0) return elsewhere;
  return (
    <>
      <h2>Clusters of your connections</h2>
      <button type="button" onClick={() => setRound((r) => r + 1)}>
        Check the clusters again
      </button>
      <div className="wide">
        <table>
          <thead>
            <tr>
              <th scope="col">Connection</th>
              <th scope="col">Cluster</th>
              <th scope="col">Holds the current SAS</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>{row.name}</td>
                <td>{row.clusterId}</td>
                <td>
                  {row.error ? (
                    <span className="bad">{row.error}</span>
                  ) : !row.check ? (
                    "checking…"
                  ) : (
                    <span className={row.check.passed ? "good" : "bad"}>
                      {row.check.passed ? "✓ yes" : "✗ no"} — {isStagingSasProblem(row.check) ? <StagingSasFix message={row.check.message} onLandingZone account={{ name: row.name, pushes: row.pushes }} /> : row.check.message}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {elsewhere}
    </>
  );
}
