import type { ClusterUpdate } from "../api/flowservice";

/**
 * What the service did to each cluster with the staging SAS, from an answer's `clusterUpdates`: a
 * refresh of the landing zone credentials (a new SAS, pushed to every connection asking for it), or
 * a connection created or renewed with pushSasToCluster (the current SAS, nothing revoked). The
 * clusters it updated, or found already holding that SAS, need nothing more (an updated running
 * cluster restarts); one it could not update needs the line by hand. After a refresh, every other
 * cluster that stages in the landing zone needs the new line by hand too.
 */
export function ClusterUpdatesNotice({ updates, after, clusterRunning }: { updates: ClusterUpdate[]; after: "refresh" | "opt-in"; /** the cluster was seen RUNNING since (a test or a listing succeeded) */ clusterRunning?: boolean }) {
  const done = updates.filter((u) => u.status !== "failed");
  const failed = updates.filter((u) => u.status === "failed");
  const line = after === "refresh" ? "the new line" : <a href="#/landing-zone">the Spark config line</a>;
  return (
    <div className="notice" role="status">
      {after === "refresh" && (
        <p>
          New credentials issued.{" "}
          {updates.length === 0
            ? "Put the new line into every cluster that stages here, then restart the cluster."
            : "Put the new line into any other cluster that stages here, then restart it: the check below says which clusters still need it."}
        </p>
      )}
      {done.length > 0 && (
        <p>
          Done for you (the connection asks for it): {done.map((u) => u.message).join("; ")}.
          {after === "opt-in" &&
            done.some((u) => u.status === "updated") &&
            (clusterRunning ? " The cluster is RUNNING again with it." : " A restarting cluster takes a few minutes: test the connection once it is RUNNING again.")}
        </p>
      )}
      {failed.map((u) => (
        <p key={u.clusterId} className="bad">
          Not done: {u.message}. Put {line} into that cluster by hand, then restart it.
        </p>
      ))}
    </div>
  );
}
