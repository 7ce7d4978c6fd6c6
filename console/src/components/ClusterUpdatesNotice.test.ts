/** What the console says the service did with the staging SAS on each cluster, after a refresh or a create or renewal that pushed it. */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ClusterUpdate } from "../api/flowservice";
import { ClusterUpdatesNotice } from "./ClusterUpdatesNotice";

const render = (updates: ClusterUpdate[], after: "refresh" | "opt-in") => renderToStaticMarkup(createElement(ClusterUpdatesNotice, { updates, after }));
const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'");

const updated: ClusterUpdate = { clusterId: "c-1", status: "updated", message: "the current SAS is in cluster c-1's Spark config (it was RUNNING: it restarts to use it)" };
const unchanged: ClusterUpdate = { clusterId: "c-2", status: "unchanged", message: "cluster c-2's Spark config already holds the current SAS: it was left as it is (no restart)" };
const failed: ClusterUpdate = { clusterId: "c-3", status: "failed", message: "the current SAS could not be put into cluster c-3's Spark config: the token may not edit it" };

describe("the notice of what the service did with the staging SAS", () => {
  it("after a create or renewal: the clusters it updated or found holding the SAS are done, one it could not update needs the line by hand, and no new credentials are announced", () => {
    const html = render([updated, unchanged, failed], "opt-in");
    expect(text(html)).toContain(`Done for you (the connection asks for it): ${updated.message}; ${unchanged.message}. A restarting cluster takes a few minutes: test the connection once it is RUNNING again.`);
    expect(text(html)).toContain(`Not done: ${failed.message}. Put the Spark config line into that cluster by hand, then restart it.`);
    expect(html).toContain('<a href="#/landing-zone">the Spark config line</a>');
    expect(text(html)).not.toContain("New credentials issued");
  });

  it("after a create that found the SAS already there: nothing restarts, so nothing to wait for", () => {
    expect(text(render([unchanged], "opt-in"))).toBe(`Done for you (the connection asks for it): ${unchanged.message}.`);
  });

  it("after a refresh: new credentials, and every other cluster needs the new line", () => {
    const refreshed = { ...updated, message: "the new SAS is in cluster c-1's Spark config (it was RUNNING: it restarts to use it)" };
    const html = text(render([refreshed], "refresh"));
    expect(html).toContain("New credentials issued. Put the new line into any other cluster that stages here");
    expect(html).toContain(`Done for you (the connection asks for it): ${refreshed.message}.`);
    expect(html).not.toContain("test the connection once");
    expect(text(render([], "refresh"))).toBe("New credentials issued. Put the new line into every cluster that stages here, then restart the cluster.");
  });
});
