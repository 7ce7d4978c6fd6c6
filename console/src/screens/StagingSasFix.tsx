/**
 * A cluster without the current staging SAS (the connection test's stagingSas check), in console
 * terms: what is wrong, then the console's way to fix it: the Landing zone's Spark config line onto
 * the cluster by hand, or the service putting it there (the account's pushSasToCluster, then a
 * refresh of the credentials), the only way where the workspace has no cluster settings page (the
 * local workspace of `npm start`); for an account that already asks for it, only the refresh. The service's own message, whose fix is written for API users (a credentials call,
 * a connection field the console does not set), stays available under it.
 */
export function StagingSasFix({ message, onLandingZone, account }: { message: string; onLandingZone?: boolean; account: { name: string; pushes: boolean } }) {
  const problem = message.split(" Fix: ")[0];
  const refresh = onLandingZone ? <>Refresh credentials… above</> : <><a href="#/landing-zone">Refresh credentials…</a> on the Landing zone screen</>;
  const again = onLandingZone ? "Check the clusters again" : "test again";
  return (
    <>
      {problem}{" "}
      <strong>In the console:</strong>{" "}
      {account.pushes ? (
        <>
          {account.name} asks the service to put each new staging SAS into its cluster's Spark config: {refresh} issues a new SAS and puts it there (a running cluster restarts; the
          old SAS is revoked for every other cluster), then {again}.
        </>
      ) : (
        <>
          {onLandingZone ? (
            <>copy the Spark config line above (Copy the Spark config line) into the cluster's Spark config (Compute → the cluster → Advanced options → Spark), restart the cluster, then Check the clusters again.</>
          ) : (
            <>
              copy <a href="#/landing-zone">the staging SAS's Spark config line</a> (on the Landing zone screen) into the cluster's Spark config (Compute → the cluster → Advanced options → Spark; refresh the
              credentials there first if they expired), restart the cluster, then test again.
            </>
          )}{" "}
          Or have the service put it there: Renew the credentials of {account.name}… on the Sources screen with “Put the staging SAS into the cluster's Spark config” ticked, then {refresh}.
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
