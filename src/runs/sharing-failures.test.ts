import { describe, expect, it } from "vitest";
import { RunFailure } from "../aep-conventions/errors/catalogue.js";
import { SharingApiError, SharingUnreachableError } from "../delta-sharing/index.js";
import type { RunInputs } from "./run-inputs.js";
import { sharingFailure } from "./sharing-failures.js";

const inputs = { connection: { id: "c1", domain: "https://sharing.example.com" }, source: { tableName: "s.d.t" }, flow: { id: "f1" } } as unknown as RunInputs;

describe("a Delta Sharing failure as a run's", () => {
  it("fails at once, not retried, on an answer the service cannot use: a retry would get the same answer", () => {
    const unusable = sharingFailure(new SharingApiError(200, undefined, "file f1 of the answer is not a Parquet file", "query"), inputs);
    expect(unusable).toBeInstanceOf(RunFailure);
    expect(unusable).toMatchObject({ code: "CONNECTOR-2011-400", retryable: false });
    expect((unusable as RunFailure).message).toContain("not a Parquet file");
  });

  it("answers a change read whose change files VACUUM deleted with the change-feed gap, naming the resync", () => {
    const detail = "[DELTA_CHANGE_DATA_FILE_NOT_FOUND] File _change_data/cdc-00000.c000.snappy.parquet referenced in the transaction log cannot be found.";
    const gap = sharingFailure(new SharingApiError(400, "INVALID_PARAMETER_VALUE", detail, "query changes"), inputs, { from: 3, to: 5 });
    expect(gap).toMatchObject({ code: "CONNECTOR-2002-400", retryable: false });
    expect((gap as RunFailure).message).toContain("versions 3 to 5");
    expect((gap as RunFailure).message).toContain("/flows/f1/action?op=resync");
  });

  it("retries a server error and an unreachable server", () => {
    for (const error of [new SharingApiError(503, undefined, "busy", "query"), new SharingUnreachableError("no answer")]) {
      expect(sharingFailure(error, inputs)).toMatchObject({ code: "CONNECTOR-2001-500", retryable: true });
    }
  });
});
