import { describe, expect, it } from "vitest";
import type { FlowWithLastRun } from "../store/flows.repository.js";
import { flowItem, flowItemText, topLevelKeys } from "./flow-item.js";

const row = (body: unknown, lastRun = true): FlowWithLastRun => ({
  id: "6f0c8a1e-0000-4000-a000-000000000001",
  ims_org_id: "ORG",
  sandbox_name: "prod",
  name: "n",
  state: "enabled",
  etag: '"00000000-0000-0200-0000-000000000000"',
  body: JSON.stringify(body),
  start_time: 1_700_000_000,
  frequency: "minute",
  interval: 1,
  backfill: 0,
  scheduled_through: null,
  anchor_seq: null,
  anchor_time: null,
  secret: null,
  next_due_at: 0,
  created_at: 1_700_000_000_000,
  updated_at: 1_700_000_500_000,
  last_run_id: lastRun ? "run-1" : null,
  last_run_status: lastRun ? "failed" : null,
  last_run_started_at: lastRun ? 1_700_000_100_000 : null,
  last_run_completed_at: lastRun ? 1_700_000_200_000 : null,
});

const stored = {
  name: "flow \"quoted\" \\ é 東京 😀 \u2028",
  description: "",
  flowSpec: { id: "cfc0fee1", version: "1.0" },
  sourceConnectionIds: ["a", "b"],
  inheritedAttributes: { sourceConnections: [{ id: "a", connectionSpec: { id: "x", version: "1.0" } }], properties: { isSourceFlow: true } },
  transformations: [{ name: "Mapping", params: { mappingId: "m", mappingVersion: 0, state: "nested keys stay" } }],
  scheduleParams: { startTime: "1700000000", frequency: "minute", interval: 1 },
  notifications: { webhooks: [] },
  labels: ["{", "}", "[", "]", ",", "\":"],
};

describe("a flow item written as text", () => {
  it.each([
    ["a stored flow with nested ids, states and text that looks like JSON", stored, true],
    ["a flow that never finished a run", stored, false],
    ["an empty document", {}, true],
    ["a flow an action left its lastOperation in", { ...stored, lastOperation: { operation: "disable", started: 1 } }, true],
    ["a document with keys of the item's own (state, id)", { state: "old", id: "other", ...stored }, true],
    ["a document with an integer-like key", { ...stored, "7": "first in an object" }, true],
  ])("is byte for byte JSON.stringify of the flow item: %s", (_what, body, lastRun) => {
    const flow = row(body, lastRun);
    const text = flowItemText(flow);
    expect(text.text).toBe(JSON.stringify(flowItem(flow)));
    expect(text.id).toBe(flow.id);
  });

  it("finds the top-level keys of a JSON object's text, and none in what is no single object", () => {
    expect(topLevelKeys(JSON.stringify(stored))).toEqual(Object.keys(stored));
    expect(topLevelKeys("{}")).toEqual([]);
    expect(topLevelKeys('{"a":"}{","b":[{"c":1}],"d\\"e":{"f":{"g":[]}}}')).toEqual(["a", "b", 'd\\"e']);
    for (const notOne of ["[]", '"x"', "{}{}", '{"a":1}}', '{"a":"unterminated}', "{"]) expect(topLevelKeys(notOne)).toBeUndefined();
  });
});
