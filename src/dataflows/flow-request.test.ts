import { describe, expect, it } from "vitest";
import { ApiError } from "../aep-conventions/errors/api-error.js";
import { parseFlowRequest } from "./flow-request.js";

const NOW = 1_800_000_000_000;
const rules = { now: NOW, startTimeToleranceSeconds: 3600, minMinuteInterval: 1, webhookHttpAllowed: false, webhookAllowedHosts: ["hooks.internal.example"] };
const base = {
  name: "Database dataflow",
  flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" },
  sourceConnectionIds: ["s"],
  targetConnectionIds: ["t"],
  transformations: [
    { name: "Copy", params: { deltaColumn: { name: "updated_at", dateFormat: "YYYY-MM-DD", timezone: "UTC" } } },
    { name: "Mapping", params: { mappingId: "0b090130b58b4819afc78b6dc98b484d", mappingVersion: 0 } },
  ],
  scheduleParams: { startTime: String(NOW / 1000), frequency: "minute", interval: "15", backfill: "true" },
};

function codeOf(body: unknown): string {
  try {
    parseFlowRequest(body, rules);
  } catch (error) {
    if (error instanceof ApiError) return `${error.code}-${error.status}`;
    throw error;
  }
  return "ok";
}

const schedule = (over: Record<string, unknown>) => ({ ...base, scheduleParams: { ...base.scheduleParams, ...over } });

describe("a dataflow request", () => {
  it("accepts the documented body with numbers and booleans as strings", () => {
    const flow = parseFlowRequest(base, rules);
    expect(flow.schedule).toEqual({ startTime: NOW / 1000, frequency: "minute", interval: 15, backfill: true });
    expect(flow.deltaColumn).toBe("updated_at");
    expect(flow.mappingId).toBe("0b090130b58b4819afc78b6dc98b484d");
  });

  it("accepts typed values and minute intervals down to 1 (AEP's floor is 15)", () => {
    expect(parseFlowRequest(schedule({ interval: 1, backfill: false, startTime: NOW / 1000 }), rules).schedule).toMatchObject({ interval: 1, backfill: false });
  });

  it.each([
    ["start time in the past", schedule({ startTime: String(NOW / 1000 - 7200) }), "1360-400"],
    ["interval with once", schedule({ frequency: "once", interval: "1" }), "1361-400"],
    ["interval below the minimum", schedule({ interval: "0" }), "1362-400"],
    ["a fractional interval", schedule({ interval: "1.5" }), "1363-400"],
    ["backfill with once", { ...schedule({ frequency: "once", interval: undefined, backfill: "true" }), transformations: [] }, "1364-400"],
    ["a delta column with once", schedule({ frequency: "once", interval: undefined, backfill: undefined }), "1369-400"],
    ["an unknown frequency", schedule({ frequency: "month" }), "1397-400"],
    ["state on create", { ...base, state: "enabled" }, "1410-400"],
    ["another flow spec", { ...base, flowSpec: { id: "nope" } }, "1413-400"],
    ["no name", { ...base, name: "" }, "1304-400"],
    ["no schedule", { ...base, scheduleParams: undefined }, "1304-400"],
    ["no body", null, "1405-400"],
    ["an http webhook outside the embedded default", { ...base, notifications: { webhooks: [{ url: "http://hooks.example.com/" }] } }, "1312-400"],
    ["a webhook URL of another scheme", { ...base, notifications: { webhooks: [{ url: "ftp://hooks.example.com/" }] } }, "1312-400"],
  ])("refuses %s", (_case, body, code) => {
    expect(codeOf(body)).toBe(code);
  });

  it("takes https webhooks anywhere, plain http only to WEBHOOK_ALLOWED_HOSTS or on the embedded default", () => {
    const hooks = (url: string) => ({ ...base, notifications: { webhooks: [{ url }] } });
    expect(codeOf(hooks("https://hooks.example.com/"))).toBe("ok");
    expect(codeOf(hooks("http://hooks.internal.example:8080/"))).toBe("ok");
    expect(() => parseFlowRequest(hooks("http://127.0.0.1:9000/"), { ...rules, webhookHttpAllowed: true })).not.toThrow();
  });

  it("refuses a startTime in epoch milliseconds, saying to send seconds", () => {
    expect(codeOf(schedule({ startTime: String(NOW) }))).toBe("1312-400");
    expect(() => parseFlowRequest(schedule({ startTime: NOW }), rules)).toThrow(`send ${NOW / 1000}`);
    const onceAtTheEnd = { ...schedule({ startTime: 253_402_300_799, frequency: "once", interval: undefined, backfill: undefined }), transformations: [] };
    expect(parseFlowRequest(onceAtTheEnd, rules).schedule.startTime).toBe(253_402_300_799);
  });
});
