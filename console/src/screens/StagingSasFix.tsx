/**
 * A cluster without the current staging SAS (the connection test's stagingSas check), in console
 * terms: what is wrong, then the console's way to fix it (the Landing zone's Spark config line onto
 * the cluster). The service's own message, whose fix is written for API users (a credentials call,
 * a connection field the console does not set), stays available under it.
 */
export function StagingSasFix({ message, onLandingZone }: { message: string; onLandingZone?: boolean }) {
  const problem = message.split(" Fix: ")[0];
  return (
    <>
      {problem}{" "}
      <strong>In the console:</strong>{" "}
      {onLandingZone ? (
        <>copy the Spark config line above (Copy the Spark config line) into the cluster's Spark config (Compute → the cluster → Advanced options → Spark), restart the cluster, then Check the clusters again.</>
      ) : (
        <>
          copy <a href="#/landing-zone">the staging SAS's Spark config line</a> (on the Landing zone screen) into the cluster's Spark config (Compute → the cluster → Advanced options → Spark; refresh the
          credentials there first if they expired), restart the cluster, then test again.
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
