/**
 * A cluster without the current staging SAS (the connection test's stagingSas check), in console
 * terms: what is wrong, then the console's ways to fix it: the Landing zone's Spark config line onto
 * the cluster by hand, or the service putting the current SAS there, which it does when a renewal of
 * the account's credentials turns its pushSasToCluster on (the only way where the workspace has no
 * cluster settings page, as the local workspace of `npm start`) or renews them while it is on.
 * Nothing is rotated that way: the other clusters keep their SAS. A refresh, which puts a new SAS
 * there but revokes every other cluster's, is said last, with that cost. The service's own message, whose fix is written for API users (a
 * credentials call, a connection field the console does not set), stays available under it.
 */
export function StagingSasFix({ message, onLandingZone, account }: { message: string; onLandingZone?: boolean; account: { name: string; pushes: boolean } }) {
  const problem = message.split(" Fix: ")[0];
  const refresh = onLandingZone ? <>Refresh credentials… above</> : <><a href="#/landing-zone">Refresh credentials…</a> on the Landing zone screen</>;
  const again = onLandingZone ? "Check the clusters again" : "test again";
  const renew = <>Renew the credentials of {account.name}… on <a href="#/sources">the Sources screen</a></>;
  const box = "“Put the staging SAS into the cluster's Spark config”";
  const pushes = <>puts the current SAS into the cluster's Spark config (a running cluster restarts; the other clusters keep their SAS), then {again} once it is RUNNING.</>;
  return (
    <>
      {problem}{" "}
      <strong>In the console:</strong>{" "}
      {account.pushes && <>{account.name} asks the service to put the staging SAS into its cluster's Spark config, yet the cluster lacks the current one (a push failed, or the Spark config changed since): </>}
      {onLandingZone ? (
        <>copy the Spark config line above (Copy the Spark config line) into the cluster's Spark config (Compute → the cluster → Advanced options → Spark), restart the cluster, then Check the clusters again.</>
      ) : (
        <>
          copy <a href="#/landing-zone">the staging SAS's Spark config line</a> (on the Landing zone screen) into the cluster's Spark config (Compute → the cluster → Advanced options → Spark; refresh the
          credentials there first if they expired), restart the cluster, then test again.
        </>
      )}{" "}
      {account.pushes ? (
        <>
          Or have the service put it there again: {renew} with {box} still ticked: a renewal {pushes} {refresh} puts a new SAS there too, but revokes the old one for every
          other cluster.
        </>
      ) : (
        <>
          Or have the service put it there: {renew} with {box} ticked: that {pushes}
        </>
      )}
      <details>
        <summary>The service's message</summary>
        <p>{message}</p>
      </details>
    </>
  );
}

/** Whether a failed check is the cluster's staging SAS. */
export const isStagingSasProblem = (check: { name: string; passed: boolean }) => check.name === "stagingSas" && !check.passed;
