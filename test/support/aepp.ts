/** What the Python client aepp sends on every call (docs/aepp.md): its headers, with the lower-case "bearer" of its ConnectObject. */
import { TEST_CLIENT, type TestSystem } from "./system.js";

/** aepp's headers for the test client in the prod sandbox; `accept` is the Accept its class sends, `extra` what else it adds. */
export async function aeppHeaders(system: TestSystem, accept: string, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const token = (await system.headers()).authorization.slice("Bearer ".length);
  return {
    Accept: accept,
    "Content-Type": "application/json",
    Authorization: `bearer ${token}`,
    "x-api-key": TEST_CLIENT.clientId,
    "x-gw-ims-org-id": TEST_CLIENT.orgId,
    "x-sandbox-name": "prod",
    ...extra,
  };
}

/** The User-Agent of the requests library aepp calls through. */
export const PYTHON_REQUESTS = { "User-Agent": "python-requests/2.32.3" };
