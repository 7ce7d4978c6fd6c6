/**
 * SIGINT and SIGTERM stop the process's parts in order and exit; if they have not stopped within
 * the grace period, or a second signal comes, the process exits at once.
 */
export const SHUTDOWN_GRACE_MS = 10_000;

export interface ShutdownLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export function exitOnSignals(stops: ReadonlyArray<() => Promise<void>>, log: ShutdownLog, graceMs = SHUTDOWN_GRACE_MS): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.error({ signal }, "second signal: exiting now");
      process.exit(130);
    }
    stopping = true;
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
