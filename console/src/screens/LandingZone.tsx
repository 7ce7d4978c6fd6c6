import { useCallback, useEffect, useState } from "react";
import { api, FLOW_SERVICE } from "../api/client";
import type { ClusterUpdate } from "../api/flowservice";
import type { Session } from "../api/session";
import { ClusterUpdatesNotice } from "../components/ClusterUpdatesNotice";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { CopyButton } from "../components/CopyButton";
import { Busy, ErrorNote } from "../components/Feedback";
import { when } from "../components/format";
import { useInFlight } from "../components/useInFlight";
import { ClusterSasStatus } from "./ClusterSasStatus";

export interface Credentials {
  containerName: string;
  storageAccountName: string;
  SASToken: string;
  SASUri: string;
  expiryDate: string;
  expiryTime?: string;
  sparkConfLine: string;
  /** how long a refresh leaves the previous SAS working; 0: revoked at once */
  refreshGraceSeconds: number;
  clusterUpdates?: ClusterUpdate[];
}

const CREDENTIALS = "/data/foundation/connectors/landingzone/credentials?type=dlz_databricks_source&sparkConf=true";

export function LandingZone({ session }: { session: Session }) {
  const [credentials, setCredentials] = useState<Credentials>();
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const [refreshed, setRefreshed] = useState<Credentials>();

  const load = useCallback(async () => {
    setError(undefined);
    try {
      setCredentials(await api<Credentials>(session, "GET", CREDENTIALS));
    } catch (caught) {
      setError(caught);
    }
  }, [session]);
  useEffect(() => void load(), [load]);

  const inFlight = useInFlight();
  const refresh = () =>
    inFlight.run("refresh", async () => {
      setConfirming(false);
      setError(undefined);
      try {
        const next = await api<Credentials>(session, "POST", `${CREDENTIALS}&action=refresh`);
        setCredentials(next);
        setRefreshed(next);
      } catch (caught) {
        setError(caught);
      }
    });

  return (
    <section aria-labelledby="lz-title">
      <h1 id="lz-title">Landing zone</h1>
      <div className="lead" data-testid="landing-zone-intro">
        <p>
          The landing zone is this service's Azure Blob container where a run stages the rows it reads through an all-purpose cluster, on their way into the
          dataset. The cluster writes there with the container's SAS, which it takes from its Spark config: copy the Spark config line below into the cluster
          (Compute → the cluster → Advanced options → Spark) and restart it, or tick “Put the staging SAS into the cluster's Spark config” on the account (on the
          Sources screen: New account…, or Renew the credentials of the account…) and the service puts it there for you (the only way on a workspace without a
          cluster settings page, as the local one of <code>npm start</code>).
        </p>
        <p>
          The SAS expires on the date below. Refresh credentials… issues a new one and revokes the old: the service pushes it to the clusters whose account asks
          for it, the others need the new line by hand. The check at the bottom says which clusters hold the current one. A SQL warehouse or Delta Sharing
          connection stages nothing here.
        </p>
      </div>
      <ErrorNote error={error} />
      {!credentials && !error && <Busy label="Reading the staging credentials" />}
      {credentials && (
        <>
          <dl className="facts">
            <dt>Container</dt>
            <dd>{credentials.containerName}</dd>
            <dt>Storage account</dt>
            <dd>{credentials.storageAccountName}</dd>
            <dt>SAS expires</dt>
            <dd>
              <time dateTime={credentials.expiryTime ?? credentials.expiryDate}>{credentials.expiryTime ? when(Date.parse(credentials.expiryTime)) : credentials.expiryDate}</time>
            </dd>
          </dl>
          <h2 id="spark-line-title">Spark config line</h2>
          <div className="copy-row">
            <code className="spark-line" aria-labelledby="spark-line-title" data-testid="spark-line">
              {credentials.sparkConfLine}
            </code>
            <CopyButton text={credentials.sparkConfLine} label="Copy the Spark config line" />
          </div>
          {refreshed && <ClusterUpdatesNotice updates={refreshed.clusterUpdates ?? []} after="refresh" />}
          <button type="button" className="danger" onClick={() => setConfirming(true)} disabled={inFlight.busy("refresh")}>
            {inFlight.busy("refresh") ? "Refreshing…" : "Refresh credentials…"}
          </button>
          <ClusterSasStatus session={session} sparkConfLine={credentials.sparkConfLine} flowService={FLOW_SERVICE} />
        </>
      )}
      {confirming && credentials && (
        <ConfirmDialog title="Refresh the staging credentials?" confirm="Refresh and revoke the old SAS" onConfirm={refresh} onCancel={() => setConfirming(false)}>
          <p>
            A new SAS is issued and the current one is <strong>revoked</strong> {graceText(credentials.refreshGraceSeconds)}.
          </p>
          <p>Runs on a cluster that still holds the old SAS fail after that until you put the new Spark config line into it.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** When the SAS a refresh replaces stops working, in words. */
function graceText(seconds: number): string {
  if (seconds === 0) return "at once: this service keeps no grace window (DLZ_REFRESH_GRACE_SECONDS is 0)";
  const span = seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
  return `${span} after the refresh: the service's grace window (DLZ_REFRESH_GRACE_SECONDS) keeps it working until then`;
}
