import { expect } from "vitest";
import { DEV_SHARING_TOKEN } from "../../local/workspace/sharing/settings.js";
import { call, createPipeline, FS, type Pipeline } from "./journey.js";
import { orderMappings, orderSchema } from "./source-tables.js";
import type { TestSystem } from "./system.js";

type PipelineOptions = NonNullable<Parameters<typeof createPipeline>[1]>;

export const SHARING_SPEC = "5d2f8e41-9c3a-4b7e-a1f6-0e8d7c6b5a49";

/** A Delta Sharing base connection to the local workspace's sharing server, as a recipient's profile makes it. */
export function sharingConnectionBody(system: TestSystem, params: Record<string, unknown> = {}) {
  return sharingConnectionTo(system.workspace!.sharingEndpoint, DEV_SHARING_TOKEN, params);
}

/** A Delta Sharing base connection to the sharing server at `endpoint` (one a test stands up), with its recipient's `bearerToken`. */
export function sharingConnectionTo(endpoint: string, bearerToken: string, params: Record<string, unknown> = {}) {
  return {
    name: "Delta Sharing from the provider",
    auth: { specName: "Delta Sharing Profile Authentication", params: { endpoint, bearerToken, ...params } },
    connectionSpec: { id: SHARING_SPEC, version: "1.0" },
  };
}

/** A pipeline over `shared.<table>` of the local workspace, read through its sharing server (share demo_share) on a new sharing connection. */
export async function sharingPipeline(system: TestSystem, table: string, options: Omit<PipelineOptions, "connectionId" | "connectionSpecId" | "tableName">): Promise<Pipeline> {
  const connection = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system) });
  expect(connection.status, connection.text).toBe(201);
  return createPipeline(system, { ...options, connectionId: connection.body.id, connectionSpecId: SHARING_SPEC, tableName: `demo_share.shared.${table}` });
}

/** A change-data pipeline over `shared.<table>` (order_id, amount, status), through the sharing server. */
export function sharedOrdersChangePipeline(system: TestSystem, table: string): Promise<Pipeline> {
  return sharingPipeline(system, table, { cdcEnabled: true, primaryKey: ["order_id"], schema: orderSchema, mappings: orderMappings, columns: ["order_id", "amount", "status"] });
}
