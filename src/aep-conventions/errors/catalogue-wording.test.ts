/**
 * Every message of the catalogue fits a self-hosted service: none sends the user to Adobe's customer
 * support or documentation, names a CRM connector, or keeps AEP's "frequency is set to one" typo.
 */
import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error.js";
import { Errors, RunErrors } from "./catalogue.js";

const DOES_NOT_FIT = /customer support|contact support|adobe|documentation|\bCRM|set to one\b/i;

/** Arguments a constructor takes: strings, else numbers, else lists of strings, else lists of errors, else the object dataSetInUse takes. */
const CANDIDATE_ARGUMENTS = (count: number): unknown[][] => [
  Array(count).fill("x"),
  Array(count).fill(1),
  Array(count).fill(["x"]),
  Array(count).fill([Errors.bodyEmpty()]),
  ["x", { targetConnections: ["x"], flows: ["x"] }],
];

function messageOf(name: string, construct: (...args: any[]) => unknown): string {
  for (const args of CANDIDATE_ARGUMENTS(Math.max(construct.length, 1))) {
    try {
      const made = construct(...args);
      if (made instanceof ApiError || made instanceof Error) return made.message;
      return JSON.stringify(made);
    } catch {
      // not these arguments: try the next kind
    }
  }
  throw new Error(`no placeholder arguments build ${name}: teach CANDIDATE_ARGUMENTS its parameters`);
}

describe("the catalogue's wording", () => {
  const constructors = [...Object.entries(Errors), ...Object.entries(RunErrors)] as Array<[string, (...args: any[]) => unknown]>;

  it.each(constructors)("%s says what to do here", (name, construct) => {
    expect(messageOf(name, construct)).not.toMatch(DOES_NOT_FIT);
  });

  it("says why a successful run cannot be re-triggered, spells once, and names the x-api-key header", () => {
    expect(Errors.runStateNotRetriggerable("r1", "success", "f1", false).message).toContain("cannot be re-triggered because it succeeded");
    // what reads new rows depends on the flow: a run of a once flow, the current window of a recurring one (a bare run of it is refused)
    expect(Errors.runStateNotRetriggerable("r1", "success", "f1", false).message).toContain('create a run: POST /runs with {"flowId": "f1"}');
    expect(Errors.runStateNotRetriggerable("r1", "success", "f1", true).message).toContain('POST /runs with {"flowId": "f1", "params": {"runNow": true}}');
    expect(Errors.flowNotEnabledForRetrigger("f1", "disabled").message).toContain("enable it (POST /flows/f1/action?op=enable) and try again");
    expect(Errors.backfillWithOnce().message).toContain("when frequency is set to once");
    expect(Errors.apiKeyMissing().message).toContain("x-api-key header");
  });
});
