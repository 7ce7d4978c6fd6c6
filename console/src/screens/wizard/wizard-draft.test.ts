import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ExactNumber } from "../../api/lossless-json";
import { loadWizardDraft, saveWizardDraft } from "./wizard-draft";

const session = { token: "t", clientId: "c", org: "o@AdobeOrg", sandbox: "prod" };

describe("the wizard's draft kept for the tab's session", () => {
  beforeEach(() => {
    const kept = new Map<string, string>();
    vi.stubGlobal("sessionStorage", { getItem: (key: string) => kept.get(key) ?? null, setItem: (key: string, value: string) => void kept.set(key, value), removeItem: (key: string) => void kept.delete(key) });
  });
  afterEach(() => vi.unstubAllGlobals());

  it("reads back every exact number as the ExactNumber it was: the sample rows' values and a new schema's field bounds", () => {
    const bound = new ExactNumber("-9007199254740992");
    const columnFields = { _tenant: { type: "object", properties: { id: { title: "id", type: "integer", minimum: bound, maximum: new ExactNumber("9007199254740992") } } } };
    const state = {
      table: "demo.t",
      preview: { schema: { columns: [{ name: "id", type: "bigint" }] }, data: [{ id: new ExactNumber("1.50"), big: "9007199254740993" }] },
      dataset: { kind: "new-schema" as const, flowName: "f", name: "n", classId: "c", classTitle: "C", fieldGroups: [], columnFields },
      schedule: { frequency: "minute" as const, interval: 15, startTime: 1_700_000_000 },
    };
    saveWizardDraft(session, { state: state as never, drafts: {}, made: {} });
    const loaded = loadWizardDraft(session)!;
    expect(loaded.state).toEqual(state);
    const fields = (loaded.state.dataset as typeof state.dataset).columnFields._tenant.properties.id;
    expect(fields.minimum).toBeInstanceOf(ExactNumber);
    expect(fields.minimum.text).toBe("-9007199254740992");
    expect((loaded.state.preview!.data![0].id as ExactNumber).text).toBe("1.50");
    expect(loaded.state.schedule!.interval).toBe(15);
  });
});
