/** The wizard's Finish after a failure: what an earlier Finish made from the same answers is reused, the rest made. */
import { describe, expect, it } from "vitest";
import { type CreatedSoFar, reuseOrCreate } from "../../console/src/screens/wizard/created-so-far.js";

describe("what a Finish created, reused by the next Finish", () => {
  it("creates an object once for the same answers, and anew when they changed", async () => {
    const made: CreatedSoFar = {};
    let n = 0;
    const create = async () => `schema-${++n}`;
    expect(await reuseOrCreate(made, "schemaId", ["Orders schema", "profile"], create)).toEqual({ id: "schema-1", reused: false });
    expect(await reuseOrCreate(made, "schemaId", ["Orders schema", "profile"], create)).toEqual({ id: "schema-1", reused: true });
    expect(await reuseOrCreate(made, "schemaId", ["Orders schema", "experienceevent"], create)).toEqual({ id: "schema-2", reused: false });
    expect(n).toBe(2);
  });

  it("keeps what was made before a failure, and makes the failed object on the next try", async () => {
    const made: CreatedSoFar = {};
    await reuseOrCreate(made, "dataSetId", ["Orders"], async () => "dataset-1");
    await expect(reuseOrCreate(made, "mappingId", ["m"], async () => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    expect(made.mappingId).toBeUndefined();
    expect(await reuseOrCreate(made, "dataSetId", ["Orders"], async () => "dataset-2")).toEqual({ id: "dataset-1", reused: true });
    expect(await reuseOrCreate(made, "mappingId", ["m"], async () => "mapping-1")).toEqual({ id: "mapping-1", reused: false });
  });
});
