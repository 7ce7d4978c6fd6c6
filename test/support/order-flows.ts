/** Once flows over an orders table that a test changes between runs (dropped, restored, vacuumed), their runs started by POST /runs. */
import { expect } from "vitest";
import { call, createPipeline, flowBody, FS } from "./journey.js";
import { orderMappings, orderSchema } from "./source-tables.js";
import type { TestSystem } from "./system.js";

/** the orders table's columns and properties, its change data feed on */
export const ORDER_TABLE = "(order_id BIGINT, amount DECIMAL(18,2), status STRING, ordered_at TIMESTAMP) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)";

/** `system` is read at each call: a suite starts its system in beforeAll */
export function orderFlows(systemOf: () => TestSystem) {
  return {
    /** a once flow over `table`, its run due now, or (`later`) in a day, leaving its runs to POST /runs */
    onceFlowOver: async (table: string, cdcEnabled: boolean, later = false) => {
      const system = systemOf();
      const pipeline = await createPipeline(system, { tableName: table, cdcEnabled, primaryKey: ["order_id"], schema: orderSchema, mappings: orderMappings, columns: ["order_id", "amount", "status", "ordered_at"] });
      const startTime = Math.floor(Date.now() / 1000) + (later ? 86_400 : 0);
      const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime, frequency: "once" }) });
      expect(created.status, created.text).toBe(201);
      return { pipeline, flowId: created.body.id as string };
    },
    startRun: async (flowId: string, params?: Record<string, unknown>) => {
      const started = await call(systemOf(), "POST", `${FS}/runs`, { body: { flowId, ...(params ? { params } : {}) } });
      expect(started.status, started.text).toBe(201);
    },
    resyncAndRetrigger: async (flowId: string, runId: string) => {
      expect((await call(systemOf(), "POST", `${FS}/flows/${flowId}/action?op=resync`)).status).toBe(200);
      expect((await call(systemOf(), "POST", `${FS}/runs/${runId}/action?op=re-trigger`)).status).toBe(200);
    },
  };
}
