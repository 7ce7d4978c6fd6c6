/**
 * SIGINT and SIGTERM stop the process's parts in order and exit; if they have not stopped within
 * the grace period, or a second signal comes, the process exits at once. A signal within
 * SAME_REQUEST_MS of the first is the same request delivered twice — `kill` of the process group
 * (systemd's default) reaches the process and also npm's and tsx's wrappers, which relay it — and
 * does not cut the shutdown short.
 */
export const SHUTDOWN_GRACE_MS = 10_000;
const SAME_REQUEST_MS = 1_000;

export interface ShutdownLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export function exitOnSignals(stops: ReadonlyArray<() => Promise<void>>, log: ShutdownLog, graceMs = SHUTDOWN_GRACE_MS): void {
  let stoppingSince: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < SAME_REQUEST_MS) return log.info({ signal }, "signal again right away (delivered to the process group and relayed): still shutting down");
      log.error({ signal }, "second signal: exiting now");
      process.exit(130);
    }
    stoppingSince = Date.now();
    log.info({ signal, graceMs }, "shutting down");
    setTimeout(() => {
      log.error({ graceMs }, "shutdown did not finish in time: exiting now");
      process.exit(1);
    }, graceMs).unref();
    void (async () => {
      for (const stop of stops) await stop().catch((error) => log.error({ err: error }, "shutdown step failed"));
      process.exit(0);
    })();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}
