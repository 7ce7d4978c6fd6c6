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

  it("retries a server error and an unreachable server", () => {
    for (const error of [new SharingApiError(503, undefined, "busy", "query"), new SharingUnreachableError("no answer")]) {
      expect(sharingFailure(error, inputs)).toMatchObject({ code: "CONNECTOR-2001-500", retryable: true });
    }
  });
});
