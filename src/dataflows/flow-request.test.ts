import { describe, expect, it } from "vitest";
import { ApiError } from "../aep-conventions/errors/api-error.js";
import { parseFlowRequest } from "./flow-request.js";

const NOW = 1_800_000_000_000;
const rules = { now: NOW, startTimeToleranceSeconds: 3600, minMinuteInterval: 1, webhooksUnrestricted: false, webhookAllowedHosts: ["hooks.internal.example"] };
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
    ["no name", { ...base, name: undefined }, "1304-400"],
    ["an empty name", { ...base, name: "" }, "1312-400"],
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
    expect(() => parseFlowRequest(hooks("http://127.0.0.1:9000/"), { ...rules, webhooksUnrestricted: true })).not.toThrow();
  });

  it.each([
    "https://10.1.2.3/hook",
    "https://172.16.0.1/",
    "https://192.168.1.1/",
    "https://127.0.0.2:8443/",
    "https://169.254.169.254/latest/meta-data/",
    "https://100.64.0.1/",
    "https://0.0.0.0/",
    "https://[::1]/",
    "https://[fe80::1]/",
    "https://[fc00::1]/",
    "https://[::ffff:10.0.0.1]/",
    "https://[::ffff:7f00:1]/",
    "https://0x7f.1/",
  ])("refuses an https webhook to the internal address of %s outside the embedded default, naming the setting", (url) => {
    const hooks = { ...base, notifications: { webhooks: [{ url }] } };
    expect(() => parseFlowRequest(hooks, rules)).toThrow(/notifications\.webhooks\[0\]\.url\. .* address \(.*\), inside the service's own network: .*WEBHOOK_ALLOWED_HOSTS/);
    expect(() => parseFlowRequest(hooks, { ...rules, webhooksUnrestricted: true })).not.toThrow();
  });

  it("takes an internal address whose host WEBHOOK_ALLOWED_HOSTS lists, and public ones", () => {
    const hooks = (url: string) => ({ ...base, notifications: { webhooks: [{ url }] } });
    expect(() => parseFlowRequest(hooks("https://10.1.2.3/hook"), { ...rules, webhookAllowedHosts: ["10.1.2.3"] })).not.toThrow();
    expect(() => parseFlowRequest(hooks("https://[fd00::7]:8443/hook"), { ...rules, webhookAllowedHosts: ["fd00::7"] })).not.toThrow();
    expect(() => parseFlowRequest(hooks("https://10.1.2.3/hook"), { ...rules, webhookAllowedHosts: ["https://10.1.2.3"] })).not.toThrow();
    for (const url of ["https://8.8.8.8/", "https://172.32.0.1/", "https://[2001:4860::8888]/"]) expect(codeOf(hooks(url))).toBe("ok");
  });

  it("refuses a startTime too far in the past, saying how far back it may lie and what time it is now", () => {
    const now = NOW / 1000;
    const earliest = now - rules.startTimeToleranceSeconds;
    const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
    expect(() => parseFlowRequest(schedule({ startTime: now - 2 * 86_400 }), rules)).toThrow(
      `it may lie at most ${rules.startTimeToleranceSeconds} seconds before now, so from ${earliest} (${iso(earliest)}); the current time is ${now} (${iso(now)}), both in epoch seconds`,
    );
    expect(codeOf(schedule({ startTime: earliest }))).toBe("ok");
  });

  it("refuses a startTime written as a date, giving it in epoch seconds", () => {
    const text = new Date(NOW).toISOString();
    expect(codeOf(schedule({ startTime: text }))).toBe("1312-400");
    expect(() => parseFlowRequest(schedule({ startTime: text }), rules)).toThrow(`an integer of epoch seconds is expected, not a date text: ${text} is ${NOW / 1000} in epoch seconds`);
    expect(() => parseFlowRequest(schedule({ startTime: "soon" }), rules)).toThrow("an integer of epoch seconds is expected, as ");
  });

  it("refuses a startTime in epoch milliseconds, saying to send seconds", () => {
    expect(codeOf(schedule({ startTime: String(NOW) }))).toBe("1312-400");
    expect(() => parseFlowRequest(schedule({ startTime: NOW }), rules)).toThrow(`send ${NOW / 1000}`);
    const onceAtTheEnd = { ...schedule({ startTime: 253_402_300_799, frequency: "once", interval: undefined, backfill: undefined }), transformations: [] };
    expect(parseFlowRequest(onceAtTheEnd, rules).schedule.startTime).toBe(253_402_300_799);
  });

  /** the refusal's message, which must say what was sent and what to send */
  function messageOf(body: unknown): string {
    try {
      parseFlowRequest(body, rules);
    } catch (error) {
      if (error instanceof ApiError) return `${error.code}-${error.status} ${error.message}`;
      throw error;
    }
    return "ok";
  }

  it("shows a value of the wrong type as JSON, never as [object Object] or nothing", () => {
    expect(messageOf(schedule({ startTime: { at: 1 } }))).toContain('value {"at":1} is not a valid input for property=scheduleParams.startTime');
    expect(messageOf(schedule({ startTime: "" }))).toContain('value "" is not a valid input for property=scheduleParams.startTime');
    expect(messageOf(schedule({ interval: { every: 15 } }))).toContain('Interval {"every":15} is not allowed with frequency: minute');
    expect(messageOf(schedule({ interval: "" }))).toContain('Interval "" is not allowed');
    expect(messageOf(schedule({ frequency: {} }))).toContain("The provided frequency : {} is invalid");
    expect(messageOf(schedule({ backfill: { on: true } }))).toContain('value {"on":true} is not a valid input for property=scheduleParams.backfill');
    expect(messageOf({ ...base, options: { errorDiagnosticsEnabled: "" } })).toContain('value "" is not a valid input for property=options.errorDiagnosticsEnabled');
    const zone = { ...base, transformations: [{ name: "Copy", params: { deltaColumn: { name: "updated_at", timezone: "" } } }, base.transformations[1]] };
    expect(messageOf(zone)).toContain('value "" is not a valid input for property=transformations[Copy].params.deltaColumn.timezone');
  });

  it("names the frequencies there are when the one sent is not one of them", () => {
    expect(messageOf(schedule({ frequency: "month" }))).toContain("Please provide a valid frequency and try again: once, minute, hour, day, week.");
  });

  it("says a transformation without a name lacks its name, not that undefined is no transformation", () => {
    const message = messageOf({ ...base, transformations: [{ params: { mappingId: "0b090130b58b4819afc78b6dc98b484d" } }] });
    expect(message).toMatch(/^1304-400 /);
    expect(message).toContain("transformations[0].name");
    expect(message).not.toContain("undefined");
  });

  it("refuses a description that is not a string, as a connection's is, rather than storing it", () => {
    for (const description of [42, { text: "x" }, ["x"], true]) {
      const message = messageOf({ ...base, description });
      expect(message).toMatch(/^1312-400 /);
      expect(message).toContain("property=description. It must be a string");
    }
    expect(parseFlowRequest({ ...base, description: "d" }, rules).description).toBe("d");
  });

  it("reads options.partialIngestionPercent only from a number or its text, never true as 1 or [5] as 5", () => {
    const options = (partialIngestionPercent: unknown) => ({ ...base, options: { partialIngestionPercent } });
    for (const value of [true, [5], "", " "]) {
      const message = messageOf(options(value));
      expect(message).toMatch(/^1312-400 /);
      expect(message).toContain(`value ${JSON.stringify(value)} is not a valid input for property=options.partialIngestionPercent`);
    }
    expect(parseFlowRequest(options(5), rules).partialIngestionPercent).toBe(5);
    expect(parseFlowRequest(options("2.5"), rules).partialIngestionPercent).toBe(2.5);
  });

  it("names a wrong mappingVersion by its whole path, as its mappingId is named", () => {
    const mapping = { name: "Mapping", params: { mappingId: "0b090130b58b4819afc78b6dc98b484d", mappingVersion: "latest" } };
    expect(messageOf({ ...base, transformations: [base.transformations[0], mapping] })).toContain("property=transformations[Mapping].params.mappingVersion.");
  });

  it("names the flow spec a Databricks dataflow takes when another is sent", () => {
    expect(messageOf({ ...base, flowSpec: { id: "nope", version: "1.0" } })).toContain("send flowSpec.id 14518937-270c-4525-bdec-c2ba7cce3860, the CRMToAEP flow spec");
  });

  it("shows an empty webhook url as \"\", not as nothing", () => {
    expect(messageOf({ ...base, notifications: { webhooks: [{ url: "" }] } })).toContain('value "" is not a valid input for property=notifications.webhooks[0].url');
  });
});
