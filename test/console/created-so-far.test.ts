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

  it("changes an earlier object in place when told how, instead of making a second one", async () => {
    const made: CreatedSoFar = {};
    const changed: string[] = [];
    const create = async () => "schema-1";
    const update = async (id: string) => void changed.push(id);
    expect(await reuseOrCreate(made, "schemaId", ["Orders schema", ["profile"]], create, update)).toEqual({ id: "schema-1", reused: false });
    expect(changed).toEqual([]); // nothing earlier to change
    expect(await reuseOrCreate(made, "schemaId", ["Orders schema", ["profile", "demographic"]], async () => "schema-2", update)).toEqual({ id: "schema-1", reused: false, updated: true });
    expect(changed).toEqual(["schema-1"]);
    expect(await reuseOrCreate(made, "schemaId", ["Orders schema", ["profile", "demographic"]], async () => "schema-3", update)).toEqual({ id: "schema-1", reused: true });
  });

  it("keeps the earlier answers when changing the object fails, so the next Finish tries again", async () => {
    const made: CreatedSoFar = {};
    await reuseOrCreate(made, "schemaId", ["a"], async () => "schema-1");
    await expect(reuseOrCreate(made, "schemaId", ["b"], async () => "schema-2", async () => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    expect(made.schemaId).toEqual({ id: "schema-1", from: JSON.stringify(["a"]) });
  });
});
