/** The console's way out of each run error that a resync mends: the button, and what the resync will do for that error. */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Session } from "../../api/session";
import { RunErrorFix } from "./RunErrorFix";

const render = (code: string) =>
  renderToStaticMarkup(createElement(RunErrorFix, { error: { code, message: "the service's message" }, context: { session: {} as Session, flowId: "f", onConnectionRenewed: () => undefined } }));

describe("a run error's fix in Monitoring", () => {
  it.each([
    ["CONNECTOR-2002-400", /reads the whole table again, as upserts/],
    ["CONNECTOR-2015-400", /starts over on the new table/],
    ["CONNECTOR-2016-400", /rows the restore brought back are not ingested twice/],
  ])("%s: a Resync button and what the resync does", (code, what) => {
    const html = render(code);
    expect(html).toContain(`aria-label="What to do about ${code}"`);
    expect(html).toContain(">Resync the dataflow</button>");
    expect(html).toMatch(what);
  });

  it("asks for a Re-trigger after a mapping fix only where the run failed, not where it committed what it could", () => {
    const context = (committed: boolean) => ({ session: {} as Session, flowId: "f", onConnectionRenewed: () => undefined, committed });
    const fix = (committed: boolean) => renderToStaticMarkup(createElement(RunErrorFix, { error: { code: "MAPPER-3700-400", message: "m" }, context: context(committed) }));
    expect(fix(false)).toContain("Re-trigger run");
    expect(fix(true)).not.toContain("Re-trigger");
    expect(fix(true)).toContain("a later run that reads them again ingests them");
  });

  it("CONNECTOR-2012-400: a table or column to bring back, and for a table created again under its name the Resync button, never another dataflow", () => {
    const html = render("CONNECTOR-2012-400");
    expect(html).toContain("A table created again under its name is another table: resync the dataflow first.");
    expect(html).toContain(">Resync the dataflow</button>");
    expect(html).toContain("edit this dataflow&#x27;s mapping</a> without it");
    expect(html).not.toContain("another dataflow");
  });

  it("offers nothing for an error it has no fix for", () => {
    expect(render("CONNECTOR-2001-500")).toBe("");
  });
});
