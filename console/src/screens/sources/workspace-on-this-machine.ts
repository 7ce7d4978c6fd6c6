/**
 * Whether a connection's domain is a workspace on the service's own machine (a loopback address), as
 * the local workspace of `npm start`: one with no cluster settings page, where the Spark config line
 * cannot be pasted and only the service's push of the staging SAS gives the cluster its SAS.
 */
export function isWorkspaceOnThisMachine(domain: unknown): boolean {
  if (typeof domain !== "string") return false;
  try {
    const host = new URL(domain.trim()).hostname;
    return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}
