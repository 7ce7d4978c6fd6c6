import { DEV_SHARING_TOKEN } from "../../local/workspace/sharing/settings.js";
import type { TestSystem } from "./system.js";

export const SHARING_SPEC = "5d2f8e41-9c3a-4b7e-a1f6-0e8d7c6b5a49";

/** A Delta Sharing base connection to the local workspace's sharing server, as a recipient's profile makes it. */
export function sharingConnectionBody(system: TestSystem, params: Record<string, unknown> = {}) {
  return {
    name: "Delta Sharing from the provider",
    auth: { specName: "Delta Sharing Profile Authentication", params: { endpoint: system.workspace!.sharingEndpoint, bearerToken: DEV_SHARING_TOKEN, ...params } },
    connectionSpec: { id: SHARING_SPEC, version: "1.0" },
  };
}
