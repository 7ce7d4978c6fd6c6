import { createServer } from "node:net";
import { ConfigError } from "../config.js";

/** A server that cannot listen says which setting chose its port, and which port. */
export async function listenOrExplain<T>(variable: string, host: string, port: number, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new ConfigError(`${variable}: port ${port} on ${host} is already in use (stop what uses it, or set ${variable} to another port)`);
    if (code === "EACCES") throw new ConfigError(`${variable}: this process may not listen on port ${port} of ${host} (pick a port above 1023)`);
    if (code === "EADDRNOTAVAIL") throw new ConfigError(`HOST: ${host} is not an address of this machine`);
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") throw new ConfigError(`HOST: ${host} is neither an IP address nor a name this machine resolves (e.g. 127.0.0.1, 0.0.0.0 or localhost)`);
    throw error;
  }
}

/**
 * Refuses a port already in use before start-up touches anything: the API listens last, after the
 * store's migrations, so a second start on a running deployment's port would otherwise migrate its
 * store (and reconcile its access policies) before failing. Port 0 is always free.
 */
export async function refusePortInUse(variable: string, host: string, port: number): Promise<void> {
  if (port === 0) return;
  await listenOrExplain(variable, host, port, async () => {
    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once("error", reject);
      probe.listen(port, host, resolve);
    });
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });
}
