import { describe, expect, it } from "vitest";
import type { ChangeFile, SharedFile } from "../delta-sharing/index.js";
import { RunFailure } from "../aep-conventions/errors/catalogue.js";
import type { RunInputs } from "./run-inputs.js";
import { refuseRestoredFiles, restoresOfFiles } from "./sharing-restored-files.js";

const file = (id: string): SharedFile => ({ id, url: `https://files/${id}`, partitionValues: {}, size: 1 });
const change = (kind: "add" | "remove", id: string, version: number): ChangeFile => ({ ...file(id), kind, version, timestamp: version * 1000 });

describe("the files a restore brought back into a window's late rows (Delta Sharing)", () => {
  // version 5 is the one the flow last ingested
  const since = 5;

  it("finds a late file the table had at or before that version, by the version that added it again", () => {
    const history = [change("add", "a", 1), change("add", "b", 3), change("remove", "a", 3), change("add", "a", 7), change("add", "new", 7), change("add", "c", 8)];
    expect(restoresOfFiles(history, [file("a"), file("new"), file("c")], since)).toEqual([{ version: 7, restored: undefined }]);
  });

  it("finds a file whose only earlier trace is its removal (added by a commit that changed no data, as OPTIMIZE)", () => {
    const history = [change("remove", "compacted", 4), change("add", "compacted", 9)];
    expect(restoresOfFiles(history, [file("compacted")], since)).toEqual([{ version: 9, restored: undefined }]);
  });

  it("finds nothing when the late files were all written after that version, a restore to a later version among them", () => {
    const history = [change("add", "a", 1), change("add", "b", 6), change("remove", "b", 7), change("add", "b", 8)];
    expect(restoresOfFiles(history, [file("b")], since)).toEqual([]);
  });

  it("names every restore once, in version order", () => {
    const history = [change("add", "a", 1), change("add", "b", 2), change("remove", "a", 4), change("remove", "b", 5), change("add", "b", 9), change("add", "a", 6)];
    expect(restoresOfFiles(history, [file("a"), file("b")], since)).toEqual([
      { version: 6, restored: undefined },
      { version: 9, restored: undefined },
    ]);
  });

  it("fails the run, not retried, with the cluster's code and the resync", () => {
    const inputs = { flow: { id: "flow-1" }, source: { tableName: "share.schema.orders" } } as unknown as RunInputs;
    let failure: unknown;
    try {
      refuseRestoredFiles(inputs, [change("add", "a", 1), change("remove", "a", 4), change("add", "a", 6)], [file("a")], since);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(RunFailure);
    expect(failure).toMatchObject({ code: "CONNECTOR-2016-400", retryable: false });
    expect((failure as Error).message).toContain("share.schema.orders was restored since flow flow-1 last ingested it at version 5: version 6 restored it to an earlier version");
    expect((failure as Error).message).toContain("POST /data/foundation/flowservice/flows/flow-1/action?op=resync");
  });
});
